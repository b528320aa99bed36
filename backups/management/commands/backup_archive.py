from django.core.management.base import BaseCommand, CommandError

from agenda.commands import add_office_argument, office_from
from backups.archive import BackupError, write_archive


class Command(BaseCommand):
    help = (
        "Write every plan, revision (signed PDFs included), change list, agency, register entry, the offices, "
        "signer profiles, users and uploaded files to one zip archive, with a SHA-256 for each member; "
        "with --office, one office's rows and files and the users they name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.zip)")
        add_office_argument(parser)

    def handle(self, *args, **options):
        office = office_from(options) if options.get("office") else None
        try:
            manifest = write_archive(options["file"], office=office)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"{options['file']}: {office.slug + ': ' if office else ''}"
            f"{counts.get('agenda.monthlyplan', 0)} plans, {len(manifest['revisions'])} revisions, "
            f"{counts.get('agenda.agency', 0)} agencies, {counts.get('issuing.registerentry', 0)} register entries, "
            f"{len(manifest['members'])} members"
        )

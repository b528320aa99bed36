from django.core.management.base import BaseCommand, CommandError

from agenda.commands import add_office_argument, office_from
from backups import places
from backups.archive import BackupError, write_archive


class Command(BaseCommand):
    help = (
        "Write every plan, revision (signed PDFs included), change list, agency, register entry, the offices, "
        "signer profiles, users and uploaded files to one zip archive, with a SHA-256 for each member; "
        "with --office, one office's rows and files and the users they name."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.zip): a path, or s3://bucket/key.zip")
        parser.add_argument(
            "--storage",
            action="store_true",
            help="FILE is a name in the app's file storage (the bucket when S3_BUCKET is set), not a path",
        )
        add_office_argument(parser)

    def handle(self, *args, **options):
        office = office_from(options) if options.get("office") else None
        try:
            written, manifest = places.write(
                options["file"], lambda target: write_archive(target, office=office), in_storage=options["storage"]
            )
        except (BackupError, places.PlaceError) as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"{written}: {office.slug + ': ' if office else ''}"
            f"{counts.get('agenda.monthlyplan', 0)} plans, {len(manifest['revisions'])} revisions, "
            f"{counts.get('agenda.agency', 0)} agencies, {counts.get('issuing.registerentry', 0)} register entries, "
            f"{len(manifest['members'])} members"
        )

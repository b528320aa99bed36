from django.core.management.base import BaseCommand

from backups.archive import write_archive


class Command(BaseCommand):
    help = (
        "Write every plan, revision (signed PDFs included), change list, agency, register entry, the Office, "
        "signer profiles, users and uploaded files to one zip archive, with a SHA-256 for each member."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.zip)")

    def handle(self, *args, **options):
        manifest = write_archive(options["file"])
        counts = manifest["counts"]
        self.stdout.write(
            f"{options['file']}: {counts.get('agenda.monthlyplan', 0)} plans, {len(manifest['revisions'])} revisions, "
            f"{counts.get('agenda.agency', 0)} agencies, {counts.get('issuing.registerentry', 0)} register entries, "
            f"{len(manifest['members'])} members"
        )

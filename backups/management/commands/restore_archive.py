from django.core.management.base import BaseCommand, CommandError

from backups import places
from backups.archive import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Load an archive written by backup_archive into an empty, migrated database (a non-empty one is "
        "refused); every member and every signed PDF is checked against its SHA-256 before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to read (.zip): a path, or s3://bucket/key.zip")
        parser.add_argument(
            "--storage",
            action="store_true",
            help="FILE is a name in the app's file storage (the bucket when S3_BUCKET is set), not a path",
        )

    def handle(self, *args, **options):
        try:
            with places.readable(options["file"], in_storage=options["storage"]) as source:
                counts = restore_archive(source)
        except (BackupError, places.PlaceError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {counts.get('agenda.monthlyplan', 0)} plans, {counts.get('issuing.revision', 0)} revisions, "
            f"{counts.get('agenda.agency', 0)} agencies, {counts.get('issuing.registerentry', 0)} register entries"
        )

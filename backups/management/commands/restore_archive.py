from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Load an archive written by backup_archive into an empty, migrated database (a non-empty one is "
        "refused); every member and every signed PDF is checked against its SHA-256 before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to read (.zip)")

    def handle(self, *args, **options):
        try:
            counts = restore_archive(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {counts.get('agenda.monthlyplan', 0)} plans, {counts.get('issuing.revision', 0)} revisions, "
            f"{counts.get('agenda.agency', 0)} agencies, {counts.get('issuing.registerentry', 0)} register entries"
        )

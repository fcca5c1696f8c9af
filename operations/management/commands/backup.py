"""`manage.py backup`: a consistent backup of the database and the uploaded media."""

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from operations.backup import BackupError, create_backup, media_names


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: online backup) and every "
        "uploaded media file into a new folder with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(settings.BASE_DIR / "backups"),
                            help="Folder in which the backup folder is created (default: ./backups).")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be backed up; write nothing.")

    def handle(self, *args, output, dry_run, **options):
        if dry_run:
            count = len(media_names(default_storage))
            self.stdout.write(f"Uji coba: akan mencadangkan basis data {connection.vendor} "
                              f"{connection.settings_dict['NAME']} dan {count} berkas media ke {output}.")
            return
        try:
            target = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Cadangan ditulis ke {target}"))

"""`manage.py restore PATH`: bring back the database and media of a backup made by `backup`."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder written by `manage.py backup`: replaces the database content "
        "(PostgreSQL: pg_restore --clean --if-exists in one transaction) and writes back every media "
        "file. Every checksum is verified first. Stop the web processes before restoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup folder (the one holding manifest.json).")
        parser.add_argument("--dry-run", action="store_true", help="Verify the backup and say what would happen.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="Do not ask for confirmation.")

    def handle(self, *args, path, dry_run, interactive, **options):
        try:
            manifest = read_manifest(path)
            summary = (f"cadangan {manifest['created_at']}: basis data {manifest['engine']} dan "
                       f"{len(manifest['media'])} berkas media, semua checksum cocok")
            if dry_run:
                self.stdout.write(f"Uji coba: akan memulihkan {summary}. Tidak ada yang diubah.")
                return
            if interactive and input(f"Data sekarang akan diganti dengan {summary}. Ketik 'ya': ") != "ya":
                raise CommandError("Pemulihan dibatalkan; tidak ada yang diubah.")
            restored, unchanged = restore_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Basis data dipulihkan, {restored} berkas media ditulis kembali ({unchanged} sudah sama)."))

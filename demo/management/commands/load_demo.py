"""Load the demo data: accounts, the five real stories' innovations, awards and articles."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo import accounts, articles, awards, innovations

# Each step is a module with `load(stdout) -> int` (rows written); they run in this order.
STEPS = [accounts, innovations, awards, articles]


class Command(BaseCommand):
    help = (
        "Muat data contoh (akun demo, inovasi, penghargaan, artikel dari seed_facts.json). "
        "Idempoten; ditolak bila DJANGO_ENV=production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Jalankan tanpa menyimpan.")

    def handle(self, *args, dry_run=False, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo menolak berjalan dengan DJANGO_ENV=production: akun demo tidak boleh ada.")
        written = 0
        with transaction.atomic():
            for step in STEPS:
                written += step.load(self.stdout)
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(self.style.SUCCESS(
            f"Data contoh: {written} baris ditulis." if written else "Data contoh sudah lengkap: tidak ada perubahan."
        ))

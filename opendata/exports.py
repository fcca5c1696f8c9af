"""Streaming CSV and JSON writers of published innovations and the region counts.

Rows are read in keyset batches over the primary key (`id > last ORDER BY id LIMIT 1000`) with the
related rows prefetched per batch, so memory stays flat whatever the number of entries and every
batch costs the same fixed number of queries. Exports are therefore ordered by id, whatever `urut`
the list was sorted by.
"""

import csv
import json

from django.db.models import Count, Prefetch
from django.utils import timezone

from innovations.models import Innovation, ProgressUpdate
from opendata.fields import FIELD_NAMES, FIELDS, ExportContext, record

BATCH_SIZE = 1000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"


def with_related(queryset):
    """Everything the field getters read, fetched once per batch (one query per relation)."""
    return queryset.select_related("provinsi", "kabupaten", "kecamatan", "theme").prefetch_related(
        "desa",
        Prefetch("award_results", queryset=_award_results()),
        "indicators__values",
        "photos",
        "documents",
        Prefetch("progress_updates", to_attr="public_progress",
                 queryset=ProgressUpdate.objects.filter(status=ProgressUpdate.Status.APPROVED)),
        # Only sources the public may see: a draft it was adapted from must not leak.
        Prefetch("adapted_from", to_attr="public_sources",
                 queryset=Innovation.objects.published().only("id", "slug").order_by("id")),
    )


def _award_results():
    from awards.models import Result

    return Result.objects.select_related("category__competition").order_by(
        "-category__competition__year", "rank", "id")


def batches(queryset, batch_size=None):
    """Lists of at most `batch_size` innovations of `queryset`, in id order, with related rows attached."""
    batch_size = batch_size or BATCH_SIZE
    ordered = with_related(queryset.order_by("pk"))
    last = 0
    while True:
        batch = list(ordered.filter(pk__gt=last)[:batch_size])
        if batch:
            yield batch
        if len(batch) < batch_size:
            return
        last = batch[-1].pk


def neutralise(text):
    """Prefix a cell a spreadsheet would run as a formula with ' so that it shows as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return neutralise(value)
    return value


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_rows(header, rows):
    """CSV text in chunks: a BOM (so spreadsheets read UTF-8), the header, then one chunk per batch of rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for chunk in rows:
        yield "".join(writer.writerow([csv_cell(value) for value in row]) for row in chunk)


def innovation_csv(queryset):
    context = ExportContext()
    rows = ([[f.get(innovation, context) for f in FIELDS] for innovation in batch] for batch in batches(queryset))
    return csv_rows(FIELD_NAMES, rows)


def _json_default(value):
    # Lazy translation strings (labels) are the only non-JSON values the getters return.
    return str(value)


def innovation_json(queryset, filters, documentation_url, schema_url):
    """A JSON object streamed in chunks: {"meta": {...}, "data": [records...], "jumlah": n}."""
    context = ExportContext()
    meta = {
        "judul": "Inovasi kecamatan terbit, Portal Inovasi Kecamatan",
        "sumber": context.site_url,
        "lisensi": LICENCE,
        "lisensi_url": LICENCE_URL,
        "dokumentasi": documentation_url,
        "skema": schema_url,
        "dibuat_pada": timezone.now().isoformat(),
        "filter": filters,
        "urutan": "id",
    }
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False) + ',\n"data": ['
    count = 0
    for batch in batches(queryset):
        records = [json.dumps(record(i, context), ensure_ascii=False, default=_json_default) for i in batch]
        yield ("," if count else "") + "\n" + ",\n".join(records)
        count += len(batch)
    yield f'\n],\n"jumlah": {count}}}\n'


WILAYAH_HEADER = ["tingkat", "kode", "nama", "kode_induk", "jumlah_inovasi"]


def region_counts():
    """Rows of WILAYAH_HEADER: every provinsi, kabupaten/kota and kecamatan with published innovations.

    Three GROUP BY queries whatever the data size; rows come sorted by code so that a kecamatan
    follows its kabupaten and its provinsi.
    """
    published = Innovation.objects.published().order_by()
    levels = (
        ("provinsi", "provinsi_id", "provinsi__name", None),
        ("kabupaten", "kabupaten_id", "kabupaten__name", "provinsi_id"),
        ("kecamatan", "kecamatan_id", "kecamatan__name", "kabupaten_id"),
    )
    rows = []
    for level, code, name, parent in levels:
        columns = [code, name] + ([parent] if parent else [])
        for row in published.values(*columns).annotate(n=Count("id")):
            rows.append([level, row[code], row[name], row[parent] if parent else "", row["n"]])
    rows.sort(key=lambda row: row[1])
    return rows


def region_csv():
    return csv_rows(WILAYAH_HEADER, [region_counts()])

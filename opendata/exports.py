"""Streaming CSV and JSON writers of published innovations and the region counts.

Rows are read as plain values in batches of 1000 ids (the ordered ids come from one cursor read in
chunks), with the related rows of each batch read in one query per relation, so memory stays flat
whatever the number of entries and every batch costs the same fixed number of queries.
Exports are therefore ordered by id, whatever `urut` the list was sorted by.
"""

import csv
import json
from collections import defaultdict
from itertools import islice

from django.db.models import Count
from django.utils import timezone

from awards.models import Rank, Result
from innovations.models import Document, Indicator, IndicatorValue, Innovation, Photo, ProgressUpdate
from opendata.fields import FIELD_NAMES, FIELDS, ROW_COLUMNS, ExportContext, record

BATCH_SIZE = 1000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.id"


def _grouped(rows):
    """{innovation id: [values...]} from (innovation id, value) pairs, keeping their order."""
    groups = defaultdict(list)
    for innovation_id, value in rows:
        groups[innovation_id].append(value)
    return groups


def _number(value):
    """A Decimal as a JSON number: an integer when whole, else a float (two decimals at most)."""
    return int(value) if value == value.to_integral_value() else float(value)


def related_lists(ids, context):
    """The related rows of a batch as final JSON-ready lists, one query per relation, no model instances.

    Model instances and prefetch_related cost a queryset clone per row and relation; for an export
    of 100,000 entries plain value rows grouped here are several times faster.
    """
    desa = _grouped(
        ((i, {"kode": code, "nama": name}) for i, code, name in
         Innovation.desa.through.objects.filter(innovation_id__in=ids)
         .values_list("innovation_id", "desa_id", "desa__name").order_by("desa_id")))
    rank_labels = dict(Rank.choices)
    awards = _grouped(
        ((i, {"kompetisi": name, "penyelenggara": organizer, "tingkat": level, "tahun": year,
              "kategori": category, "peringkat": str(rank_labels.get(rank, rank)),
              "url": context.competition_url(slug)})
         for i, name, organizer, level, year, category, rank, slug in
         Result.objects.filter(innovation_id__in=ids).order_by("-category__competition__year", "rank", "id")
         .values_list("innovation_id", "category__competition__name", "category__competition__organizer",
                      "category__competition__level", "category__competition__year", "category__name", "rank",
                      "category__competition__slug")))
    values = _grouped(
        ((indicator_id, {"periode": period, "nilai": _number(value), "perkiraan": approximate})
         for indicator_id, period, value, approximate in
         IndicatorValue.objects.filter(indicator__innovation_id__in=ids).order_by("indicator_id", "period")
         .values_list("indicator_id", "period", "value", "approximate")))
    indicators = _grouped(
        ((i, {"nama": name, "satuan": unit, "makin_kecil_makin_baik": lower, "catatan": note,
              "nilai": values.get(pk, [])})
         for pk, i, name, unit, lower, note in
         Indicator.objects.filter(innovation_id__in=ids).order_by("innovation_id", "position", "id")
         .values_list("id", "innovation_id", "name", "unit", "lower_is_better", "note")))
    photo_storage = Photo._meta.get_field("image").storage
    photos = _grouped(
        ((i, {"url": context.absolute(photo_storage.url(name)), "keterangan": caption})
         for i, name, caption in Photo.objects.filter(innovation_id__in=ids).order_by("innovation_id", "position", "id")
         .values_list("innovation_id", "image", "caption")))
    document_storage = Document._meta.get_field("file").storage
    documents = _grouped(
        ((i, {"judul": title, "url": context.absolute(document_storage.url(name))})
         for i, title, name in Document.objects.filter(innovation_id__in=ids).order_by("innovation_id", "title", "id")
         .values_list("innovation_id", "title", "file")))
    progress = _grouped(
        ((i, {"tanggal": day.isoformat(), "teks": text})
         for i, day, text in ProgressUpdate.objects.approved().filter(innovation_id__in=ids)
         .order_by("innovation_id", "-date", "-id").values_list("innovation_id", "date", "text")))
    # Only sources the public may see: a draft it was adapted from must not leak.
    sources = _grouped(
        ((i, context.innovation_url(slug))
         for i, slug in Innovation.adapted_from.through.objects.filter(
             from_innovation_id__in=ids, to_innovation__status=Innovation.Status.PUBLISHED)
         .order_by("from_innovation_id", "to_innovation_id").values_list("from_innovation_id", "to_innovation__slug")))
    return {"desa": desa, "penghargaan": awards, "indikator": indicators, "foto": photos, "dokumen": documents,
            "perkembangan": progress, "diadaptasi_dari": sources}


def batches(queryset, context, batch_size=None):
    """Lists of at most `batch_size` export rows of `queryset` in id order: dicts of ROW_COLUMNS and related lists.

    The ids are read once, in order, through a cursor in chunks; each chunk's rows are then read by
    primary key. (A keyset query `id > last` per batch lets SQLite pick the status index and sort
    every published row again for each batch: quadratic at 100,000 entries.) One query for the ids,
    then nine per batch: the rows with regions and theme joined, and one per related list.
    """
    batch_size = batch_size or BATCH_SIZE
    ids = queryset.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=batch_size)
    while chunk := list(islice(ids, batch_size)):
        rows = list(Innovation.objects.filter(pk__in=chunk).order_by("pk").values(*ROW_COLUMNS))
        for name, groups in related_lists(chunk, context).items():
            for row in rows:
                row[name] = groups.get(row["id"], [])
        yield rows


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
    rows = ([[f.get(row, context) for f in FIELDS] for row in batch] for batch in batches(queryset, context))
    return csv_rows(FIELD_NAMES, rows)


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
    for batch in batches(queryset, context):
        records = [json.dumps(record(row, context), ensure_ascii=False) for row in batch]
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

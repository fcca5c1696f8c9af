"""Demo step: the two competitions of seed_facts.json (WIA 2025, SKK 2023) with all their results.

Facts (names, dates, regions, ranks, recipients) come from seed_facts.json; the descriptions
are the portal's own short Indonesian texts. SKK winners are linked to the innovations the
innovations step created (slug = seed key); a missing innovation leaves the result unlinked.
Idempotent: rows are matched by natural keys and written only when they differ.
"""

import datetime

from django.core.management.base import CommandError
from django.utils import translation

from awards.models import AssessmentStage, Category, Competition, Rank, Result
from demo.facts import seed_facts
from innovations.models import Innovation
from regions.models import get_region, parent_code

with translation.override(None):
    # The seed names ranks by their Indonesian labels, which are the untranslated msgids.
    RANKS = {str(label): value for value, label in Rank.choices}

DESCRIPTIONS = {
    "wia-2025": (
        "Penghargaan inovasi dari Pemerintah Kabupaten Wonogiri untuk kecamatan, desa/kelurahan dan unit "
        "pelayanan. Pada WIA 2025 penerima dari Kecamatan Jatipurno tercatat di ketiga kategori: kecamatan, "
        "desa/kelurahan, dan pelayanan kesehatan."
    ),
    "skk-2023": (
        "Penilaian kinerja kecamatan oleh Pemerintah Provinsi Jawa Timur melalui Biro Pemerintahan dan Otonomi "
        "Daerah. Tujuh kecamatan ditetapkan sebagai pemenang. Sumber tidak menyebut peringkat mereka, sehingga "
        "ketujuhnya dicatat sebagai \"Pemenang\". Para pemenang kemudian mendapat pembinaan lanjutan agar "
        "inovasinya berlanjut dan berkembang."
    ),
}

# The seed states stages in English notes; these are their Indonesian wordings, keyed by competition.
ASSESSMENT_TEXT = {
    "skk-2023": [{
        "name": "Uji lapangan oleh tim juri",
        "note": "Hari kedua kunjungan lapangan. Di Kecamatan Kawedanan juri menemukan tujuh praktik baik.",
    }],
}
FOLLOW_UP_NOTE = {
    "skk-2023": "Kunjungan pembinaan ke setiap pemenang untuk menyusun rencana agar inovasinya berkelanjutan "
                "dan terus dikembangkan.",
}


def sync(model, lookup, values):
    """Create or update one row matched by `lookup`; returns (row, 1 if written else 0).

    The row is validated with full_clean() (the model's own rules) before it is saved.
    """
    row = model.objects.filter(**lookup).first()
    if row is not None and all(getattr(row, name) == value for name, value in values.items()):
        return row, 0
    row = row or model(**lookup)
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row, 1


def sync_m2m(row, name, wanted):
    """Make the many-to-many `name` of `row` hold exactly `wanted`; 1 if it changed."""
    manager = getattr(row, name)
    wanted_pks = {obj.pk for obj in wanted}
    if set(manager.values_list("pk", flat=True)) == wanted_pks:
        return 0
    manager.set(list(wanted))
    return 1


def require_regions(codes):
    missing = sorted(code for code in set(codes) if get_region(code) is None)
    if missing:
        raise CommandError(
            "Wilayah berikut belum ada di basis data: " + ", ".join(missing)
            + ". Jalankan `manage.py import_regions` dulu."
        )


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def load(stdout):
    competitions = seed_facts()["competitions"]
    require_regions([c["organizer_region"] for c in competitions]
                    + [r["region"] for c in competitions for r in c["results"]]
                    + [s["region"] for c in competitions for s in c.get("assessment", [])])
    written = 0
    for fact in competitions:
        competition, n = sync(Competition, {"slug": fact["key"]}, {
            "name": fact["name"],
            "short_name": fact["short_name"],
            "organizer": fact["organizer"],
            "organizer_region_code": fact["organizer_region"],
            "level": fact["level"],
            "year": fact["year"],
            "ceremony_date": _date(fact.get("ceremony_date")),
            "description": DESCRIPTIONS[fact["key"]],
        })
        written += n
        categories = {}
        for position, name in enumerate(fact["categories"], start=1):
            categories[name], n = sync(Category, {"competition": competition, "name": name}, {"position": position})
            written += n
        for stage, text in zip(fact.get("assessment", []), ASSESSMENT_TEXT.get(fact["key"], []), strict=True):
            written += sync(AssessmentStage, {"competition": competition, "name": text["name"]}, {
                "kind": AssessmentStage.Kind.ASSESSMENT,
                "start_date": _date(stage["date"]),
                "end_date": None,
                "region_code": stage["region"],
                "conducted_by": "",
                "note": text["note"],
            })[1]
        follow_up = fact.get("follow_up")
        if follow_up:
            written += sync(AssessmentStage, {"competition": competition, "name": follow_up["name"]}, {
                "kind": AssessmentStage.Kind.FOLLOW_UP,
                "start_date": _date(follow_up["from"]),
                "end_date": _date(follow_up["to"]),
                "region_code": fact["organizer_region"],
                "conducted_by": "\n".join(follow_up["by"]),
                "note": FOLLOW_UP_NOTE[fact["key"]],
            })[1]
        for result in fact["results"]:
            written += _sync_result(categories[result["category"]], result)
    if written:
        stdout.write(f"Penghargaan demo: {written} baris ditulis.")
    return written


def _sync_result(category, fact):
    kind = fact["recipient_kind"]
    code = fact["region"]
    desa_code = code if kind == Result.RecipientKind.DESA else None
    kecamatan_code = parent_code(code) if desa_code else code
    innovation = None
    if fact.get("innovation"):
        # Created by the innovations step; without it the award still stands on its own.
        innovation = Innovation.objects.filter(slug=fact["innovation"]).first()
    lookup = {
        "category": category,
        "recipient_kind": kind,
        "kecamatan_id": kecamatan_code,
        "desa_id": desa_code,
        "unit_name": fact["recipient"] if kind == Result.RecipientKind.UNIT else "",
    }
    values = {"rank": RANKS[fact["rank"]]}
    if innovation is not None:
        values["innovation_id"] = innovation.pk
    return sync(Result, lookup, values)[1]

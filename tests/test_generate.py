"""generate_innovations: deterministic for a seed, clearly marked, inside real regions, dry-run writes nothing."""

import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from awards.models import Competition, Result
from innovations.models import Indicator, IndicatorValue, Innovation, Photo
from innovations.search import document_stems, parse_query, search
from innovations.uploads import rendition_name
from inovasi_portal.cache import GENERATION_KEY
from regions.models import Kecamatan

pytestmark = pytest.mark.django_db


def generate(count, seed, **options):
    out = io.StringIO()
    call_command("generate_innovations", count=count, seed=seed, stdout=out, **options)
    return out.getvalue()


def snapshot():
    """Everything a seed decides, in a form that does not depend on database ids."""
    rows = []
    for entry in Innovation.objects.filter(is_generated=True).order_by("slug").prefetch_related(
        "desa", "indicators__values", "photos", "award_results__category__competition"
    ):
        rows.append((
            entry.title, entry.slug, entry.kecamatan_id, entry.theme.name, entry.summary, entry.published_at,
            sorted(d.code for d in entry.desa.all()),
            [(i.name, [(v.period, v.value) for v in i.values.all()]) for i in entry.indicators.all()],
            [(p.image.name, p.position) for p in entry.photos.all()],
            [(r.category.competition.name, r.rank, r.recipient_kind) for r in entry.award_results.all()],
        ))
    return rows


def test_same_seed_gives_the_same_entries_and_another_seed_others(demo_regions):
    generate(60, seed=7)
    first = snapshot()
    Innovation.objects.filter(is_generated=True).delete()
    Competition.objects.filter(name__endswith="(data buatan)").delete()
    generate(60, seed=7)
    assert snapshot() == first
    Innovation.objects.filter(is_generated=True).delete()
    generate(60, seed=8)
    assert [row[0] for row in snapshot()] != [row[0] for row in first]


def test_entries_are_published_marked_and_complete(demo_regions):
    generate(120, seed=3)
    entries = Innovation.objects.filter(is_generated=True)
    assert entries.count() == 120
    assert set(entries.values_list("status", flat=True)) == {Innovation.Status.PUBLISHED}
    assert not entries.filter(published_at__isnull=True).exists()
    assert len(set(entries.values_list("slug", flat=True))) == 120
    for entry in entries.prefetch_related("desa"):
        assert entry.kabupaten_id == entry.kecamatan_id.rsplit(".", 1)[0]
        assert entry.provinsi_id == entry.kecamatan_id[:2]
        assert 1 <= len(entry.desa.all()) <= 3
        assert all(d.kecamatan_id == entry.kecamatan_id for d in entry.desa.all())
        assert entry.summary and entry.problem and entry.approach
    assert Indicator.objects.filter(innovation__in=entries).count() >= 120
    assert IndicatorValue.objects.filter(indicator__innovation__in=entries).count() >= 360
    photo = Photo.objects.filter(innovation__in=entries).first()
    assert photo.width and photo.height and default_storage.exists(photo.image.name)
    assert photo.rendition_widths and all(
        default_storage.exists(rendition_name(photo.image.name, w)) for w in photo.rendition_widths)
    results = Result.objects.filter(innovation__in=entries).select_related("category__competition")
    for result in results:
        competition = result.category.competition
        assert competition.name.endswith("(data buatan)") and "uji beban" in competition.description
        assert result.kecamatan_id == result.innovation.kecamatan_id


def test_generated_entries_are_found_by_the_search(demo_regions):
    generate(40, seed=4)
    entry = Innovation.objects.filter(is_generated=True).order_by("id").first()
    assert entry.search_stems.strip()
    for generated in Innovation.objects.filter(is_generated=True):
        assert generated.search_stems == document_stems(generated)
    words = entry.title.split(": ")[-1].split()[:2]
    found = search(Innovation.objects.published(), parse_query(" ".join(words)))
    assert entry in found


def test_every_kecamatan_used_exists_and_several_provinsi_are_covered(demo_regions):
    generate(200, seed=11)
    used = set(Innovation.objects.values_list("kecamatan_id", flat=True))
    assert used <= set(Kecamatan.objects.values_list("code", flat=True))
    assert len({code[:2] for code in used}) >= 2


def test_dry_run_writes_nothing(demo_regions):
    output = generate(30, seed=1, dry_run=True)
    assert "uji coba" in output
    assert not Innovation.objects.exists() and not Competition.objects.exists()


def test_generating_makes_cached_pages_stale(demo_regions):
    cache.set(GENERATION_KEY, 1, None)
    generate(5, seed=1)
    assert cache.get(GENERATION_KEY) != 1


def test_regions_are_required_and_count_must_be_positive(db):
    with pytest.raises(CommandError, match="import_regions"):
        generate(5, seed=1)
    with pytest.raises(CommandError, match="--count"):
        generate(0, seed=1)

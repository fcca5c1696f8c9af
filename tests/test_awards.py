"""Awards: rank order, every kind of recipient, the list filters, query counts and who may edit them."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from accounts.models import Role
from awards.models import AssessmentStage, Competition, Rank, Result
from awards.selectors import latest_results, results_for_innovation, results_for_region
from tests.factories import (
    CategoryFactory,
    CompetitionFactory,
    DesaFactory,
    InnovationFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    ResultFactory,
    RoleAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # Query counts and repeated requests are about the view, not the anonymous page cache.
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def place():
    """One kabupaten with two kecamatan; the first has a desa."""
    kabupaten = KabupatenFactory(code="33.12", name="Kabupaten Wonogiri", provinsi=ProvinsiFactory(code="33"))
    kecamatan = KecamatanFactory(code="33.12.21", name="Jatipurno", kabupaten=kabupaten)
    other = KecamatanFactory(code="33.12.22", name="Girimarto", kabupaten=kabupaten)
    desa = DesaFactory(code="33.12.21.2006", name="Slogoretno", kecamatan=kecamatan)
    return {"kabupaten": kabupaten, "kecamatan": kecamatan, "other": other, "desa": desa}


def result(category, kind, place, **fields):
    row = Result(category=category, recipient_kind=kind, **fields)
    row.full_clean()
    row.save()
    return row


# --- Ranks ----------------------------------------------------------------------------------------

def test_ranks_sort_from_juara_1_to_plain_pemenang():
    assert [str(rank.label) for rank in sorted(Rank)] == [
        "Juara 1", "Juara 2", "Juara 3", "Juara Harapan 1", "Juara Harapan 2", "Juara Harapan 3", "Pemenang",
    ]


def test_competition_page_lists_each_category_in_rank_order(client, place):
    competition = CompetitionFactory(name="Wonogiri Innovation Award 2025", short_name="WIA 2025")
    first = CategoryFactory(competition=competition, name="Kecamatan", position=1)
    second = CategoryFactory(competition=competition, name="Desa/Kelurahan", position=2)
    for rank in (Rank.PEMENANG, Rank.HARAPAN_2, Rank.JUARA_1, Rank.JUARA_3):
        ResultFactory(category=first, rank=rank, kecamatan=place["kecamatan"])
    ResultFactory(category=second, rank=Rank.HARAPAN_1, recipient_kind="desa", desa=place["desa"],
                  kecamatan=place["kecamatan"])
    response = client.get(competition.get_absolute_url())
    assert response.status_code == 200
    categories = list(response.context["categories"])
    assert [c.name for c in categories] == ["Kecamatan", "Desa/Kelurahan"]
    assert [r.rank for r in categories[0].results.all()] == [Rank.JUARA_1, Rank.JUARA_3, Rank.HARAPAN_2,
                                                             Rank.PEMENANG]
    page = response.content.decode()
    positions = [page.index(label) for label in ("Juara 1", "Juara 3", "Juara Harapan 2", "Pemenang</span>")]
    assert positions == sorted(positions)
    assert page.index("Kategori Kecamatan") < page.index("Kategori Desa/Kelurahan")


# --- Recipients ---------------------------------------------------------------------------------

def test_each_kind_of_recipient_is_named_and_linked(place):
    category = CategoryFactory(name="Umum")
    by_kecamatan = result(category, "kecamatan", place, kecamatan=place["kecamatan"], rank=Rank.JUARA_1)
    by_desa = result(category, "desa", place, desa=place["desa"], rank=Rank.JUARA_2)
    by_unit = result(category, "unit", place, kecamatan=place["kecamatan"], unit_name="UPTD Puskesmas Jatipurno",
                     rank=Rank.HARAPAN_2)
    # The desa's kecamatan is filled from its code, so the kecamatan page finds the desa's award.
    assert by_desa.kecamatan_id == "33.12.21"
    assert by_kecamatan.recipient_name == "Kecamatan Jatipurno"
    assert by_desa.recipient_name == "Desa Slogoretno"
    assert by_unit.recipient_name == "UPTD Puskesmas Jatipurno"
    assert by_unit.recipient_region == place["kecamatan"]

    page = render_to_string("awards/includes/result_list.html", {"results": results_for_region("33.12.21")})
    assert '<a href="/wilayah/33.12.21/">Kecamatan Jatipurno</a>' in page
    assert '<a href="/wilayah/33.12.21.2006/">Desa Slogoretno</a>' in page
    assert "UPTD Puskesmas Jatipurno" in page
    assert page.count('<span class="badge award">') == 3


def test_region_selectors_find_results_at_every_level(place):
    category = CategoryFactory()
    own = result(category, "kecamatan", place, kecamatan=place["kecamatan"])
    of_desa = result(category, "desa", place, desa=place["desa"])
    of_unit = result(category, "unit", place, kecamatan=place["kecamatan"], unit_name="UPTD Puskesmas Jatipurno")
    elsewhere = result(category, "kecamatan", place, kecamatan=place["other"])
    assert set(results_for_region("33.12.21.2006")) == {of_desa}
    assert set(results_for_region("33.12.21")) == {own, of_desa, of_unit}
    assert set(results_for_region("33.12")) == {own, of_desa, of_unit, elsewhere}
    assert set(results_for_region("33")) == {own, of_desa, of_unit, elsewhere}
    assert not results_for_region("35").exists()
    assert not results_for_region("33.1").exists()


def test_region_selector_reads_related_rows_in_one_query(place, django_assert_num_queries):
    category = CategoryFactory()
    for _ in range(3):
        result(category, "desa", place, desa=place["desa"], innovation=InnovationFactory(kecamatan=place["kecamatan"]))
    with django_assert_num_queries(1):
        render_to_string("awards/includes/result_list.html", {"results": list(results_for_region("33.12.21"))})


def test_innovation_links_only_when_published(place):
    category = CategoryFactory()
    draft = InnovationFactory(title="Masih Draf", kecamatan=place["kecamatan"])
    public = InnovationFactory(title="Jumat SMART", kecamatan=place["kecamatan"], published=True)
    result(category, "kecamatan", place, kecamatan=place["kecamatan"], innovation=draft)
    result(category, "kecamatan", place, kecamatan=place["kecamatan"], innovation=public)
    page = render_to_string("awards/includes/result_list.html", {"results": results_for_region("33.12.21")})
    assert "Masih Draf" not in page
    assert f'<a href="{public.get_absolute_url()}">Jumat SMART</a>' in page
    assert list(results_for_innovation(public)) == list(Result.objects.filter(innovation=public))


@pytest.mark.parametrize(("kind", "fields", "field", "message"), [
    ("desa", {}, "desa", "Pilih desa/kelurahan penerima."),
    ("unit", {"unit_name": "  "}, "unit_name", "Tulis nama unit penerima."),
    ("kecamatan", {"desa": "33.12.21.2006"}, "desa", "tidak memakai desa"),
    ("kecamatan", {"unit_name": "Puskesmas"}, "unit_name", "hanya untuk penerima berupa unit"),
    ("desa", {"kecamatan": "33.12.22", "desa": "33.12.21.2006"}, "desa", "tidak berada di kecamatan"),
])
def test_result_validation_explains_what_is_wrong(place, kind, fields, field, message):
    values = {"kecamatan": "33.12.21", **fields}
    row = Result(category=CategoryFactory(), recipient_kind=kind, kecamatan_id=values.pop("kecamatan"),
                 desa_id=values.pop("desa", None), **values)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_result_innovation_must_come_from_the_recipients_kecamatan(place):
    foreign = InnovationFactory(kecamatan=place["other"])
    row = Result(category=CategoryFactory(), recipient_kind="kecamatan", kecamatan=place["kecamatan"],
                 innovation=foreign)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "innovation" in error.value.message_dict


def test_competition_level_needs_a_matching_organizer_region(place):
    competition = Competition(name="Lomba", organizer="Pemkab", level="kabupaten", year=2025,
                              organizer_region_code="33")
    with pytest.raises(ValidationError) as error:
        competition.full_clean()
    assert "kode kabupaten/kota" in error.value.message_dict["organizer_region_code"][0]
    competition.organizer_region_code = "33.12"
    competition.full_clean()
    competition.save()
    assert competition.provinsi_code == "33"
    assert competition.slug == "lomba"


def test_stage_dates_and_region_are_checked(place):
    stage = AssessmentStage(competition=CompetitionFactory(), name="Uji lapangan", region_code="99.99",
                            start_date="2024-11-02", end_date="2024-10-21")
    with pytest.raises(ValidationError) as error:
        stage.full_clean()
    assert set(error.value.message_dict) == {"region_code", "end_date"}


# --- Competition page ---------------------------------------------------------------------------

def test_competition_page_shows_stages_organizer_region_and_recipients(client, place):
    competition = CompetitionFactory(name="Sinergisitas Kinerja Kecamatan 2023", level="provinsi",
                                     organizer_region_code="33", year=2023)
    AssessmentStage.objects.create(competition=competition, name="Uji lapangan oleh tim juri",
                                   start_date="2023-11-27", region_code="33.12.21")
    AssessmentStage.objects.create(competition=competition, name="Pembinaan pemenang", kind="tindak_lanjut",
                                   start_date="2024-10-21", end_date="2024-11-02", conducted_by="Biro POD\nJPIP")
    category = CategoryFactory(competition=competition, name="Kecamatan")
    result(category, "kecamatan", place, kecamatan=place["kecamatan"], rank=Rank.PEMENANG)
    page = client.get(competition.get_absolute_url()).content.decode()
    assert 'href="/wilayah/33/"' in page
    assert "27 November 2023" in page
    assert "21 Oktober 2024 – 2 November 2024" in page
    assert "<li>JPIP</li>" in page
    assert '<a href="/wilayah/33.12.21/">Kecamatan Jatipurno</a>' in page


def test_unknown_competition_is_a_404(client):
    assert client.get("/penghargaan/tidak-ada/").status_code == 404


def competition_with_results(n, place):
    competition = CompetitionFactory(organizer_region_code="33.12")
    AssessmentStage.objects.create(competition=competition, name="Uji lapangan", region_code="33.12.21")
    categories = [CategoryFactory(competition=competition, position=i) for i in range(2)]
    for i in range(n):
        innovation = InnovationFactory(kecamatan=place["kecamatan"], published=bool(i % 2))
        kind = ("kecamatan", "desa", "unit")[i % 3]
        ResultFactory(category=categories[i % 2], kecamatan=place["kecamatan"], recipient_kind=kind,
                      desa=place["desa"] if kind == "desa" else None,
                      unit_name="UPTD Puskesmas" if kind == "unit" else "", innovation=innovation)
    return competition


# competition, stages, categories, results, organizer + stage regions (one level each), articles
DETAIL_QUERIES = 7


@pytest.mark.parametrize("n", [5, 50])
def test_competition_page_queries_do_not_grow_with_results(client, place, django_assert_num_queries, n):
    competition = competition_with_results(n, place)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(competition.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="winner card"') == n


# --- Competition list ---------------------------------------------------------------------------

@pytest.fixture
def competitions(place):
    jatim = ProvinsiFactory(code="35", name="Jawa Timur")
    kawedanan = KecamatanFactory(code="35.20.05", kabupaten=KabupatenFactory(code="35.20", provinsi=jatim))
    wia = CompetitionFactory(name="Wonogiri Innovation Award 2025", level="kabupaten", year=2025,
                             organizer_region_code="33.12")
    skk = CompetitionFactory(name="Sinergisitas Kinerja Kecamatan 2023", level="provinsi", year=2023,
                             organizer_region_code="35")
    iga = CompetitionFactory(name="Innovative Government Award 2024", level="nasional", year=2024)
    ResultFactory(category=CategoryFactory(competition=iga), kecamatan=kawedanan)
    return {"wia": wia, "skk": skk, "iga": iga}


def names(response):
    return [c.name for c in response.context["competitions"]]


def test_list_shows_newest_first_with_result_counts(client, competitions):
    response = client.get("/penghargaan/")
    assert names(response) == ["Wonogiri Innovation Award 2025", "Innovative Government Award 2024",
                               "Sinergisitas Kinerja Kecamatan 2023"]
    assert "1 penerima" in response.content.decode()


@pytest.mark.parametrize(("query", "expected"), [
    ("tahun=2023", ["Sinergisitas Kinerja Kecamatan 2023"]),
    ("tingkat=kabupaten", ["Wonogiri Innovation Award 2025"]),
    ("provinsi=33", ["Wonogiri Innovation Award 2025"]),
    # Organised in Jawa Timur, or won there (a national award for Kawedanan).
    ("provinsi=35", ["Innovative Government Award 2024", "Sinergisitas Kinerja Kecamatan 2023"]),
    ("provinsi=35&tingkat=nasional", ["Innovative Government Award 2024"]),
    ("urut=nama", ["Innovative Government Award 2024", "Sinergisitas Kinerja Kecamatan 2023",
                   "Wonogiri Innovation Award 2025"]),
])
def test_list_filters(client, competitions, query, expected):
    response = client.get(f"/penghargaan/?{query}")
    assert response.status_code == 200
    assert names(response) == expected


@pytest.mark.parametrize("query", [
    "tahun=abc", "tahun=1999", "tingkat=semesta", "provinsi=99", "provinsi=%27%3B--", "urut=-id",
    "tahun=2023&tahun=x", "page=abc", "page=-1", "page=99999",
])
def test_garbage_filter_values_get_a_message_not_an_error(client, competitions, query):
    response = client.get(f"/penghargaan/?{query}")
    assert response.status_code == 200
    page = response.content.decode()
    if not query.startswith("page="):
        assert "tidak dikenali sehingga diabaikan" in page
    assert len(response.context["competitions"]) >= 1


def test_valid_filters_still_apply_next_to_a_garbage_one(client, competitions):
    response = client.get("/penghargaan/?tingkat=provinsi&tahun=abc")
    assert names(response) == ["Sinergisitas Kinerja Kecamatan 2023"]
    assert "diabaikan: Tahun." in response.content.decode()


def test_list_is_paginated_and_page_links_keep_the_filters(client):
    for i in range(15):
        CompetitionFactory(name=f"Lomba {i:02d}", year=2024)
    first = client.get("/penghargaan/?tahun=2024")
    assert len(first.context["competitions"]) == 12
    assert 'href="?tahun=2024&amp;page=2"' in first.content.decode()
    second = client.get("/penghargaan/?tahun=2024&page=2")
    assert len(second.context["competitions"]) == 3


# year choices, provinsi choices, count, page with result counts
LIST_QUERIES = 4


@pytest.mark.parametrize("n", [5, 50])
def test_list_queries_do_not_grow(client, place, django_assert_num_queries, n):
    for i in range(n):
        ResultFactory(category=CategoryFactory(competition=CompetitionFactory(year=2000 + i % 25)),
                      kecamatan=place["kecamatan"])
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get("/penghargaan/").status_code == 200
    with django_assert_num_queries(LIST_QUERIES + 1):  # + the chosen provinsi
        assert client.get("/penghargaan/?provinsi=33&tingkat=kabupaten").status_code == 200


# --- Admin: editors and administrators only -----------------------------------------------------

def user_with(role, region=""):
    user = UserFactory()
    if role:
        RoleAssignmentFactory(user=user, role=role, region_code=region)
    return user


ADMIN_URLS = [
    "/admin/awards/competition/", "/admin/awards/competition/add/", "/admin/awards/result/",
    "/admin/awards/result/add/",
]


@pytest.mark.parametrize(("role", "region"), [(Role.STAF, "33.12.21"), (Role.REVIEWER, "33.12"),
                                              (Role.REVIEWER, "")])
def test_staff_and_reviewers_cannot_open_award_admin_pages(client, place, role, region):
    competition = CompetitionFactory()
    row = ResultFactory(kecamatan=place["kecamatan"])
    client.force_login(user_with(role, region))
    for url in [*ADMIN_URLS, f"/admin/awards/competition/{competition.pk}/change/",
                f"/admin/awards/result/{row.pk}/change/", f"/admin/awards/result/{row.pk}/delete/"]:
        assert client.get(url).status_code == 403, url
    response = client.post("/admin/awards/competition/add/", {"name": "Lomba palsu", "organizer": "x",
                                                              "level": "nasional", "year": 2025})
    assert response.status_code == 403
    assert not Competition.objects.filter(name="Lomba palsu").exists()
    index = client.get("/admin/").content.decode()
    assert "/admin/awards/" not in index


def test_anonymous_visitors_are_sent_to_the_log_in(client):
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", [Role.EDITOR, Role.ADMIN])
def test_editors_and_administrators_manage_awards(client, place, role):
    client.force_login(user_with(role))
    for url in ADMIN_URLS:
        assert client.get(url).status_code == 200, url


def test_admin_uses_the_model_validation_and_fills_the_kecamatan_from_the_desa(client, place):
    category = CategoryFactory(name="Desa/Kelurahan", competition__short_name="WIA 2025")
    client.force_login(user_with(Role.EDITOR))
    form = client.get("/admin/awards/result/add/").content.decode()
    assert "WIA 2025 · Desa/Kelurahan" in form
    data = {"category": category.pk, "rank": Rank.JUARA_1, "recipient_kind": "desa", "kecamatan": "",
            "desa": "", "unit_name": "", "innovation": ""}
    refused = client.post("/admin/awards/result/add/", data)
    assert refused.status_code == 200
    assert "Pilih desa/kelurahan penerima." in refused.content.decode()
    assert not Result.objects.exists()
    saved = client.post("/admin/awards/result/add/", {**data, "desa": "33.12.21.2006"})
    assert saved.status_code == 302
    row = Result.objects.get()
    assert (row.kecamatan_id, row.desa_id) == ("33.12.21", "33.12.21.2006")


def test_competition_admin_saves_categories_and_stages_inline(client, place):
    client.force_login(user_with(Role.EDITOR))
    data = {
        "name": "Wonogiri Innovation Award 2026", "short_name": "WIA 2026", "slug": "", "description": "",
        "organizer": "Pemerintah Kabupaten Wonogiri", "organizer_region_code": "33.12", "level": "kabupaten",
        "year": 2026, "start_date": "", "end_date": "", "ceremony_date": "",
        "categories-TOTAL_FORMS": 1, "categories-INITIAL_FORMS": 0,
        "categories-0-position": 1, "categories-0-name": "Kecamatan",
        "stages-TOTAL_FORMS": 1, "stages-INITIAL_FORMS": 0,
        "stages-0-kind": "penilaian", "stages-0-name": "Uji lapangan", "stages-0-start_date": "2026-11-01",
        "stages-0-end_date": "", "stages-0-region_code": "33.12.21", "stages-0-conducted_by": "",
        "stages-0-note": "",
    }
    response = client.post("/admin/awards/competition/add/", data)
    assert response.status_code == 302, re.findall(r'class="errorlist[^"]*">(.*?)</ul>', response.content.decode())
    competition = Competition.objects.get(slug="wia-2026")
    assert [c.name for c in competition.categories.all()] == ["Kecamatan"]
    assert competition.stages.get().region_code == "33.12.21"


def test_editors_pick_desa_and_published_innovations_by_typing(client, place):
    InnovationFactory(title="Jumat SMART", kecamatan=place["kecamatan"], published=True)
    client.force_login(user_with(Role.EDITOR))
    base = "/admin/autocomplete/?app_label=awards&model_name=result&field_name="
    desa = client.get(base + "desa&term=Slogo").json()
    assert [item["id"] for item in desa["results"]] == ["33.12.21.2006"]
    innovations = client.get(base + "innovation&term=Jumat").json()
    assert [item["text"] for item in innovations["results"]] == ["Jumat SMART"]


def test_latest_results_are_the_best_ranked_of_the_newest_competitions(django_assert_num_queries):
    old = CategoryFactory(competition__year=2023)
    early = CategoryFactory(competition__year=2025, competition__ceremony_date=date(2025, 3, 1))
    late = CategoryFactory(competition__year=2025, competition__ceremony_date=date(2025, 11, 1))
    ResultFactory(category=old, rank=Rank.JUARA_1)
    early_first = ResultFactory(category=early, rank=Rank.JUARA_1)
    late_third = ResultFactory(category=late, rank=Rank.JUARA_3)
    late_first = ResultFactory(category=late, rank=Rank.JUARA_1)
    other_late = ResultFactory(category=CategoryFactory(competition=late.competition), rank=Rank.JUARA_2)
    with django_assert_num_queries(1):  # the results with their related rows
        latest_results(4)
    with django_assert_num_queries(0):  # remembered until the next public change
        results = latest_results(4)
        # Related rows come with the results: reading them costs nothing more.
        assert [r.category.competition.year for r in results] == [2025] * 4
        assert all(r.kecamatan.name for r in results)
    assert results == [late_first, other_late, late_third, early_first]
    # A new result is a public change: the choice is made again at once.
    newest_first = ResultFactory(category=CategoryFactory(competition__year=2026), rank=Rank.JUARA_1)
    assert latest_results(4)[0] == newest_first

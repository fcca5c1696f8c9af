"""Award-round pages: log-in, who sees what (juror isolation by direct URL too), forms, queries, published results."""

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from awards.models import Result
from rounds import selectors, services
from rounds.models import Entry, Round, RoundStage, Score
from tests.factories import (
    CategoryFactory,
    EntryFactory,
    InnovationFactory,
    JurorAssignmentFactory,
    KecamatanFactory,
    RoleAssignmentFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class World:
    """A round in judging: two categories, one entry each in the desk stage, three jurors."""

    def __init__(self):
        self.round = RoundFactory(with_setup=True)
        self.cat1 = CategoryFactory(competition=self.round.competition, name="Pelayanan publik", position=1)
        self.cat2 = CategoryFactory(competition=self.round.competition, name="Tata kelola", position=2)
        self.organiser = RoleAssignmentFactory(role=Role.EDITOR).user
        self.desk = self.round.stages.get(kind=RoundStage.Kind.DESK)
        self.e1 = EntryFactory(round=self.round, category=self.cat1, stage=self.desk,
                               admin_status=Entry.AdminStatus.PASSED, innovation__title="Jumat SMART")
        self.e2 = EntryFactory(round=self.round, category=self.cat2, stage=self.desk,
                               admin_status=Entry.AdminStatus.PASSED, innovation__title="Solid Center")
        self.staff = RoleAssignmentFactory(role=Role.STAF, region_code=self.e1.kecamatan_id).user
        far = KecamatanFactory()
        self.j1 = JurorAssignmentFactory(round=self.round, kecamatan_code=far.code, kabupaten_code=far.kabupaten_id,
                                         user__username="juri_satu")
        self.j1.categories.set([self.cat1])
        self.j2 = JurorAssignmentFactory(round=self.round, kecamatan_code=far.code, kabupaten_code=far.kabupaten_id,
                                         user__username="juri_dua")
        self.jc = JurorAssignmentFactory(round=self.round, kecamatan_code=self.e1.kecamatan_id,
                                         user__username="juri_konflik")
        self.criteria = list(self.round.criteria.all())
        Round.objects.filter(pk=self.round.pk).update(status=Round.Status.JUDGING)
        self.round.refresh_from_db()

    def url(self, name, *args):
        return reverse(f"rounds:{name}", args=[self.round.slug, *args])

    def score_data(self, values, note="", after="stay"):
        data = {f"kriteria_{c.pk}": v for c, v in zip(self.criteria, values, strict=True)}
        data.update(note=note, after=after)
        return data


@pytest.fixture
def world():
    return World()


def text(response):
    return unescape(response.content.decode())


def test_every_round_page_needs_a_log_in(client, world):
    for url in [reverse("rounds:index"), world.url("dashboard"), world.url("juror_list"),
                world.url("score", world.e1.pk), world.url("enter")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/akun/masuk/?next=")


def test_the_dashboard_is_the_organisers_only(client, world):
    for user in (world.staff, world.j1.user, UserFactory()):
        client.force_login(user)
        assert client.get(world.url("dashboard")).status_code == 404
        assert client.post(world.url("close_scores")).status_code == 404
        assert client.post(world.url("admin_check", world.e1.pk), {"decision": "lolos"}).status_code == 404
    assert Round.objects.get(pk=world.round.pk).status == Round.Status.JUDGING
    client.force_login(world.organiser)
    page = text(client.get(world.url("dashboard")))
    for expected in ("Jumat SMART", "Solid Center", "Peringkat sementara", "juri_satu", "Kebaruan", "30 %"):
        assert expected in page


def test_a_juror_sees_only_the_entries_assigned(client, world):
    client.force_login(world.j1.user)
    page = text(client.get(world.url("juror_list")))
    assert "Jumat SMART" in page and "Solid Center" not in page
    # By direct URL: another category's entry, a failed entry, an entry of another round are all 404.
    failed = EntryFactory(round=world.round, category=world.cat1, stage=world.round.stages.first(),
                          admin_status=Entry.AdminStatus.FAILED)
    other_round_entry = EntryFactory(stage=RoundFactory(with_setup=True).stages.get(kind="penilaian_dokumen"),
                                     admin_status=Entry.AdminStatus.PASSED)
    for entry in (world.e2, failed, other_round_entry):
        assert client.get(world.url("score", entry.pk)).status_code == 404
        assert client.post(world.url("score", entry.pk), world.score_data([5] * 5)).status_code == 404
        assert client.post(world.url("field_visit", entry.pk),
                           {"visit_date": "2026-03-04", "findings": "x"}).status_code == 404
    assert not Score.objects.exists()
    client.force_login(world.staff)
    assert client.get(world.url("juror_list")).status_code == 404
    assert client.get(world.url("score", world.e1.pk)).status_code == 404


def test_a_conflicted_juror_cannot_open_or_score_the_entry(client, world):
    client.force_login(world.jc.user)
    page = text(client.get(world.url("juror_list")))
    assert "Konflik kepentingan" in page
    assert world.url("score", world.e1.pk) not in page
    assert client.get(world.url("score", world.e1.pk)).status_code == 403
    assert client.post(world.url("score", world.e1.pk), world.score_data([9] * 5)).status_code == 403
    assert client.get(world.url("score", world.e2.pk)).status_code == 200
    assert not Score.objects.exists()


def test_other_jurors_scores_stay_hidden_until_the_scores_are_closed(client, world):
    services.save_scores(world.e1, world.j2.user, {c.pk: 3 for c in world.criteria}, "Catatan rahasia juri dua")
    client.force_login(world.j1.user)
    page = text(client.get(world.url("score", world.e1.pk)))
    assert "Catatan rahasia juri dua" not in page and "juri_dua" not in page
    assert 'value="3"' not in page
    services.close_scores(world.round, world.organiser, accept_missing=True)
    page = text(client.get(world.url("score", world.e1.pk)))
    assert "Nilai seluruh juri" in page and "juri_dua: 3,00" in page
    assert "Catatan rahasia juri dua" not in page


def test_a_juror_saves_scores_and_bad_input_is_explained_and_kept(client, world):
    client.force_login(world.j1.user)
    url = world.url("score", world.e1.pk)
    response = client.post(url, world.score_data([11, "abc", 5, 5, 5], note="Catatan saya"))
    page = text(response)
    assert response.status_code == 200
    assert "Nilai tertinggi 10." in page and "Isi dengan bilangan bulat." in page
    assert "Catatan saya" in page  # what the juror typed is still there
    assert not Score.objects.exists()
    response = client.post(url, world.score_data([8, 7, 6, 9, ""], note="Catatan saya"))
    assert response.status_code == 302 and response["Location"] == url
    note, values = selectors.own_scorecard(world.j1, world.e1)
    assert note == "Catatan saya" and sorted(values.values()) == [6, 7, 8, 9]
    page = text(client.get(url))
    assert 'value="8"' in page and "Kebaruan" in page and "30 %" in page


def test_save_and_next_goes_to_the_jurors_next_entry(client, world):
    other = EntryFactory(round=world.round, category=world.cat1, stage=world.desk,
                         admin_status=Entry.AdminStatus.PASSED, innovation__title="Zebra Cross Desa")
    client.force_login(world.j1.user)
    response = client.post(world.url("score", world.e1.pk), world.score_data([5] * 5, after="next"))
    assert response["Location"] == world.url("score", other.pk)


def test_after_closing_the_scoring_page_refuses_changes(client, world):
    services.save_scores(world.e1, world.j1.user, {c.pk: 7 for c in world.criteria}, "")
    services.close_scores(world.round, world.organiser, accept_missing=True)
    client.force_login(world.j1.user)
    response = client.post(world.url("score", world.e1.pk), world.score_data([1] * 5))
    assert "perubahan nilai ditolak" in text(response)
    assert set(Score.objects.values_list("value", flat=True)) == {7}


def test_field_visit_form_on_the_scoring_page(client, world):
    Entry.objects.filter(pk=world.e1.pk).update(stage=world.round.stages.get(kind=RoundStage.Kind.FIELD_VISIT))
    client.force_login(world.j1.user)
    url = world.url("field_visit", world.e1.pk)
    response = client.post(url, {"visit_date": "kemarin", "findings": ""})
    assert response.status_code == 400
    assert "Tanggal tidak valid" in text(response)
    response = client.post(url, {"visit_date": "2026-03-04", "findings": "Loket buka tiap Jumat."})
    assert response.status_code == 302
    page = text(client.get(world.url("score", world.e1.pk)))
    assert "4 Maret 2026" in page and "Loket buka tiap Jumat." in page


def test_staff_enter_their_own_published_innovation(client, world):
    Round.objects.filter(pk=world.round.pk).update(status=Round.Status.OPEN)
    own = InnovationFactory(published=True, kecamatan=world.e1.kecamatan, title="Posyandu Keliling")
    draft = InnovationFactory(kecamatan=world.e1.kecamatan, title="Draf Rahasia")
    foreign = InnovationFactory(published=True, title="Inovasi Tetangga")
    client.force_login(world.staff)
    page = text(client.get(world.url("enter")))
    assert "Posyandu Keliling" in page
    assert "Draf Rahasia" not in page and "Inovasi Tetangga" not in page and "Jumat SMART" not in page
    response = client.post(world.url("enter"), {"innovation": foreign.pk, "category": world.cat1.pk})
    assert response.status_code == 200 and "Pilih salah satu inovasi terbit dari kecamatan Anda" in text(response)
    response = client.post(world.url("enter"), {"innovation": draft.pk, "category": world.cat1.pk})
    assert response.status_code == 200 and not Entry.objects.filter(innovation=draft).exists()
    response = client.post(world.url("enter"), {"innovation": own.pk, "category": world.cat1.pk})
    assert response.status_code == 302
    entry = Entry.objects.get(innovation=own)
    assert entry.stage.kind == RoundStage.Kind.ADMINISTRATIVE and entry.submitted_by == world.staff
    client.force_login(world.j1.user)
    assert client.get(world.url("enter")).status_code == 403
    Round.objects.filter(pk=world.round.pk).update(entry_deadline=timezone.now() - timezone.timedelta(seconds=1))
    client.force_login(world.staff)
    assert client.get(world.url("enter")).status_code == 404


def test_administrative_check_from_the_dashboard_and_the_entrant_sees_the_reason(client, world):
    Round.objects.filter(pk=world.round.pk).update(status=Round.Status.OPEN)
    pending = EntryFactory(round=world.round, category=world.cat1, stage=world.round.stages.first(),
                           innovation__kecamatan=world.e1.kecamatan, innovation__title="Kartu Sehat Desa")
    client.force_login(world.organiser)
    url = world.url("admin_check", pending.pk)
    response = client.post(url, {"decision": "tidak_lolos", "reason": ""}, follow=True)
    assert "Tuliskan alasan tidak lolos" in text(response)
    assert Entry.objects.get(pk=pending.pk).admin_status == Entry.AdminStatus.PENDING
    client.post(url, {"decision": "tidak_lolos", "reason": "Tanpa SK Camat."})
    client.force_login(world.staff)
    page = text(client.get(reverse("rounds:index")))
    assert "Kartu Sehat Desa" in page and "Tidak lolos administrasi" in page and "Tanpa SK Camat." in page


def test_shortlist_from_the_dashboard(client, world):
    client.force_login(world.organiser)
    response = client.post(world.url("shortlist", world.desk.pk), {"entries": []}, follow=True)
    assert "Pilih sedikitnya satu peserta." in text(response)
    client.post(world.url("shortlist", world.desk.pk), {"entries": [world.e1.pk]})
    assert Entry.objects.get(pk=world.e1.pk).stage.kind == RoundStage.Kind.PRESENTATION
    client.force_login(world.j2.user)
    page = text(client.get(world.url("juror_list")))
    assert "Jumat SMART" in page and "Solid Center" not in page


def winners_on_award_page(html):
    """(category, rank label, recipient, innovation) of each winner on /penghargaan/<slug>/."""
    winners = []
    for category_html in re.findall(r'<section class="award-category".*?</section>', html, re.S):
        category = re.search(r"<h3[^>]*>Kategori (.*?)</h3>", category_html).group(1)
        for block in re.findall(r'<li class="winner card">(.*?)</li>', category_html, re.S):
            rank = re.search(r'<span class="badge award">(.*?)</span>', block).group(1)
            recipient = re.search(r'<p class="winner-name">\s*<a[^>]*>(.*?)</a>', block, re.S).group(1)
            innovation = re.search(r'<p class="winner-innovation">.*?<a[^>]*>(.*?)</a>', block, re.S)
            winners.append((category, rank, recipient, innovation.group(1) if innovation else None))
    return winners


def test_published_results_equal_what_the_award_kecamatan_and_innovation_pages_show(client, world):
    extra = [EntryFactory(round=world.round, category=world.cat1, stage=world.desk,
                          admin_status=Entry.AdminStatus.PASSED) for _ in range(2)]
    for entry, value in [(world.e1, 9), (extra[0], 7), (extra[1], 8), (world.e2, 6)]:
        services.save_scores(entry, world.j2.user, {c.pk: value for c in world.criteria}, "")
        if entry.category == world.cat1:
            services.save_scores(entry, world.j1.user, {c.pk: value for c in world.criteria}, "")
    client.force_login(world.organiser)
    client.post(world.url("close_scores"), {"accept_missing": "on"})  # juri_konflik scored nothing
    proposed = [(group.category.name, row.get_rank_display(), str(row.entry.kecamatan), row.entry.innovation.title)
                for group in selectors.consolidate(world.round).categories for row in group.awarded]
    response = client.post(world.url("publish"), follow=True)
    assert "Hasil diumumkan" in text(response)
    assert Result.objects.count() == 4
    client.logout()
    award_page = text(client.get(world.round.competition.get_absolute_url()))
    assert winners_on_award_page(award_page) == proposed
    assert proposed[0] == ("Pelayanan publik", "Juara 1", str(world.e1.kecamatan), "Jumat SMART")
    for page_url in (world.e1.kecamatan.get_absolute_url(), world.e1.innovation.get_absolute_url()):
        page = text(client.get(page_url))
        assert "Juara 1" in page and world.round.competition.name in page


@pytest.mark.parametrize("count", [5, 50])
def test_dashboard_queries_do_not_grow_with_entries(client, world, django_assert_num_queries, count):
    for _ in range(count):
        entry = EntryFactory(round=world.round, category=world.cat1, stage=world.desk,
                             admin_status=Entry.AdminStatus.PASSED)
        services.save_scores(entry, world.j2.user, {c.pk: 6 for c in world.criteria}, "note")
    client.force_login(world.organiser)
    client.get(world.url("dashboard"))
    # session, user, roles, round, consolidation (5), stages and entries (2), log
    with django_assert_num_queries(12):
        assert client.get(world.url("dashboard")).status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_juror_pages_queries_do_not_grow_with_entries(client, world, django_assert_num_queries, count):
    for _ in range(count):
        EntryFactory(round=world.round, category=world.cat1, stage=world.desk, admin_status=Entry.AdminStatus.PASSED)
    services.save_scores(world.e1, world.j1.user, {c.pk: 6 for c in world.criteria}, "note")
    client.force_login(world.j1.user)
    with django_assert_num_queries(9):
        assert client.get(world.url("juror_list")).status_code == 200
    with django_assert_num_queries(13):
        assert client.get(world.url("score", world.e1.pk)).status_code == 200


def test_the_organiser_sets_up_a_round_in_the_admin(client, world):
    client.force_login(world.organiser)
    response = client.get(reverse("admin:rounds_round_change", args=[world.round.pk]))
    assert response.status_code == 200 and "Kebaruan" in text(response)
    client.force_login(world.staff)
    assert client.get(reverse("admin:rounds_round_change", args=[world.round.pk])).status_code in (302, 403)


def _admin_add_data(competition, weights):
    data = {"competition": competition.pk, "name": "Putaran Admin", "slug": "", "entry_deadline_0": "2030-01-31",
            "entry_deadline_1": "16:00:00"}
    for prefix, rows in [("criteria", weights), ("stages", []), ("jurors", [])]:
        data.update({f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    for i, weight in enumerate(weights):
        data.update({f"criteria-{i}-name": f"Kriteria {i}", f"criteria-{i}-weight": str(weight),
                     f"criteria-{i}-position": str(i), f"criteria-{i}-description": ""})
    return data


def test_the_admin_refuses_a_rubric_that_does_not_weigh_100_and_adds_the_default_stages(client, world):
    client.force_login(world.organiser)
    url = reverse("admin:rounds_round_add")
    response = client.post(url, _admin_add_data(world.round.competition, [50, 40]))
    assert response.status_code == 200
    assert "Jumlah bobot kriteria harus tepat 100 %; sekarang 90 %." in text(response)
    assert not Round.objects.filter(name="Putaran Admin").exists()
    response = client.post(url, _admin_add_data(world.round.competition, [60, 40]))
    assert response.status_code == 302
    created = Round.objects.get(name="Putaran Admin")
    assert list(created.stages.values_list("kind", flat=True)) == [
        "administrasi", "penilaian_dokumen", "presentasi", "verifikasi_lapangan"]
    assert created.log.get().actor == world.organiser
    # Once entries are open, the rubric can no longer change in the admin.
    Round.objects.filter(pk=created.pk).update(status=Round.Status.OPEN)
    page = text(client.get(reverse("admin:rounds_round_change", args=[created.pk])))
    assert 'name="criteria-0-weight"' not in page


def test_the_header_leads_a_signed_in_user_to_the_rounds(client, world):
    client.force_login(world.j1.user)
    assert f'href="{reverse("rounds:index")}"' in text(client.get(reverse("rounds:index")))
    assert "Putaran Uji" in text(client.get(reverse("rounds:index")))


@pytest.mark.parametrize("count", [5, 50])
def test_the_rounds_index_queries_do_not_grow_with_entries(client, world, django_assert_num_queries, count):
    Round.objects.filter(pk=world.round.pk).update(status=Round.Status.OPEN)
    for _ in range(count):
        EntryFactory(round=world.round, category=world.cat1, stage=world.desk,
                     innovation__kecamatan=world.e1.kecamatan)
    client.force_login(world.staff)
    # session, user, roles, organised (none: no query), judged, open rounds, own entries
    with django_assert_num_queries(6):
        page = text(client.get(reverse("rounds:index")))
    assert page.count("Menunggu pemeriksaan") == count

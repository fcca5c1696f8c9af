"""An award round in a real browser: opening, entries, administrative check, jury scoring on a phone, shortlists,
a field visit, closing, publishing, and the results on the public award page."""

import os
import re

# Playwright's sync API runs an event loop in the test thread (see tests/e2e/conftest.py).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards.models import Category, Competition, Result  # noqa: E402
from innovations.models import Innovation, Theme  # noqa: E402
from rounds.models import DEFAULT_STAGES, Criterion, JurorAssignment, Round, RoundStage  # noqa: E402
from tests.e2e.browser import DEMO_PASSWORD, Screenshots, axe_violations, describe, submit  # noqa: E402

pytestmark = pytest.mark.e2e

RUBRIC = [("Kebaruan", 30), ("Kemanfaatan", 25), ("Kolaborasi", 15), ("Replikasi", 20), ("Penguasaan", 10)]


def sign_in(page, portal, username, next_path):
    page.goto(portal.url(f"/akun/masuk/?next={next_path}"))
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.locator("form.stack-form").get_by_role("button").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def make_round():
    """A national competition with one category, a round in preparation and two jurors (Surabaya, Wonogiri)."""
    competition = Competition.objects.create(name="Lomba Inovasi Kecamatan Uji Peramban 2026",
                                             organizer="FORCASI", level=Competition.Level.NASIONAL, year=2026)
    Category.objects.create(competition=competition, name="Pelayanan publik")
    round_ = Round.objects.create(competition=competition, name="Putaran Uji Peramban 2026",
                                  entry_deadline=timezone.now() + timezone.timedelta(days=3))
    for position, kind in enumerate(DEFAULT_STAGES):
        RoundStage.objects.create(round=round_, kind=kind, position=position)
    for position, (name, weight) in enumerate(RUBRIC):
        Criterion.objects.create(round=round_, name=name, weight=weight, position=position)
    User = get_user_model()
    for username, kecamatan, kabupaten in [("juri.surabaya", "35.78.12", "35.78"), ("juri.wonogiri", "", "33.12")]:
        user = User.objects.create(username=username, first_name=username)
        user.set_password(DEMO_PASSWORD)
        user.save()
        JurorAssignment.objects.create(round=round_, user=user, kecamatan_code=kecamatan, kabupaten_code=kabupaten)
    theme = Theme.objects.order_by("pk").first()
    for title, code in [("Loket Keliling Jatipurno", "33.12.21"), ("Kelas Warga Kawedanan", "35.20.05"),
                        ("Arsip Desa Jatipurno", "33.12.21")]:
        Innovation.objects.create(title=title, kecamatan_id=code, theme=theme, summary="Layanan dekat warga.",
                                  status=Innovation.Status.PUBLISHED, published_at=timezone.now())
    return round_


def enter(page, portal, round_, username, titles):
    sign_in(page, portal, username, "/lomba/")
    for title in titles:
        page.locator(".round-list li", has_text=round_.name).get_by_role("link", name="Daftarkan inovasi").click()
        value = page.locator("#id_innovation option", has_text=title).get_attribute("value")
        page.get_by_label("Inovasi").select_option(value=value)
        page.get_by_label("Kategori").select_option(label="Pelayanan publik")
        submit(page, page.get_by_role("button", name="Daftarkan"))
        page.wait_for_url(re.compile(r"/lomba/$"))
        assert page.locator("tr", has_text=title).get_by_text("Menunggu pemeriksaan").is_visible()


def score_entry(page, values, note, button):
    for (name, _weight), value in zip(RUBRIC, values, strict=True):
        page.get_by_label(re.compile(f"^{name}")).fill(str(value))
    page.get_by_label("Catatan juri").fill(note)
    submit(page, page.get_by_role("button", name=button, exact=True))


def fits(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_round_from_entry_to_published_results(portal, new_page):
    round_ = make_round()
    shots = Screenshots("round-journey")
    dashboard = f"/lomba/{round_.slug}/"
    jury = f"/lomba/{round_.slug}/juri/"

    organiser = new_page(width=1280)
    sign_in(organiser, portal, "editor.forcasi", dashboard)
    submit(organiser, organiser.get_by_role("button", name="Buka pendaftaran"))
    assert organiser.get_by_text("Pendaftaran dibuka.").is_visible()

    staff_jatipurno, staff_kawedanan = new_page(width=1280), new_page(width=1280)
    enter(staff_jatipurno, portal, round_, "staf.jatipurno", ["Loket Keliling Jatipurno", "Arsip Desa Jatipurno"])
    enter(staff_kawedanan, portal, round_, "staf.kawedanan", ["Kelas Warga Kawedanan"])

    # Administrative check: two pass, one fails with a reason that its staff then read.
    organiser.reload()
    for title in ("Loket Keliling Jatipurno", "Kelas Warga Kawedanan"):
        row = organiser.locator("tr", has_text=title)
        row.get_by_label("Lolos", exact=True).check()
        submit(organiser, row.get_by_role("button", name="Simpan"))
    row = organiser.locator("tr", has_text="Arsip Desa Jatipurno")
    row.get_by_label("Tidak lolos", exact=True).check()
    row.get_by_label("Alasan tidak lolos").fill("Bukti penerapan belum dilampirkan.")
    submit(organiser, row.get_by_role("button", name="Simpan"))
    submit(organiser, organiser.get_by_role("button", name="Tutup pendaftaran dan mulai penilaian"))
    assert organiser.get_by_text("juri dapat mulai menilai").is_visible()
    staff_jatipurno.reload()
    assert staff_jatipurno.get_by_text("Bukti penerapan belum dilampirkan.").is_visible()

    # The Surabaya juror scores both entries on a phone; the total follows the inputs as they type.
    phone = new_page(width=360, height=740)
    sign_in(phone, portal, "juri.surabaya", jury)
    phone.get_by_role("link", name="Kelas Warga Kawedanan").click()
    score_entry(phone, [7, 7, 7, 7, 7], "Rapi, perlu data dampak.", "Simpan & berikutnya")
    assert phone.get_by_role("heading", name="Loket Keliling Jatipurno").is_visible()
    for (name, _weight), value in zip(RUBRIC, [9, 8, 7, 9, 10], strict=True):
        phone.get_by_label(re.compile(f"^{name}")).fill(str(value))
    assert phone.locator("[data-score-total] output").text_content() == "8,55"
    submit(phone, phone.get_by_role("button", name="Simpan", exact=True))
    assert phone.get_by_text("Nilai Loket Keliling Jatipurno disimpan.").is_visible()

    # The Wonogiri juror comes from Jatipurno's kabupaten: that entry is marked, not scorable.
    phone2 = new_page(width=360, height=740)
    sign_in(phone2, portal, "juri.wonogiri", jury)
    assert phone2.locator("li", has_text="Loket Keliling Jatipurno").get_by_text("Konflik kepentingan").is_visible()
    assert phone2.get_by_role("link", name="Loket Keliling Jatipurno").count() == 0
    assert fits(phone2, 360)
    shots(phone2, "juror-list-360")
    phone2.get_by_role("link", name="Kelas Warga Kawedanan").click()
    score_entry(phone2, [8, 8, 8, 8, 8], "Kuat di kolaborasi.", "Simpan")

    # Shortlists: both go on to the presentation, then to the field visit.
    for stage_name in ("Penilaian dokumen", "Presentasi"):
        organiser.goto(portal.url(dashboard))
        block = organiser.locator(".stage-block", has_text=stage_name)
        for box in block.locator("input[type=checkbox]").all():
            box.check()
        submit(organiser, block.get_by_role("button", name="Simpan daftar pendek"))
        assert organiser.get_by_text("2 peserta lolos ke tahap").is_visible()

    # Field visit recorded from the phone.
    phone.goto(portal.url(jury))
    phone.get_by_role("link", name="Loket Keliling Jatipurno").click()
    phone.get_by_label("Tanggal kunjungan").fill("2026-03-04")
    phone.get_by_label("Temuan").fill("Loket keliling melayani 40 warga di balai desa.")
    submit(phone, phone.get_by_role("button", name="Catat kunjungan"))
    assert phone.get_by_text("Kunjungan lapangan dicatat.").is_visible()
    assert phone.get_by_text("4 Maret 2026").is_visible()
    assert fits(phone, 360)
    juror_shot = shots(phone, "juror-360")

    organiser.goto(portal.url(dashboard))
    submit(organiser, organiser.get_by_role("button", name="Tutup nilai"))
    assert organiser.get_by_text("Nilai ditutup.").is_visible()
    ranking = organiser.locator(".ranking-table")
    assert ranking.locator("tr", has_text="Loket Keliling Jatipurno").get_by_text("Juara 1").is_visible()
    kawedanan = ranking.locator("tr", has_text="Kelas Warga Kawedanan")
    assert kawedanan.get_by_text("7,50").is_visible() and kawedanan.get_by_text("7,00–8,00").is_visible()
    dashboard_shot = shots(organiser, "dashboard-1280")
    submit(organiser, organiser.get_by_role("button", name="Konfirmasi dan umumkan hasil"))
    assert organiser.get_by_text("Hasil diumumkan dan tampil di halaman penghargaan.").is_visible()
    shots(organiser, "dashboard-published-1280")

    # The public award page shows exactly the published results.
    visitor = new_page(width=1280)
    visitor.goto(portal.url(round_.competition.get_absolute_url()))
    winners = [(w.locator(".badge.award").text_content().strip(), w.locator(".winner-innovation a").text_content())
               for w in visitor.locator(".winner").all()]
    expected = [(r.get_rank_display(), r.innovation.title)
                for r in Result.objects.filter(category__competition=round_.competition).order_by("rank")]
    assert winners == expected == [("Juara 1", "Loket Keliling Jatipurno"), ("Juara 2", "Kelas Warga Kawedanan")]
    for page in (organiser, staff_jatipurno, staff_kawedanan, phone, phone2, visitor):
        assert page.errors == []

    # WCAG 2.1 AA (axe-core, injected inline: these contexts bypass the CSP) on the juror's and organiser's pages.
    for username, path, width in [("juri.surabaya", jury, 360), ("editor.forcasi", dashboard, 1280)]:
        checker = new_page(width=width, bypass_csp=True)
        sign_in(checker, portal, username, path)
        if path == jury:
            checker.get_by_role("link", name="Loket Keliling Jatipurno").click()
        violations = axe_violations(checker)
        assert not violations, f"{checker.url}:\n{describe(violations)}"
    assert juror_shot.exists() and dashboard_shot.exists()

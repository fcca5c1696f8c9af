"""Demo accounts and demo innovations: who exists, what they may do, idempotence, never in production."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts import permissions
from demo import accounts as demo_accounts
from demo import innovations as demo_innovations
from demo.facts import seed_facts
from innovations.models import Innovation, StatusLog

User = get_user_model()


@pytest.fixture
def loaded(demo_regions, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()
    written = demo_accounts.load(out) + demo_innovations.load(out)
    return written


def test_accounts_have_their_roles_and_the_password(loaded):
    expected = {
        "admin": ("admin", ""), "staf.jatipurno": ("staf", "33.12.21"), "staf.kawedanan": ("staf", "35.20.05"),
        "reviewer.wonogiri": ("reviewer", "33.12"), "reviewer.jatim": ("reviewer", "35"),
        "editor.forcasi": ("editor", ""),
    }
    for username, assignment in expected.items():
        user = User.objects.get(username=username)
        assert user.is_staff and user.check_password("inovasi-demo-2025")
        assert list(user.role_assignments.values_list("role", "region_code")) == [assignment]
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()


def test_password_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "sandi-lain-2026")
    demo_accounts.load(io.StringIO())
    assert User.objects.get(username="staf.kawedanan").check_password("sandi-lain-2026")


def test_every_seed_innovation_is_published_with_its_facts(loaded):
    facts = seed_facts()["innovations"]
    assert Innovation.objects.published().count() == len(facts)
    for fact in facts:
        innovation = Innovation.objects.get(slug=fact["key"])
        assert innovation.title == fact["title"]
        assert innovation.kecamatan_id == fact["region"]
        assert innovation.theme.name == fact["theme"]
        assert innovation.is_digital is fact.get("digital", False)
        assert innovation.summary and innovation.published_at
        assert StatusLog.objects.filter(innovation=innovation, to_status="published").count() == 1
    solid = Innovation.objects.get(slug="solid-center")
    assert sorted(solid.desa.values_list("code", flat=True)) == sorted(
        next(f for f in facts if f["key"] == "solid-center")["desa"])
    assert solid.desa.count() == 7
    assert "Pendamping Lokal Desa (PLD)" in solid.partners


def test_indicators_keep_values_approximation_and_direction(loaded):
    serasa = Innovation.objects.get(slug="serasa-desa").indicators.get()
    assert serasa.lower_is_better
    assert list(serasa.values.values_list("period", "value")) == [
        ("2021", Decimal("20")), ("2022", Decimal("10")), ("2023", Decimal("7"))]
    sembako = Innovation.objects.get(slug="jumat-smart").indicators.get()
    value = sembako.values.get()
    assert (value.period, value.value, value.approximate) == ("2023-01/2023-10", Decimal("150"), True)
    assert not sembako.lower_is_better


def test_second_run_writes_nothing(loaded):
    assert loaded > 0
    out = io.StringIO()
    assert demo_accounts.load(out) == 0
    assert demo_innovations.load(out) == 0


def test_load_demo_command_runs_both_steps_idempotently(demo_regions):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert User.objects.filter(username="reviewer.jatim").exists()
    assert Innovation.objects.filter(slug="jumat-smart").exists()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "tidak ada perubahan" in out.getvalue()


def test_dry_run_leaves_nothing(demo_regions):
    call_command("load_demo", dry_run=True, stdout=io.StringIO())
    assert not User.objects.filter(username="admin").exists()
    assert not Innovation.objects.exists()


def test_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    with pytest.raises(RuntimeError):
        demo_accounts.load(io.StringIO())
    assert not User.objects.exists()


def test_innovations_need_the_regions(db):
    with pytest.raises(CommandError, match="import_regions"):
        demo_innovations.load(io.StringIO())


def test_demo_roles_act_as_their_scope_says(loaded, client):
    kawedanan = Innovation.objects.get(slug="jumat-smart")
    jatipurno = Innovation.objects.get(slug="wia-jatipurno")
    users = {u.username: u for u in User.objects.all()}
    assert permissions.may_review(users["reviewer.jatim"], kawedanan, "unpublish")
    assert not permissions.may_review(users["reviewer.jatim"], jatipurno, "unpublish")
    assert permissions.may_review(users["reviewer.wonogiri"], jatipurno, "unpublish")
    assert permissions.may_add_progress(users["staf.kawedanan"], kawedanan)
    assert not permissions.may_add_progress(users["staf.jatipurno"], kawedanan)

    client.force_login(users["staf.jatipurno"])
    changelist = client.get(reverse("admin:innovations_innovation_changelist")).content.decode()
    assert jatipurno.title in changelist and kawedanan.title not in changelist
    assert client.get(reverse("admin:innovations_innovation_change", args=[kawedanan.pk])).status_code == 404

"""Permission matrix: every role x every action x inside/outside its scope, asked of the permission
module and tried over the admin's URLs (typed by hand, as an attacker would)."""

import datetime

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from accounts import permissions
from innovations.models import Innovation, ProgressUpdate
from tests.innovation_world import S, build_world, change_post_data, entry

ROLES = ["staf", "reviewer", "editor", "admin", "nobody"]
ACTIONS = ["view", "edit", "delete", "submit", "resubmit", "approve", "return", "reject", "unpublish",
           "history", "revert", "recover", "add_progress"]
# The state each action starts from.
START = {"view": S.SUBMITTED, "edit": S.DRAFT, "delete": S.DRAFT, "submit": S.DRAFT, "resubmit": S.RETURNED,
         "approve": S.SUBMITTED, "return": S.SUBMITTED, "reject": S.SUBMITTED, "unpublish": S.PUBLISHED,
         "history": S.SUBMITTED, "revert": S.DRAFT, "recover": S.DRAFT, "add_progress": S.PUBLISHED}
STAFF_ACTIONS = {"view", "edit", "delete", "submit", "resubmit", "history", "revert", "add_progress"}
REVIEW_ACTIONS = {"view", "approve", "return", "reject", "unpublish", "history"}


def expected(role, action, inside):
    """Written out from DESIGN.md's role table, independently of accounts/permissions.py."""
    if role == "admin":
        return True
    if not inside or role in ("nobody", "editor"):
        return False
    if role == "staf":
        return action in STAFF_ACTIONS
    return action in REVIEW_ACTIONS


@pytest.fixture
def world(db):
    return build_world()


def actor(world, role, inside):
    """The role holder and the kecamatan of the entry (inside or outside the holder's scope)."""
    user = {"staf": world.staf, "reviewer": world.reviewer, "editor": world.editor, "admin": world.admin,
            "nobody": world.nobody}[role]
    if role == "staf":
        kecamatan = world.jatipurno if inside else world.girimarto
    else:
        kecamatan = world.jatipurno if inside else world.kawedanan
    return user, kecamatan


MODULE_ACTION = {"view": "view_workspace", "history": "view_workspace"}


@pytest.mark.parametrize("inside", [True, False], ids=["inside", "outside"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_module_matrix(world, role, action, inside):
    user, kecamatan = actor(world, role, inside)
    innovation = entry(kecamatan, START[action])
    assert permissions.may_act(user, innovation, MODULE_ACTION.get(action, action)) is expected(role, action, inside)


def _revision(innovation, user):
    with reversion.create_revision():
        reversion.set_user(user)
        innovation.save()
    return Version.objects.get_for_object(innovation).first()


def run_over_http(client, world, user, innovation, action):
    """Try `action` through the admin; returns (response, did_it_happen)."""
    client.force_login(user)
    pk = innovation.pk
    change_url = reverse("admin:innovations_innovation_change", args=[pk])
    if action == "view":
        response = client.get(change_url)
        return response, response.status_code == 200 and innovation.title in response.content.decode()
    if action == "history":
        response = client.get(reverse("admin:innovations_innovation_history", args=[pk]))
        return response, response.status_code == 200
    if action == "edit":
        response = client.post(change_url, change_post_data(innovation, title="Judul baru"))
        return response, Innovation.objects.get(pk=pk).title == "Judul baru"
    if action == "delete":
        response = client.post(reverse("admin:innovations_innovation_delete", args=[pk]), {"post": "yes"})
        return response, not Innovation.objects.filter(pk=pk).exists()
    if action == "revert":
        version = _revision(innovation, world.admin)
        Innovation.objects.filter(pk=pk).update(title="Ditimpa")
        url = reverse("admin:innovations_innovation_revision", args=[pk, version.pk])
        response = client.post(url, change_post_data(innovation))
        return response, Innovation.objects.get(pk=pk).title == innovation.title
    if action == "recover":
        _revision(innovation, world.admin)
        with reversion.create_revision():
            innovation.delete()
        version = Version.objects.get_deleted(Innovation).get(object_id=str(pk))
        url = reverse("admin:innovations_innovation_recover", args=[version.pk])
        response = client.post(url, change_post_data(innovation))
        return response, Innovation.objects.filter(pk=pk).exists()
    if action == "add_progress":
        response = client.post(reverse("admin:innovations_progressupdate_add"),
                               {"innovation": pk, "date": "2025-12-20", "text": "Diperluas ke dua desa."})
        return response, ProgressUpdate.objects.filter(innovation_id=pk).exists()
    url = reverse("admin:innovations_innovation_workflow", args=[pk, action])
    response = client.post(url, {f"{action}-note": "Catatan reviewer.", f"{action}-confirmed": "on"})
    return response, Innovation.objects.get(pk=pk).status != START[action]


@pytest.mark.parametrize("inside", [True, False], ids=["inside", "outside"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_admin_url_matrix(client, world, role, action, inside, django_capture_on_commit_callbacks):
    user, kecamatan = actor(world, role, inside)
    innovation = entry(kecamatan, START[action], title="Layanan Rahasia Uji")
    with django_capture_on_commit_callbacks(execute=True):
        response, happened = run_over_http(client, world, user, innovation, action)
    if expected(role, action, inside):
        assert happened, (response.status_code, response.content[:2000])
        assert response.status_code in (200, 302)
    else:
        assert not happened
        assert response.status_code in (403, 404) or (response.status_code == 200 and action == "add_progress")
        if response.status_code == 200:
            # A refused add form explains itself and shows nothing of the entry.
            assert "Layanan Rahasia Uji" not in response.content.decode()


def test_changelist_shows_only_the_workspace(client, world):
    own = entry(world.jatipurno, S.DRAFT, title="Milik Jatipurno")
    neighbour = entry(world.girimarto, S.SUBMITTED, title="Milik Girimarto")
    published_elsewhere = entry(world.kawedanan, S.PUBLISHED, title="Terbit di Kawedanan")
    client.force_login(world.staf)
    page = client.get(reverse("admin:innovations_innovation_changelist")).content.decode()
    assert own.title in page
    assert neighbour.title not in page and published_elsewhere.title not in page

    client.force_login(world.reviewer)
    page = client.get(reverse("admin:innovations_innovation_changelist")).content.decode()
    assert neighbour.title in page
    assert own.title not in page  # drafts stay with the staff
    assert published_elsewhere.title not in page


def test_autocomplete_offers_published_and_own_entries_only(client, world):
    entry(world.girimarto, S.SUBMITTED, title="Adaptasi Tertutup")
    entry(world.kawedanan, S.PUBLISHED, title="Adaptasi Terbuka")
    entry(world.jatipurno, S.DRAFT, title="Adaptasi Sendiri")
    client.force_login(world.staf)
    response = client.get(reverse("admin:autocomplete"), {
        "term": "Adaptasi", "app_label": "innovations", "model_name": "innovation", "field_name": "adapted_from"})
    assert response.status_code == 200
    titles = {row["text"] for row in response.json()["results"]}
    assert titles == {"Adaptasi Terbuka", "Adaptasi Sendiri"}


def test_staff_can_pick_only_their_kecamatan_and_its_desa(client, world):
    client.force_login(world.staf)
    page = client.get(reverse("admin:innovations_innovation_add")).content.decode()
    assert "Jatipurno" in page and "Girimarto" not in page
    assert "Slogoretno" in page and "Bubakan" not in page

    draft = Innovation(title="Pindah Kecamatan", kecamatan=world.jatipurno, theme=world.theme, summary="x")
    data = change_post_data(draft, kecamatan="33.12.22", desa=[world.girimarto_desa.pk])
    response = client.post(reverse("admin:innovations_innovation_add"), data)
    assert response.status_code == 200
    assert not Innovation.objects.filter(title="Pindah Kecamatan").exists()
    form = response.context["adminform"].form
    assert "kecamatan" in form.errors
    # Everything else typed stays in the form.
    assert form.data["title"] == "Pindah Kecamatan"


def test_desa_of_another_kecamatan_is_refused(client, world):
    client.force_login(world.staf)
    draft = Innovation(title="Desa Tetangga", kecamatan=world.jatipurno, theme=world.theme, summary="x")
    response = client.post(reverse("admin:innovations_innovation_add"),
                           change_post_data(draft, desa=[world.girimarto_desa.pk]))
    assert response.status_code == 200
    assert "desa" in response.context["adminform"].form.errors
    assert not Innovation.objects.filter(title="Desa Tetangga").exists()


def test_staff_adds_an_entry_of_their_kecamatan(client, world):
    client.force_login(world.staf)
    draft = Innovation(title="Posyandu Keliling", kecamatan=world.jatipurno, theme=world.theme,
                       summary="Pelayanan posyandu datang ke dusun.")
    response = client.post(reverse("admin:innovations_innovation_add"),
                           change_post_data(draft, desa=[world.slogoretno.pk]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Innovation.objects.get(title="Posyandu Keliling")
    assert created.status == S.DRAFT and created.created_by == world.staf
    assert list(created.desa.all()) == [world.slogoretno]
    assert created.kabupaten_id == "33.12"


def test_reviewer_sees_the_entry_read_only(client, world):
    submitted = entry(world.jatipurno, S.SUBMITTED, title="Dibaca Reviewer")
    client.force_login(world.reviewer)
    response = client.get(reverse("admin:innovations_innovation_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert 'name="title"' not in response.content.decode()
    # Workflow buttons are there instead.
    names = [a["name"] for a in response.context["workflow_actions"]]
    assert names == ["approve", "return", "reject"]


def test_staff_cannot_edit_while_submitted_or_published(client, world):
    for status in (S.SUBMITTED, S.PUBLISHED):
        innovation = entry(world.jatipurno, status, title=f"Terkunci {status}")
        client.force_login(world.staf)
        response = client.post(reverse("admin:innovations_innovation_change", args=[innovation.pk]),
                               change_post_data(innovation, title="Diubah diam-diam"))
        assert response.status_code == 403
        assert Innovation.objects.get(pk=innovation.pk).title == f"Terkunci {status}"


def test_reviewer_queue_is_scoped_and_oldest_first(client, world, django_assert_max_num_queries):
    old = entry(world.jatipurno, S.SUBMITTED, title="Antre Lama")
    new = entry(world.girimarto, S.SUBMITTED, title="Antre Baru")
    Innovation.objects.filter(pk=old.pk).update(submitted_at=new.submitted_at - datetime.timedelta(days=3))
    entry(world.kawedanan, S.SUBMITTED, title="Antre Jatim")
    entry(world.jatipurno, S.PUBLISHED, title="Sudah Terbit")
    client.force_login(world.reviewer)
    url = reverse("admin:innovations_reviewqueueentry_changelist")
    page = client.get(url).content.decode()
    assert "Antre Jatim" not in page and "Sudah Terbit" not in page
    assert page.index("Antre Lama") < page.index("Antre Baru")
    assert "3 hari" in page

    client.force_login(world.staf)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("rows", [5, 50])
def test_review_queue_query_count_does_not_grow(client, world, rows, django_assert_max_num_queries):
    for n in range(rows):
        entry(world.jatipurno if n % 2 else world.girimarto, S.SUBMITTED, title=f"Antre {n}")
    client.force_login(world.reviewer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:innovations_reviewqueueentry_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_changelist_query_count_does_not_grow(client, world, rows, django_assert_max_num_queries):
    for n in range(rows):
        entry(world.jatipurno, S.DRAFT, title=f"Draf {n}")
    client.force_login(world.staf)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:innovations_innovation_changelist"))
    assert response.status_code == 200


def test_users_and_roles_are_for_administrators_only(client, world):
    for user, allowed in ((world.admin, True), (world.staf, False), (world.reviewer, False), (world.editor, False)):
        client.force_login(user)
        for name in ("admin:auth_user_changelist", "admin:accounts_roleassignment_changelist"):
            assert (client.get(reverse(name)).status_code == 200) is allowed, (user, name)


def test_parts_of_another_kecamatans_entry_are_404(client, world):
    from innovations.models import Indicator
    from innovations.workflow import add_progress_update

    neighbour = entry(world.girimarto, S.PUBLISHED, title="Milik Girimarto")
    indicator = Indicator.objects.create(innovation=neighbour, name="Rahasia", unit="orang")
    update = add_progress_update(neighbour, world.staf_girimarto, datetime.date(2025, 1, 2), "Catatan tetangga.")
    client.force_login(world.staf)
    for url in (reverse("admin:innovations_indicator_change", args=[indicator.pk]),
                reverse("admin:innovations_progressupdate_change", args=[update.pk])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Diambil", "unit": "x"}).status_code == 404
    indicator.refresh_from_db()
    assert indicator.name == "Rahasia"
    page = client.get(reverse("admin:innovations_progressupdate_changelist")).content.decode()
    assert "Catatan tetangga." not in page


def test_view_on_site_only_for_published_entries(client, world):
    draft = entry(world.jatipurno, S.DRAFT)
    published = entry(world.jatipurno, S.PUBLISHED)
    client.force_login(world.staf)
    draft_page = client.get(reverse("admin:innovations_innovation_change", args=[draft.pk]))
    published_page = client.get(reverse("admin:innovations_innovation_change", args=[published.pk]))
    assert "viewsitelink" not in draft_page.content.decode()  # a draft has no public page
    assert "viewsitelink" in published_page.content.decode()


def test_administrator_assigns_roles_with_checked_regions(client, world):
    from accounts.models import RoleAssignment

    client.force_login(world.admin)
    url = reverse("admin:accounts_roleassignment_add")
    response = client.post(url, {"user": world.nobody.pk, "role": "staf", "region_code": "33.12"})
    assert response.status_code == 200
    assert "harus ditugaskan ke satu kecamatan" in response.content.decode()
    response = client.post(url, {"user": world.nobody.pk, "role": "staf", "region_code": "33.12.21"})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=world.nobody, role="staf", region_code="33.12.21").exists()
    # The permission module sees the new role at once.
    world.nobody.refresh_from_db()
    assert permissions.may_create(world.nobody, "33.12.21")


def test_portal_administrator_cannot_take_over_a_superuser(client, world):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True)
    client.force_login(world.admin)  # administrator by role, not a superuser
    assert client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code == 404
    page = client.get(reverse("admin:auth_user_change", args=[world.staf.pk])).content.decode()
    assert 'name="is_superuser"' not in page
    assert client.post(reverse("admin:auth_user_password_change", args=[root.pk]),
                       {"password1": "diambil-alih-123", "password2": "diambil-alih-123"}).status_code == 404
    root.refresh_from_db()
    assert not root.check_password("diambil-alih-123")

"""The review workflow: every transition, every refusal (state, role, scope), status log, e-mail."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from innovations import workflow
from innovations.models import ProgressUpdate, StatusLog
from tests.innovation_world import S, build_world, entry


@pytest.fixture
def world(db):
    return build_world()


ALLOWED = [
    # action, start, end, actor attribute, note
    ("submit", S.DRAFT, S.SUBMITTED, "staf", ""),
    ("resubmit", S.RETURNED, S.SUBMITTED, "staf", ""),
    ("approve", S.SUBMITTED, S.PUBLISHED, "reviewer", ""),
    ("return", S.SUBMITTED, S.RETURNED, "reviewer", "Lengkapi indikator dampak."),
    ("reject", S.SUBMITTED, S.REJECTED, "reviewer", "Bukan inovasi kecamatan."),
    ("unpublish", S.PUBLISHED, S.RETURNED, "reviewer", "Foto memuat data pribadi warga."),
]


@pytest.mark.parametrize(("action", "start", "end", "who", "note"), ALLOWED, ids=[a[0] for a in ALLOWED])
def test_each_transition_saves_logs_and_mails(world, action, start, end, who, note,
                                              django_capture_on_commit_callbacks):
    innovation = entry(world.jatipurno, start, created_by=world.staf)
    user = getattr(world, who)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.perform(action, innovation, user, note)
    innovation.refresh_from_db()
    assert innovation.status == end
    log = StatusLog.objects.get(innovation=innovation)
    assert (log.actor, log.from_status, log.to_status, log.note) == (user, start, end, note)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    if action in ("submit", "resubmit"):
        # The reviewers whose scope holds Jatipurno: kabupaten and national, not Jawa Timur's.
        assert recipients == ["reviewer.nasional@contoh.go.id", "reviewer.wonogiri@contoh.go.id"]
    else:
        assert recipients == ["staf.jatipurno@contoh.go.id"]
        assert innovation.title in mail.outbox[0].subject
        if note:
            assert note in mail.outbox[0].body
    assert f"/admin/innovations/innovation/{innovation.pk}/change/" in mail.outbox[0].body


def test_timestamps_follow_the_transitions(world):
    innovation = entry(world.jatipurno, S.DRAFT)
    workflow.submit(innovation, world.staf)
    assert innovation.submitted_at is not None and innovation.published_at is None
    workflow.approve(innovation, world.reviewer)
    assert innovation.published_at >= innovation.submitted_at


def test_full_round_trip_keeps_every_step_in_the_log(world):
    innovation = entry(world.jatipurno, S.DRAFT)
    workflow.submit(innovation, world.staf)
    workflow.return_for_revision(innovation, world.reviewer, "Tambah foto.")
    workflow.resubmit(innovation, world.staf)
    workflow.approve(innovation, world.reviewer)
    workflow.unpublish(innovation, world.reviewer_nasional, "Salah kecamatan.")
    steps = list(StatusLog.objects.filter(innovation=innovation).order_by("id")
                 .values_list("from_status", "to_status"))
    assert steps == [(S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.RETURNED), (S.RETURNED, S.SUBMITTED),
                     (S.SUBMITTED, S.PUBLISHED), (S.PUBLISHED, S.RETURNED)]


WRONG_STATE = [
    (action, status)
    for action, sources in {"submit": (S.DRAFT,), "resubmit": (S.RETURNED,), "approve": (S.SUBMITTED,),
                            "return": (S.SUBMITTED,), "reject": (S.SUBMITTED,),
                            "unpublish": (S.PUBLISHED,)}.items()
    for status in S.values if status not in sources
]


@pytest.mark.parametrize(("action", "status"), WRONG_STATE)
def test_wrong_state_is_refused(world, action, status):
    innovation = entry(world.jatipurno, status)
    user = world.admin  # may do everything: only the state can refuse
    with pytest.raises(workflow.WrongState):
        workflow.perform(action, innovation, user, "catatan")
    innovation.refresh_from_db()
    assert innovation.status == status
    assert not StatusLog.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(("action", "start", "_end", "who", "note"), ALLOWED, ids=[a[0] for a in ALLOWED])
@pytest.mark.parametrize("intruder", ["staf_girimarto", "reviewer_jatim", "editor", "nobody", "wrong_role"])
def test_wrong_role_or_scope_is_refused(world, action, start, _end, who, note, intruder):
    innovation = entry(world.jatipurno, start)
    if intruder == "wrong_role":
        # Staff of the kecamatan cannot review; the kecamatan's reviewer cannot submit.
        user = world.reviewer if who == "staf" else world.staf
    else:
        user = getattr(world, intruder)
    with pytest.raises(workflow.NotAllowed):
        workflow.perform(action, innovation, user, note or "catatan")
    innovation.refresh_from_db()
    assert innovation.status == start
    assert not StatusLog.objects.exists()


@pytest.mark.parametrize("action", ["return", "reject", "unpublish"])
def test_note_is_required(world, action):
    start = S.PUBLISHED if action == "unpublish" else S.SUBMITTED
    innovation = entry(world.jatipurno, start)
    with pytest.raises(workflow.NoteRequired):
        workflow.perform(action, innovation, world.reviewer, "   ")
    innovation.refresh_from_db()
    assert innovation.status == start


def test_second_reviewer_acting_on_a_stale_object_is_refused(world):
    innovation = entry(world.jatipurno, S.SUBMITTED)
    stale_copy = type(innovation).objects.get(pk=innovation.pk)
    workflow.approve(innovation, world.reviewer)
    with pytest.raises(workflow.WrongState):
        workflow.reject(stale_copy, world.reviewer_nasional, "Terlambat.")
    assert StatusLog.objects.filter(innovation=innovation).count() == 1


def test_available_actions_combine_role_scope_and_state(world):
    draft = entry(world.jatipurno, S.DRAFT)
    submitted = entry(world.jatipurno, S.SUBMITTED)
    published = entry(world.jatipurno, S.PUBLISHED)
    assert workflow.available_actions(world.staf, draft) == ["submit"]
    assert workflow.available_actions(world.staf, submitted) == []
    assert workflow.available_actions(world.reviewer, submitted) == ["approve", "return", "reject"]
    assert workflow.available_actions(world.reviewer, published) == ["unpublish"]
    assert workflow.available_actions(world.reviewer_jatim, submitted) == []


# --- Through the admin ----------------------------------------------------------------------------

def test_admin_return_needs_a_comment_and_keeps_the_form(client, world):
    innovation = entry(world.jatipurno, S.SUBMITTED)
    client.force_login(world.reviewer)
    url = reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "return"])
    response = client.post(url, {"return-note": ""})
    assert response.status_code == 200
    assert "wajib diisi" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_admin_return_comment_is_shown_to_staff(client, world, django_capture_on_commit_callbacks):
    innovation = entry(world.jatipurno, S.SUBMITTED)
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "return"]),
                               {"return-note": "Tambahkan SK camat sebagai bukti."})
    assert response.status_code == 302
    client.force_login(world.staf)
    page = client.get(reverse("admin:innovations_innovation_change", args=[innovation.pk])).content.decode()
    assert "workflow-decision" in page
    assert "Tambahkan SK camat sebagai bukti." in page
    # Returned: staff may edit again and resubmit.
    assert 'name="title"' in page and "Ajukan ulang" in page


def test_admin_workflow_requires_post_with_csrf(world):
    from django.test import Client

    innovation = entry(world.jatipurno, S.SUBMITTED)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.reviewer)
    response = strict.post(reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "approve"]), {})
    assert response.status_code == 403
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_admin_get_only_shows_the_confirmation(client, world):
    innovation = entry(world.jatipurno, S.SUBMITTED)
    client.force_login(world.reviewer)
    response = client.get(reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "approve"]))
    assert response.status_code == 200
    innovation.refresh_from_db()
    assert innovation.status == S.SUBMITTED


def test_admin_action_in_wrong_state_explains(client, world):
    innovation = entry(world.jatipurno, S.PUBLISHED)
    client.force_login(world.reviewer)
    response = client.post(reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "approve"]),
                           {}, follow=True)
    assert "tidak tersedia" in response.content.decode()
    innovation.refresh_from_db()
    assert innovation.status == S.PUBLISHED


def test_unknown_action_is_404(client, world):
    innovation = entry(world.jatipurno, S.SUBMITTED)
    client.force_login(world.admin)
    url = reverse("admin:innovations_innovation_workflow", args=[innovation.pk, "publish_now"])
    assert client.post(url).status_code == 404


# --- Progress updates -----------------------------------------------------------------------------

def test_progress_update_waits_for_a_reviewer(world, django_capture_on_commit_callbacks):
    innovation = entry(world.jatipurno, S.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        update = workflow.add_progress_update(innovation, world.staf, datetime.date(2025, 12, 20),
                                              "Diterapkan di dua desa lagi.")
    assert update.status == ProgressUpdate.Status.PENDING
    assert sorted(m.to[0] for m in mail.outbox) == ["reviewer.nasional@contoh.go.id",
                                                     "reviewer.wonogiri@contoh.go.id"]
    with pytest.raises(workflow.NotAllowed):
        workflow.approve_progress_update(update, world.reviewer_jatim)
    with pytest.raises(workflow.NotAllowed):
        workflow.approve_progress_update(update, world.staf)
    workflow.approve_progress_update(update, world.reviewer)
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED and update.reviewed_by == world.reviewer
    with pytest.raises(workflow.WrongState):
        workflow.reject_progress_update(update, world.reviewer)


def test_progress_update_refused_on_draft_or_outside(world):
    with pytest.raises(workflow.NotAllowed):
        workflow.add_progress_update(entry(world.jatipurno, S.DRAFT), world.staf, datetime.date.today(), "x")
    with pytest.raises(workflow.NotAllowed):
        workflow.add_progress_update(entry(world.girimarto, S.PUBLISHED), world.staf, datetime.date.today(), "x")
    assert not ProgressUpdate.objects.exists()


def test_reviewer_approves_progress_in_the_admin(client, world):
    innovation = entry(world.jatipurno, S.PUBLISHED)
    update = workflow.add_progress_update(innovation, world.staf, datetime.date(2025, 12, 1), "Tahap dua.")
    client.force_login(world.reviewer)
    response = client.post(reverse("admin:innovations_progressupdate_changelist"),
                           {"action": "approve_selected", "_selected_action": [update.pk]})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.status == ProgressUpdate.Status.APPROVED


def test_mail_server_outage_does_not_undo_the_transition(world, settings, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    from innovations import notifications

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_mass_mail", broken)
    innovation = entry(world.jatipurno, S.SUBMITTED, created_by=world.staf)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.approve(innovation, world.reviewer)
    innovation.refresh_from_db()
    assert innovation.status == S.PUBLISHED

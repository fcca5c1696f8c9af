"""The review workflow of an innovation: one function per transition.

    draft --submit--> submitted --approve--> published
      ^                  |  \\--reject--> rejected
      |                  \\--return (comment required)--> returned --resubmit--> submitted
    published --unpublish (reason required)--> returned

Each function asks accounts/permissions.py, locks the row (select_for_update), checks the
state on the locked row, saves, writes a StatusLog row and, once the transaction commits,
e-mails the people concerned (innovations/notifications.py). Progress updates of a
submitted or published entry go through the same steps with their own three functions.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from innovations import notifications
from innovations.models import Innovation, ProgressUpdate, StatusLog

S = Innovation.Status


class WorkflowError(Exception):
    """A transition that cannot happen; `message` is shown to the user as it is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotAllowed(WorkflowError, PermissionDenied):
    """The user's role or scope does not allow it."""


class WrongState(WorkflowError):
    """The entry's status does not allow it (perhaps someone else acted a moment earlier)."""


class NoteRequired(WorkflowError):
    """Return, reject and unpublish need a comment for the staff."""


# action -> (statuses it starts from, status it leads to, note required, permission question)
TRANSITIONS = {
    "submit": ((S.DRAFT,), S.SUBMITTED, False, permissions.may_submit),
    "resubmit": ((S.RETURNED,), S.SUBMITTED, False, permissions.may_submit),
    "approve": ((S.SUBMITTED,), S.PUBLISHED, False, lambda u, i: permissions.may_review(u, i, "approve")),
    "return": ((S.SUBMITTED,), S.RETURNED, True, lambda u, i: permissions.may_review(u, i, "return")),
    "reject": ((S.SUBMITTED,), S.REJECTED, True, lambda u, i: permissions.may_review(u, i, "reject")),
    "unpublish": ((S.PUBLISHED,), S.RETURNED, True, lambda u, i: permissions.may_review(u, i, "unpublish")),
}

LABELS = {
    "submit": _("Ajukan untuk diverifikasi"),
    "resubmit": _("Ajukan ulang"),
    "approve": _("Setujui dan terbitkan"),
    "return": _("Kembalikan untuk diperbaiki"),
    "reject": _("Tolak"),
    "unpublish": _("Tarik dari publikasi"),
}

NOTE_LABELS = {
    "return": _("Komentar untuk staf (apa yang harus diperbaiki)"),
    "reject": _("Alasan penolakan"),
    "unpublish": _("Alasan penarikan"),
}


def available_actions(user, innovation):
    """The transitions this user may start on this entry now (permission and state)."""
    return [action for action, (sources, _target, _note, allowed) in TRANSITIONS.items()
            if innovation.status in sources and allowed(user, innovation)]


def note_required(action):
    return TRANSITIONS[action][2]


def _transition(action, innovation, user, note=""):
    sources, target, needs_note, allowed = TRANSITIONS[action]
    note = (note or "").strip()
    if not allowed(user, innovation):
        raise NotAllowed(_("Anda tidak berwenang melakukan tindakan ini pada inovasi ini."))
    if needs_note and not note:
        raise NoteRequired(_("Tuliskan komentar atau alasan: staf kecamatan perlu tahu apa yang harus dilakukan."))
    with transaction.atomic():
        locked = Innovation.objects.select_for_update().get(pk=innovation.pk)
        # Checked again on the locked row: a second reviewer may have acted in the meantime,
        # and a kecamatan may have been changed since the object was read.
        if not allowed(user, locked):
            raise NotAllowed(_("Anda tidak berwenang melakukan tindakan ini pada inovasi ini."))
        if locked.status not in sources:
            raise WrongState(_("Tindakan \"%(action)s\" tidak bisa dilakukan: status inovasi sekarang %(status)s.")
                             % {"action": LABELS[action], "status": locked.get_status_display()})
        from_status = locked.status
        now = timezone.now()
        locked.status = target
        fields = ["status", "updated_at"]
        if target == S.SUBMITTED:
            locked.submitted_at = now
            fields.append("submitted_at")
        if target == S.PUBLISHED:
            locked.published_at = now
            fields.append("published_at")
        locked.save(update_fields=fields)
        StatusLog.objects.create(innovation=locked, actor=user, from_status=from_status, to_status=target, note=note)
        transaction.on_commit(lambda: notifications.notify(action, locked, user, note))
    for field in fields:
        setattr(innovation, field, getattr(locked, field))
    return innovation


def submit(innovation, user, note=""):
    """Staff send a draft to the reviewers of their kabupaten/provinsi."""
    return _transition("submit", innovation, user, note)


def resubmit(innovation, user, note=""):
    """Staff send a returned entry back after fixing it."""
    return _transition("resubmit", innovation, user, note)


def approve(innovation, user, note=""):
    """A reviewer publishes a submitted entry."""
    return _transition("approve", innovation, user, note)


def return_for_revision(innovation, user, comment):
    """A reviewer sends a submitted entry back to the staff with a comment."""
    return _transition("return", innovation, user, comment)


def reject(innovation, user, reason):
    """A reviewer refuses a submitted entry for good, with a reason."""
    return _transition("reject", innovation, user, reason)


def unpublish(innovation, user, reason):
    """A reviewer takes a published entry off the public site; it goes back to the staff."""
    return _transition("unpublish", innovation, user, reason)


FUNCTIONS = {
    "submit": submit,
    "resubmit": resubmit,
    "approve": approve,
    "return": return_for_revision,
    "reject": reject,
    "unpublish": unpublish,
}


def perform(action, innovation, user, note=""):
    """Run the transition named `action` (as the admin's buttons name them)."""
    if action not in FUNCTIONS:
        raise WrongState(_("Tindakan tidak dikenal."))
    return FUNCTIONS[action](innovation, user, note)


# --- Progress updates -------------------------------------------------------------------------

def add_progress_update(innovation, user, date, text):
    """Staff record a dated progress note on a submitted or published entry; it waits for a reviewer."""
    text = (text or "").strip()
    if not permissions.may_add_progress(user, innovation):
        raise NotAllowed(_("Perkembangan hanya bisa ditambahkan oleh staf kecamatan pada inovasi yang sudah "
                           "diajukan atau terbit."))
    if not text:
        raise NoteRequired(_("Tuliskan perkembangannya."))
    update = ProgressUpdate.objects.create(innovation=innovation, date=date, text=text, created_by=user)
    transaction.on_commit(lambda: notifications.notify("progress_submitted", innovation, user))
    return update


def _decide_progress(update, user, status, event):
    if not permissions.may_review_progress(user, update.innovation):
        raise NotAllowed(_("Anda tidak berwenang memverifikasi perkembangan ini."))
    with transaction.atomic():
        locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
        if locked.status != ProgressUpdate.Status.PENDING:
            raise WrongState(_("Perkembangan ini sudah diverifikasi sebelumnya."))
        locked.status = status
        locked.reviewed_by = user
        locked.save(update_fields=["status", "reviewed_by"])
        innovation = update.innovation
        transaction.on_commit(lambda: notifications.notify(event, innovation, user))
    update.status, update.reviewed_by = locked.status, user
    return update


def approve_progress_update(update, user):
    """A reviewer in scope makes a progress update public."""
    return _decide_progress(update, user, ProgressUpdate.Status.APPROVED, "progress_approved")


def reject_progress_update(update, user):
    """A reviewer in scope keeps a progress update off the public page."""
    return _decide_progress(update, user, ProgressUpdate.Status.REJECTED, "progress_rejected")

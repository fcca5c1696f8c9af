"""E-mails about an innovation's review: to the reviewers on submit, to the submitter on a decision."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submit": _("Inovasi diajukan untuk diverifikasi: %(title)s"),
    "resubmit": _("Inovasi diajukan ulang untuk diverifikasi: %(title)s"),
    "approve": _("Inovasi Anda diterbitkan: %(title)s"),
    "return": _("Inovasi Anda dikembalikan untuk diperbaiki: %(title)s"),
    "reject": _("Inovasi Anda ditolak: %(title)s"),
    "unpublish": _("Inovasi Anda ditarik dari publikasi: %(title)s"),
    "progress_submitted": _("Perkembangan baru menunggu verifikasi: %(title)s"),
    "progress_approved": _("Perkembangan disetujui: %(title)s"),
    "progress_rejected": _("Perkembangan ditolak: %(title)s"),
}

BODIES = {
    "submit": _("%(actor)s mengajukan inovasi \"%(title)s\" (%(kecamatan)s) untuk diverifikasi."),
    "resubmit": _("%(actor)s mengajukan ulang inovasi \"%(title)s\" (%(kecamatan)s) setelah diperbaiki."),
    "approve": _("Inovasi \"%(title)s\" sudah diverifikasi oleh %(actor)s dan kini tampil untuk publik."),
    "return": _("Inovasi \"%(title)s\" dikembalikan oleh %(actor)s untuk diperbaiki."),
    "reject": _("Inovasi \"%(title)s\" ditolak oleh %(actor)s."),
    "unpublish": _("Inovasi \"%(title)s\" ditarik dari publikasi oleh %(actor)s dan kembali ke status "
                   "dikembalikan; perbaiki lalu ajukan ulang."),
    "progress_submitted": _("%(actor)s menambahkan perkembangan pada inovasi \"%(title)s\" (%(kecamatan)s)."),
    "progress_approved": _("Perkembangan pada inovasi \"%(title)s\" disetujui oleh %(actor)s."),
    "progress_rejected": _("Perkembangan pada inovasi \"%(title)s\" ditolak oleh %(actor)s."),
}


def admin_url(innovation):
    return settings.SITE_URL + reverse("admin:innovations_innovation_change", args=[innovation.pk])


def reviewer_emails(innovation):
    """Addresses of the active reviewers whose scope holds the entry's kecamatan."""
    code = innovation.kecamatan_id
    parts = code.split(".")
    enclosing = ["", *(".".join(parts[:n]) for n in range(1, len(parts) + 1))]
    users = get_user_model().objects.filter(
        Q(role_assignments__role=Role.REVIEWER, role_assignments__region_code__in=enclosing),
        is_active=True,
    ).exclude(email="").distinct()
    return sorted(users.values_list("email", flat=True))


def submitter_emails(innovation):
    """The entry's author and the active staff of its kecamatan (whoever answers the decision)."""
    users = get_user_model().objects.filter(
        Q(pk=innovation.created_by_id)
        | Q(role_assignments__role=Role.STAF, role_assignments__region_code=innovation.kecamatan_id),
        is_active=True,
    ).exclude(email="").distinct()
    return sorted(users.values_list("email", flat=True))


def notify(event, innovation, actor, note=""):
    """Send the e-mail of `event`; returns the number of messages sent."""
    to_reviewers = event in ("submit", "resubmit", "progress_submitted")
    recipients = reviewer_emails(innovation) if to_reviewers else submitter_emails(innovation)
    recipients = [address for address in recipients if address != getattr(actor, "email", None)]
    if not recipients:
        return 0
    params = {
        "title": innovation.title,
        "kecamatan": innovation.kecamatan.display_name,
        "actor": actor.get_full_name() or actor.get_username(),
    }
    lines = [str(BODIES[event] % params)]
    if note:
        lines += ["", str(_("Catatan:")), note]
    lines += ["", str(_("Buka entri: %(url)s") % {"url": admin_url(innovation)}), "", settings.SITE_NAME]
    subject = str(SUBJECTS[event] % params)
    body = "\n".join(lines)
    # One message per address: reviewers of different offices need not see each other's address.
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except OSError:
        # The transition is already committed; a mail server outage must not turn it into an error page.
        logger.exception("notification %s for innovation %s not sent", event, innovation.pk)
        return 0

"""Role assignments: which user holds which role over which region."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.models import get_region, region_model_for_code


class Role(models.TextChoices):
    STAF = "staf", _("Staf kecamatan")
    REVIEWER = "reviewer", _("Reviewer (verifikator/juri)")
    EDITOR = "editor", _("Editor forum")
    ADMIN = "admin", _("Administrator")


class RoleAssignment(models.Model):
    """(user, role, region). The region is a Kemendagri code; empty means the whole country.

    Staf kecamatan needs a kecamatan code; a reviewer a kabupaten/kota, a provinsi or
    nothing (national); editors and administrators act portal-wide and take no region.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="role_assignments", verbose_name=_("pengguna"))
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    region_code = models.CharField(
        _("kode wilayah"), max_length=13, blank=True,
        help_text=_("Kode Kemendagri wilayah tugas, misalnya 33.12.21 untuk Kecamatan Jatipurno. "
                    "Kosongkan untuk cakupan nasional."),
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penugasan peran")
        verbose_name_plural = _("penugasan peran")
        ordering = ["user__username", "role", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "region_code"], name="unique_role_assignment"),
        ]
        indexes = [models.Index(fields=["role", "region_code"])]

    def __str__(self):
        where = self.region_code or _("nasional")
        return f"{self.user} · {self.get_role_display()} · {where}"

    @property
    def region(self):
        return get_region(self.region_code) if self.region_code else None

    def clean(self):
        code = self.region_code.strip()
        self.region_code = code
        if code:
            model = region_model_for_code(code)
            if model is None or get_region(code) is None:
                raise ValidationError({"region_code": _("Kode wilayah %(code)s tidak dikenal.") % {"code": code}})
            level = model.level
        else:
            level = 0
        allowed = {
            Role.STAF: {3},
            Role.REVIEWER: {0, 1, 2},
            Role.EDITOR: {0},
            Role.ADMIN: {0},
        }[self.role]
        if level not in allowed:
            messages = {
                Role.STAF: _("Staf kecamatan harus ditugaskan ke satu kecamatan (kode seperti 33.12.21)."),
                Role.REVIEWER: _("Reviewer ditugaskan ke kabupaten/kota, provinsi, atau nasional (kosong)."),
                Role.EDITOR: _("Editor forum berlaku untuk seluruh portal; kosongkan kode wilayah."),
                Role.ADMIN: _("Administrator berlaku untuk seluruh portal; kosongkan kode wilayah."),
            }
            raise ValidationError({"region_code": messages[self.role]})

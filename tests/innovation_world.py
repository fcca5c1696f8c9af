"""A small world of regions, role holders and entries for the innovation workflow and admin tests."""

from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Role
from innovations.models import Innovation
from tests.factories import (
    DesaFactory,
    InnovationFactory,
    KabupatenFactory,
    KecamatanFactory,
    ProvinsiFactory,
    RoleAssignmentFactory,
    ThemeFactory,
    UserFactory,
)

S = Innovation.Status


def user_with_role(username, role=None, region=""):
    user = UserFactory(username=username)
    if role:
        RoleAssignmentFactory(user=user, role=role, region_code=region)
    return user


def build_world():
    """Jatipurno (33.12.21) and a neighbour (33.12.22) in Wonogiri (33.12), Kawedanan (35.20.05) in Jawa Timur."""
    w = SimpleNamespace()
    w.jateng = ProvinsiFactory(code="33", name="Jawa Tengah")
    w.jatim = ProvinsiFactory(code="35", name="Jawa Timur")
    w.wonogiri = KabupatenFactory(code="33.12", name="Wonogiri", provinsi=w.jateng)
    w.magetan = KabupatenFactory(code="35.20", name="Magetan", provinsi=w.jatim)
    w.jatipurno = KecamatanFactory(code="33.12.21", name="Jatipurno", kabupaten=w.wonogiri, provinsi=w.jateng)
    w.girimarto = KecamatanFactory(code="33.12.22", name="Girimarto", kabupaten=w.wonogiri, provinsi=w.jateng)
    w.kawedanan = KecamatanFactory(code="35.20.05", name="Kawedanan", kabupaten=w.magetan, provinsi=w.jatim)
    w.slogoretno = DesaFactory(code="33.12.21.2006", name="Slogoretno", kecamatan=w.jatipurno)
    w.girimarto_desa = DesaFactory(code="33.12.22.2001", name="Bubakan", kecamatan=w.girimarto)
    w.theme = ThemeFactory(name="Pelayanan publik")

    w.admin = user_with_role("admin.uji", Role.ADMIN)
    w.staf = user_with_role("staf.jatipurno", Role.STAF, "33.12.21")
    w.staf_girimarto = user_with_role("staf.girimarto", Role.STAF, "33.12.22")
    w.staf_kawedanan = user_with_role("staf.kawedanan", Role.STAF, "35.20.05")
    w.reviewer = user_with_role("reviewer.wonogiri", Role.REVIEWER, "33.12")
    w.reviewer_jatim = user_with_role("reviewer.jatim", Role.REVIEWER, "35")
    w.reviewer_nasional = user_with_role("reviewer.nasional", Role.REVIEWER, "")
    w.editor = user_with_role("editor.forcasi", Role.EDITOR)
    w.nobody = user_with_role("tanpa.peran")
    return w


def entry(kecamatan, status=S.DRAFT, **kwargs):
    now = timezone.now()
    extra = {}
    if status in (S.SUBMITTED, S.PUBLISHED, S.REJECTED, S.RETURNED):
        extra["submitted_at"] = now
    if status == S.PUBLISHED:
        extra["published_at"] = now
    return InnovationFactory(kecamatan=kecamatan, status=status, **{**extra, **kwargs})


def change_post_data(innovation, **overrides):
    """The admin change form of an entry as a browser would post it (no inline rows)."""
    data = {
        "title": innovation.title,
        "slug": innovation.slug,
        "kecamatan": innovation.kecamatan_id,
        "unit": innovation.unit,
        "theme": innovation.theme_id,
        "form": innovation.form,
        "stage": innovation.stage,
        "summary": innovation.summary,
        "problem": innovation.problem,
        "approach": innovation.approach,
        "budget_source": innovation.budget_source,
        "desa": [d.pk for d in innovation.desa.all()] if innovation.pk else [],
    }
    for prefix in ("photos", "documents", "indicators", "progress_updates"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}

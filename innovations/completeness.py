"""What an innovation entry still lacks before it tells the whole story (a checklist for staff).

Nothing here blocks a submission: under-reporting is the bigger problem (Majene), so staff
may submit early and see, entry by entry, what would make it complete.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass
class Item:
    key: str
    label: str
    done: bool


TEXT_FIELDS = [
    ("summary", _("Ringkasan")),
    ("problem", _("Masalah sebelum inovasi")),
    ("approach", _("Cara kerja")),
    ("goals", _("Tujuan")),
    ("benefits", _("Manfaat")),
    ("unit", _("Unit pelaksana")),
    ("partners", _("Mitra")),
    ("development_plan", _("Rencana pengembangan")),
    ("contact_office", _("Kontak kantor")),
]


def checklist(innovation):
    """Every item of a complete entry, done or not. Reads the parts with one query each."""
    items = [Item(name, label, bool((getattr(innovation, name) or "").strip())) for name, label in TEXT_FIELDS]
    items += [
        Item("first_applied", _("Tanggal mulai diterapkan"), innovation.first_applied is not None),
        Item("budget_source", _("Sumber anggaran"), bool(innovation.budget_source)),
    ]
    if innovation.pk:
        has_desa = innovation.desa.exists()
        has_photo = innovation.photos.exists()
        has_document = innovation.documents.exists()
        has_indicator_value = innovation.indicators.filter(values__isnull=False).exists()
    else:
        has_desa = has_photo = has_document = has_indicator_value = False
    items += [
        Item("desa", _("Desa yang terlibat"), has_desa),
        Item("photos", _("Minimal satu foto"), has_photo),
        Item("documents", _("Minimal satu dokumen bukti (PDF)"), has_document),
        Item("indicators", _("Minimal satu indikator dampak dengan nilai"), has_indicator_value),
    ]
    return items


def missing(innovation):
    """Labels of what is still missing."""
    return [item.label for item in checklist(innovation) if not item.done]


def percent_complete(innovation, items=None):
    items = checklist(innovation) if items is None else items
    return round(100 * sum(item.done for item in items) / len(items))

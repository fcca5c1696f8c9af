"""Admin forms of innovations: the entry itself (scoped choices), workflow notes, progress updates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from innovations import workflow
from innovations.models import Innovation, ProgressUpdate
from operations.forms import ConcurrentEditForm, SubmitOnceForm
from regions.models import Desa, Kecamatan


class InnovationAdminForm(ConcurrentEditForm, SubmitOnceForm, forms.ModelForm):
    """The entry as staff fill it in. `user` is set by InnovationAdmin.get_form.

    Staff can pick only their own kecamatan and its desa; the same rule is checked again in
    `clean()` so that a hand-made POST cannot slip another kecamatan in.
    """

    user = None
    video_url = forms.URLField(label=_("Tautan video"), required=False, assume_scheme="https",
                               help_text=_("Tautan YouTube atau video lain yang menunjukkan inovasinya."))

    class Meta:
        model = Innovation
        fields = ["title", "slug", "kecamatan", "desa", "unit", "theme", "form", "is_digital", "stage",
                  "first_applied", "summary", "problem", "approach", "goals", "benefits", "partners",
                  "development_plan", "budget_source", "budget_amount", "contact_office", "contact_email",
                  "video_url", "adapted_from"]
        # Model fields without a help text of their own get one here: what to write, briefly.
        help_texts = {
            "theme": _("Urusan pemerintahan yang paling dekat dengan inovasi ini."),
            "form": _("Pelayanan publik: langsung melayani warga. Tata kelola: cara kerja pemerintahan."),
            "stage": _("Inisiatif: baru gagasan. Uji coba: dicoba terbatas. Penerapan: berjalan rutin."),
            "first_applied": _("Tanggal inovasi pertama kali dijalankan; kira-kira pun boleh (tanggal 1 bulan itu)."),
            "goals": _("Apa yang ingin dicapai, sebaiknya terukur (misalnya \"antrean di bawah 15 menit\")."),
            "budget_source": _("Dari mana biaya inovasi berasal."),
            "contact_email": _("Alamat email kantor, bukan email pribadi."),
        }
        widgets = {
            "desa": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.user
        kecamatan_field = self.fields.get("kecamatan")
        staff_codes = permissions.staff_kecamatan_codes(user) if user else []
        if kecamatan_field is not None and user is not None and not permissions.is_admin(user):
            kecamatan_field.queryset = Kecamatan.objects.filter(code__in=staff_codes)
            if len(staff_codes) == 1 and not self.instance.pk:
                kecamatan_field.initial = staff_codes[0]
        if "desa" in self.fields:
            code = self._chosen_kecamatan(staff_codes)
            self.fields["desa"].queryset = Desa.objects.filter(kecamatan_id=code) if code else Desa.objects.none()
            if not code:
                self.fields["desa"].help_text = _("Pilih dan simpan kecamatan dulu; desanya lalu muncul di sini.")

    def _chosen_kecamatan(self, staff_codes):
        if self.is_bound:
            posted = self.data.get(self.add_prefix("kecamatan"))
            if posted:
                return posted
        if self.instance.kecamatan_id:
            return self.instance.kecamatan_id
        if len(staff_codes) == 1:
            return staff_codes[0]
        return None

    def clean(self):
        cleaned = super().clean()
        kecamatan = cleaned.get("kecamatan")
        if kecamatan is not None and self.user is not None and not permissions.may_create(self.user, kecamatan.code):
            self.add_error("kecamatan", _("Anda hanya dapat mencatat inovasi kecamatan tempat Anda bertugas."))
        desa = cleaned.get("desa")
        if kecamatan is not None and desa:
            outside = [d for d in desa if d.kecamatan_id != kecamatan.code]
            if outside:
                self.add_error("desa", _("Desa berikut tidak berada di %(kecamatan)s: %(desa)s.") % {
                    "kecamatan": kecamatan.display_name, "desa": ", ".join(d.name for d in outside)})
        adapted = cleaned.get("adapted_from")
        if adapted and self.instance.pk and any(a.pk == self.instance.pk for a in adapted):
            self.add_error("adapted_from", _("Inovasi tidak dapat diadaptasi dari dirinya sendiri."))
        return cleaned


class WorkflowActionForm(forms.Form):
    """The note of a workflow action; required for return, reject and unpublish."""

    note = forms.CharField(label=_("Catatan"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if workflow.note_required(action):
            self.fields["note"].required = True
            self.fields["note"].label = workflow.NOTE_LABELS[action]
            self.fields["note"].error_messages["required"] = _(
                "Komentar atau alasan wajib diisi: staf kecamatan perlu tahu apa yang harus dilakukan.")
        else:
            self.fields["note"].label = _("Catatan (boleh kosong)")


class ProgressUpdateAdminForm(forms.ModelForm):
    """A new dated progress note; the innovation choices are those the user may add progress to."""

    user = None

    class Meta:
        model = ProgressUpdate
        fields = ["innovation", "date", "text"]

    def clean(self):
        cleaned = super().clean()
        innovation = cleaned.get("innovation")
        if innovation is not None and self.user is not None and not permissions.may_add_progress(self.user, innovation):
            self.add_error("innovation", _("Perkembangan hanya bisa ditambahkan pada inovasi kecamatan Anda yang "
                                           "sudah diajukan atau terbit."))
        return cleaned

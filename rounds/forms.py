"""Forms of award rounds: rubric formset (weights checked by models.validate_weights), entry, scoring, field visit."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from innovations.models import Innovation
from rounds.models import SCORE_MAX, SCORE_MIN, Entry, validate_weights


class CriterionFormSet(BaseInlineFormSet):
    """The rubric of a round as the admin edits it: the weights of the rows kept must sum to 100 %."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        weights = [form.cleaned_data.get("weight") for form in self.forms
                   if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        try:
            validate_weights(weights)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class EntryForm(forms.Form):
    """Staff choose one of their kecamatan's published innovations and a category of the round."""

    innovation = forms.ModelChoiceField(label=_("Inovasi"), queryset=Innovation.objects.none(),
                                        empty_label=_("Pilih inovasi"),
                                        error_messages={"invalid_choice": _(
                                            "Pilih salah satu inovasi terbit dari kecamatan Anda yang belum "
                                            "terdaftar di putaran ini.")},
                                        help_text=_("Hanya inovasi kecamatan Anda yang sudah terbit."))
    category = forms.ModelChoiceField(label=_("Kategori"), queryset=None, empty_label=_("Pilih kategori"))

    def __init__(self, *args, round_, kecamatan_codes, **kwargs):
        super().__init__(*args, **kwargs)
        entered = Entry.objects.filter(round=round_).values("innovation_id")
        self.fields["innovation"].queryset = (Innovation.objects.published().filter(kecamatan_id__in=kecamatan_codes)
                                              .exclude(pk__in=entered).select_related("kecamatan")
                                              .order_by("title"))
        self.fields["innovation"].label_from_instance = lambda i: f"{i.title} ({i.kecamatan})"
        self.fields["category"].queryset = round_.competition.categories.all()


class AdminCheckForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), widget=forms.RadioSelect,
                                 choices=[("lolos", _("Lolos")), ("tidak_lolos", _("Tidak lolos"))])
    reason = forms.CharField(label=_("Alasan (wajib bila tidak lolos)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "tidak_lolos" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Tuliskan alasan tidak lolos: peserta perlu tahu apa yang kurang."))
        return cleaned


class ScoreForm(forms.Form):
    """One input per criterion (whole numbers on the fixed scale, blank = not yet) and the juror's note."""

    note = forms.CharField(label=_("Catatan juri"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, criteria, values=None, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        values = values or {}
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.IntegerField(
                label=criterion.name, required=False, min_value=SCORE_MIN, max_value=SCORE_MAX,
                initial=values.get(criterion.pk), disabled=disabled,
                help_text=_("Bobot %(weight)s %%") % {"weight": criterion.weight},
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "score-input",
                                                "data-weight": criterion.weight}),
                error_messages={"min_value": _("Nilai terendah %(limit_value)s."),
                                "max_value": _("Nilai tertinggi %(limit_value)s."),
                                "invalid": _("Isi dengan bilangan bulat.")})
        self.fields["note"].disabled = disabled
        # Criteria first, the note last, as the juror works down the page.
        self.order_fields([self.field_name(c) for c in criteria] + ["note"])

    @staticmethod
    def field_name(criterion):
        return f"kriteria_{criterion.pk}"

    def criterion_fields(self):
        return [(criterion, self[self.field_name(criterion)]) for criterion in self.criteria]

    def values(self):
        return {c.pk: self.cleaned_data.get(self.field_name(c)) for c in self.criteria}


class FieldVisitForm(forms.Form):
    visit_date = forms.DateField(label=_("Tanggal kunjungan"), widget=forms.DateInput(attrs={"type": "date"}),
                                 error_messages={"invalid": _("Tanggal tidak valid (format: tahun-bulan-tanggal).")})
    findings = forms.CharField(label=_("Temuan"), max_length=6000, widget=forms.Textarea(attrs={"rows": 4}))


class ShortlistForm(forms.Form):
    entries = forms.ModelMultipleChoiceField(label=_("Lolos ke tahap berikutnya"), queryset=Entry.objects.none(),
                                             widget=forms.CheckboxSelectMultiple,
                                             error_messages={"required": _("Pilih sedikitnya satu peserta.")})

    def __init__(self, *args, stage, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = Entry.objects.filter(stage=stage, admin_status=Entry.AdminStatus.PASSED)


class CloseScoresForm(forms.Form):
    accept_missing = forms.BooleanField(label=_("Tutup juga bila masih ada nilai yang belum lengkap "
                                                "(lembar itu tidak dihitung)"), required=False)


class PublishForm(forms.Form):
    accept_ties = forms.BooleanField(label=_("Saya sudah memeriksa nilai seri: peserta yang seri mendapat "
                                             "peringkat yang sama"), required=False)

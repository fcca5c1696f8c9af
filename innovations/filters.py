"""The public list's filters (`InnovationFilter`), shared by /inovasi/ and the open-data exports.

Use as `InnovationFilter(request.GET, queryset=Innovation.objects.published())`. A value
that is not valid (a word where a year belongs, an unknown code, an over-long query) is
left out of the filtering and reported in `filterset.errors` (Indonesian messages); the
other filters still apply. Notes about the query that are not errors (common words left
out, words cut) are in `filterset.notes`.

Region choices are built from the request, not from the whole table: the 38 provinsi,
then only the children of the chosen provinsi and kabupaten. A kabupaten or kecamatan
given alone implies its parents (the codes are hierarchical: "33.12.21" lies in "33.12").
"""

import copy
import re
from functools import cached_property

import django_filters
import django_filters.fields
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from awards.models import Result
from innovations import search
from innovations.models import Innovation, Theme
from inovasi_portal.cache import remember
from inovasi_portal.widgets import QuickSelect
from regions.models import Kabupaten, Kecamatan, Provinsi, parent_code, provinsi_code_of

YEAR_MIN = 1945
YEAR_MAX = 2100
CODE_RE = {
    "provinsi": re.compile(r"^\d{2}$"),
    "kabupaten": re.compile(r"^\d{2}\.\d{2}$"),
    "kecamatan": re.compile(r"^\d{2}\.\d{2}\.\d{2}$"),
}
YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]
# Other spellings of yes/no that links and scripts send ("true" is how the CSV writes booleans).
YES_NO_ALIASES = {"true": "ya", "1": "ya", "yes": "ya", "false": "tidak", "0": "tidak", "no": "tidak"}


class Order:
    NEWEST = "terbaru"
    OLDEST = "terlama"
    TITLE = "judul"
    RELEVANT = "relevan"
    CHOICES = [
        (NEWEST, _("Terbaru")),
        (OLDEST, _("Terlama")),
        (TITLE, _("Judul A–Z")),
        (RELEVANT, _("Paling relevan")),
    ]
    # The allow-list: each order is a fixed tuple of fields, ending with id so pages never overlap.
    FIELDS = {
        NEWEST: ("-published_at", "-id"),
        OLDEST: ("published_at", "id"),
        TITLE: ("title", "id"),
        RELEVANT: ("-rank", "-published_at", "-id"),
    }


class QuickChoiceField(django_filters.fields.ChoiceField):
    """A choice field drawn with QuickSelect whose copies share its choices (see ChoiceFilter)."""

    widget = QuickSelect

    def __deepcopy__(self, memo):
        result = forms.Field.__deepcopy__(self, memo)  # its own widget, messages and validators
        result._choices = self._choices
        return result


class ChoiceFilter(django_filters.ChoiceFilter):
    """django-filter's ChoiceFilter drawn with QuickSelect: every select of the list's filter form.

    Copied cheaply. On every request the FilterSet deep-copies its filters and the form its fields,
    with the choices and the messages inside them: about half a millisecond of each list page. Choices
    and settings are only ever replaced here, never changed in place (`_set_choices` assigns new
    lists), so a copy with its own `extra` dict can share the rest.
    """

    field_class = QuickChoiceField

    def __deepcopy__(self, memo):
        copied = copy.copy(self)
        copied.extra = dict(self.extra)
        copied.__dict__.pop("_field", None)  # a field made from the original's settings
        if copied.method is not None:
            copied.method = copied.method  # binds the method wrapper to the copy, whose parent is set later
        return copied


class YesNoField(QuickChoiceField):
    def to_python(self, value):
        value = super().to_python(value).strip().lower()
        return YES_NO_ALIASES.get(value, value)


class YesNoFilter(ChoiceFilter):
    field_class = YesNoField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class InnovationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Kata kunci"), method="filter_q", max_length=search.MAX_QUERY_LENGTH,
        error_messages={"max_length": _("Kata kunci paling panjang %(limit_value)d karakter "
                                        "(yang dikirim %(show_value)d); pencarian tidak dijalankan.")},
    )
    provinsi = ChoiceFilter(
        label=_("Provinsi"), field_name="provinsi_id", empty_label=_("Semua provinsi"),
        error_messages={"invalid_choice": _("Provinsi “%(value)s” tidak dikenal; filter provinsi diabaikan.")},
    )
    kabupaten = ChoiceFilter(
        label=_("Kabupaten/kota"), field_name="kabupaten_id", empty_label=_("Semua kabupaten/kota"),
        error_messages={"invalid_choice": _("Kabupaten/kota “%(value)s” tidak dikenal atau tidak berada "
                                            "di provinsi yang dipilih; filter ini diabaikan.")},
    )
    kecamatan = ChoiceFilter(
        label=_("Kecamatan"), field_name="kecamatan_id", empty_label=_("Semua kecamatan"),
        error_messages={"invalid_choice": _("Kecamatan “%(value)s” tidak dikenal atau tidak berada "
                                            "di kabupaten/kota yang dipilih; filter ini diabaikan.")},
    )
    tema = ChoiceFilter(
        label=_("Tema/urusan"), method="filter_tema", empty_label=_("Semua tema"),
        error_messages={"invalid_choice": _("Tema “%(value)s” tidak dikenal; filter tema diabaikan.")},
    )
    bentuk = ChoiceFilter(
        label=_("Bentuk"), field_name="form", choices=Innovation.Form.choices, empty_label=_("Semua bentuk"),
        error_messages={"invalid_choice": _("Bentuk “%(value)s” tidak dikenal; filter bentuk diabaikan.")},
    )
    tahapan = ChoiceFilter(
        label=_("Tahapan"), field_name="stage", choices=Innovation.Stage.choices, empty_label=_("Semua tahapan"),
        error_messages={"invalid_choice": _("Tahapan “%(value)s” tidak dikenal; filter tahapan diabaikan.")},
    )
    digital = YesNoFilter(
        label=_("Digital"), field_name="is_digital", method="filter_digital", choices=YES_NO,
        empty_label=_("Digital atau tidak"),
        error_messages={"invalid_choice": _("Nilai digital “%(value)s” tidak dikenal (pakai “ya” "
                                            "atau “tidak”); filter ini diabaikan.")},
    )
    tahun = YearFilter(
        label=_("Tahun mulai diterapkan"), field_name="first_applied", lookup_expr="year",
        min_value=YEAR_MIN, max_value=YEAR_MAX,
        error_messages={
            "invalid": _("Tahun harus berupa angka, misalnya 2023; filter tahun diabaikan."),
            "min_value": _("Tahun paling awal %(limit_value)s; filter tahun diabaikan."),
            "max_value": _("Tahun paling akhir %(limit_value)s; filter tahun diabaikan."),
        },
    )
    penghargaan = YesNoFilter(
        label=_("Meraih penghargaan"), method="filter_penghargaan", choices=YES_NO, empty_label=_("Semua"),
        error_messages={"invalid_choice": _("Nilai penghargaan “%(value)s” tidak dikenal (pakai “ya” "
                                            "atau “tidak”); filter ini diabaikan.")},
    )
    urut = ChoiceFilter(
        label=_("Urutkan"), method="filter_urut", choices=Order.CHOICES, empty_label=None,
        error_messages={"invalid_choice": _("Urutan “%(value)s” tidak dikenal; diurutkan terbaru.")},
    )

    class Meta:
        model = Innovation
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.notes = []
        self._set_choices()

    # Choices -------------------------------------------------------------------------------------

    def _given(self, name):
        value = (self.data.get(name) or "").strip() if self.data else ""
        return value if CODE_RE[name].match(value) else ""

    def chosen_parents(self):
        """The provinsi and kabupaten whose children are offered, from the narrowest region given."""
        provinsi, kabupaten, kecamatan = self._given("provinsi"), self._given("kabupaten"), self._given("kecamatan")
        kabupaten = kabupaten or parent_code(kecamatan)
        provinsi = provinsi or provinsi_code_of(kabupaten)
        if kabupaten and not kabupaten.startswith(provinsi + "."):
            kabupaten = ""
        return provinsi, kabupaten

    def _set_choices(self):
        provinsi, kabupaten = self.chosen_parents()
        # Regions and themes change rarely: their rows are remembered until the next public change
        # (import_regions and theme edits make one), not read on every request. Only codes that exist
        # get an entry of their own, so made-up codes cannot fill the cache.
        provinsi_rows, self.themes = remember("filter-choices", lambda: (
            list(Provinsi.objects.values_list("code", "name")),
            list(Theme.objects.values_list("slug", "name", "id")),
        ))
        kabupaten_rows = remember(f"filter-choices:{provinsi}", lambda: list(
            Kabupaten.objects.filter(provinsi_id=provinsi).values_list("code", "name", "kind"),
        )) if any(code == provinsi for code, _name in provinsi_rows) else []
        kecamatan_rows = remember(f"filter-choices:{kabupaten}", lambda: list(
            Kecamatan.objects.filter(kabupaten_id=kabupaten).values_list("code", "name"),
        )) if any(code == kabupaten for code, _name, _kind in kabupaten_rows) else []
        kinds = dict(Kabupaten.Kind.choices)
        self.filters["provinsi"].extra["choices"] = provinsi_rows
        # Kemendagri's names already carry the kind ("Kabupaten Wonogiri", "Kota Madiun"): never twice.
        self.filters["kabupaten"].extra["choices"] = [
            (code, name if name.lower().startswith(f"{kind} ") else f"{kinds.get(kind, '')} {name}".strip())
            for code, name, kind in kabupaten_rows
        ]
        self.filters["kecamatan"].extra["choices"] = kecamatan_rows
        self.filters["tema"].extra["choices"] = [(slug, name) for slug, name, _pk in self.themes]

    # Filtering -----------------------------------------------------------------------------------

    @cached_property
    def parsed_query(self):
        """The words asked for, as a search.ParsedQuery (empty without words); what it left out joins the notes.
        Known once the form is validated, without filtering anything (a search's page reads its matches
        through `without_words`)."""
        text = ""
        if self.is_bound:
            self.is_valid()  # validates the form: a q that is not valid is left out of cleaned_data
            text = self.form.cleaned_data.get("q", "")
        parsed = search.parse_query(text)
        self.notes.extend(parsed.notes)
        return parsed

    def filter_q(self, queryset, name, value):
        return search.search(queryset, self.parsed_query) if self.parsed_query else queryset

    def without_words(self):
        """The entries every filter but the words narrows to: where a search's page looks for its matches
        (`search.first_matches`, see selectors.browse)."""
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_tema(self, queryset, name, value):
        theme_id = next(pk for slug, _name, pk in self.themes if slug == value)
        return queryset.filter(theme_id=theme_id)

    def filter_digital(self, queryset, name, value):
        return queryset.filter(is_digital=value == "ya")

    def filter_penghargaan(self, queryset, name, value):
        awarded = Exists(Result.objects.filter(innovation=OuterRef("pk")))
        return queryset.filter(awarded if value == "ya" else ~awarded)

    def filter_urut(self, queryset, name, value):
        # Sorting is applied in filter_queryset, once the words are known.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        order = self.order
        if order == Order.RELEVANT:
            queryset = search.with_rank(queryset, self.parsed_query)
        return queryset.order_by(*Order.FIELDS[order])

    @property
    def order(self):
        """The sort order in effect: the one asked for if it applies, else relevance for a search, else newest."""
        cleaned = getattr(self.form, "cleaned_data", {})
        asked = cleaned.get("urut") or ""
        searching = bool(self.parsed_query)
        if asked == Order.RELEVANT and not searching:
            note = _("Urutan “paling relevan” hanya berlaku saat mencari kata; diurutkan terbaru.")
            if note not in self.notes:
                self.notes.append(note)
            return Order.NEWEST
        if asked:
            return asked
        return Order.RELEVANT if searching else Order.NEWEST

    @property
    def narrows(self):
        """True when words or a filter narrow the list; the order alone does not."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return any(value not in (None, "") for name, value in cleaned.items() if name != "urut")

    @property
    def messages(self):
        """Every error and note as one flat list of Indonesian sentences, for the page."""
        errors = [message for field_errors in self.errors.values() for message in field_errors]
        return errors + self.notes

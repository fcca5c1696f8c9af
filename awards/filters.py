"""Filters of the competition list: year, level, provinsi, and an allow-listed sort order."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from awards.models import Competition, Result
from awards.selectors import competition_years
from regions.models import Provinsi

SORT_ORDERS = {
    "terbaru": ["-year", "name", "id"],
    "nama": ["name", "-year", "id"],
}


class CompetitionFilter(django_filters.FilterSet):
    tahun = django_filters.ChoiceFilter(
        label=_("Tahun"), field_name="year", empty_label=_("Semua tahun"),
        choices=lambda: [(year, year) for year in competition_years()],
    )
    tingkat = django_filters.ChoiceFilter(label=_("Tingkat"), field_name="level", choices=Competition.Level.choices,
                                          empty_label=_("Semua tingkat"))
    provinsi = django_filters.ModelChoiceFilter(label=_("Provinsi"), queryset=Provinsi.objects.all(),
                                                empty_label=_("Seluruh Indonesia"), method="filter_provinsi")
    urut = django_filters.ChoiceFilter(label=_("Urutkan"), empty_label=None, method="sort",
                                       choices=[("terbaru", _("Terbaru")), ("nama", _("Nama"))])

    class Meta:
        model = Competition
        fields = []

    def filter_provinsi(self, queryset, name, provinsi):
        """Organised in the provinsi, or with a recipient there (a national award won in Jawa Timur)."""
        won_there = Result.objects.filter(category__competition=OuterRef("pk"),
                                          kecamatan__code__startswith=provinsi.code + ".")
        return queryset.filter(Q(provinsi_code=provinsi.code) | Exists(won_there))

    def sort(self, queryset, name, value):
        return queryset.order_by(*SORT_ORDERS[value])

    @property
    def qs(self):
        queryset = super().qs
        if not self.is_bound or not self.form.cleaned_data.get("urut"):
            queryset = queryset.order_by(*SORT_ORDERS["terbaru"])
        return queryset

    def ignored_fields(self):
        """Labels of the filters whose value was not understood (and so was not applied)."""
        if not self.is_bound:
            return []
        return [str(self.form.fields[name].label) for name in self.form.errors]

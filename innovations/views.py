"""Public pages of innovations: the filtered list and the detail page."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from innovations import selectors
from innovations.filters import InnovationFilter
from innovations.models import Innovation

# Parameters of the list that chips show and remove, in the order of the form.
CHIP_PARAMS = ("q", "provinsi", "kabupaten", "kecamatan", "tema", "bentuk", "tahapan", "digital", "tahun",
               "penghargaan")
# Removing a region also removes the regions chosen inside it.
REMOVES_TOO = {"provinsi": ("kabupaten", "kecamatan"), "kabupaten": ("kecamatan",)}


def query_without(params, *names):
    """The query string of `params` without these names (nor the page number), starting with "?"."""
    kept = params.copy()
    for name in (*names, "page"):
        kept.pop(name, None)
    encoded = kept.urlencode()
    return f"?{encoded}" if encoded else "?"


def active_filters(filterset, params):
    """Chips of the valid filters in use: label, value label and the link that removes the filter."""
    cleaned = filterset.form.cleaned_data
    chips = []
    for name in CHIP_PARAMS:
        value = cleaned.get(name)
        if value in (None, ""):
            continue
        field = filterset.form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        chips.append({
            "param": name,
            "label": field.label,
            "value": choices.get(value, value),
            "remove_url": query_without(params, name, *REMOVES_TOO.get(name, ())),
        })
    return chips


def innovation_list(request):
    filterset = InnovationFilter(request.GET, queryset=Innovation.objects.published())
    messages = []
    number = selectors.page_number(request.GET.get("page", "1"))
    if number is None:
        messages.append(_("Nomor halaman “%(page)s” tidak valid; halaman pertama ditampilkan.")
                        % {"page": request.GET.get("page", "")[:20]})
        number = 1
    page, clamped = selectors.browse(filterset, number)
    if clamped:
        messages.append(_("Halaman %(asked)d tidak ada; ini halaman terakhir (%(last)d).")
                        % {"asked": number, "last": page.num_pages})
    chips = active_filters(filterset, request.GET)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "chips": chips,
        # The filter panel opens when a filter other than the words is in use or something needs saying.
        "filters_open": any(chip["param"] != "q" for chip in chips) or bool(filterset.messages or messages),
        "clear_url": query_without(request.GET, *CHIP_PARAMS),
        "download_query": query_without(request.GET)[1:],
        "filter_messages": filterset.messages + messages,
        "order": filterset.order,
        "query": filterset.parsed_query,
    }
    return render(request, "innovations/list.html", context)


def innovation_detail(request, slug):
    context = selectors.detail(slug)
    if context is None:
        raise Http404(_("Inovasi tidak ditemukan"))
    innovation = context["innovation"]
    context["canonical_url"] = settings.SITE_URL + innovation.get_absolute_url()
    context["site_url"] = settings.SITE_URL
    return render(request, "innovations/detail.html", context)

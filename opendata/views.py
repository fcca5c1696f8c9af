"""Open-data pages: the /data/ documentation, the streamed exports and /statistik/.

Exports and statistics take the filter parameters of the public list /inovasi/ through the same
`InnovationFilter`. An invalid filter value answers an export with 400 and a plain Indonesian
text saying which parameter is wrong (a download must never silently contain other rows than
asked for); the pages show the same message and leave that one filter out.
"""

import hashlib
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from innovations.filters import InnovationFilter
from innovations.models import Innovation
from inovasi_portal.cache import remember
from opendata import exports, statistics
from opendata.fields import FIELDS, json_schema

# The list's filters that make sense for aggregated figures (no words, awards or sorting).
STATISTICS_FILTERS = ("provinsi", "kabupaten", "tema", "tahapan", "digital", "tahun")


def innovation_filter(data):
    return InnovationFilter(data, queryset=Innovation.objects.published())


def _known(data, only=None):
    """The query parameters that are filters of the list (others are dropped, as the list drops them)."""
    names = only or InnovationFilter.base_filters
    known = data.copy()
    for key in list(known):
        if key not in names:
            del known[key]
    return known


def filter_errors(filterset):
    """[(parameter, message)] of invalid filter values."""
    if filterset.is_valid():
        return []
    return [(name, " ".join(str(m) for m in messages)) for name, messages in filterset.errors.items()]


def _bad_filter(errors):
    lines = [_("Parameter filter tidak valid; data tidak diunduh.")]
    lines += [f"{name}: {message}" for name, message in errors]
    lines.append(_("Perbaiki parameter di atas, atau lihat parameter yang diterima di %(url)s.")
                 % {"url": reverse("opendata:index")})
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


def _attachment(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def innovations_csv(request):
    filterset = innovation_filter(request.GET)
    errors = filter_errors(filterset)
    if errors:
        return _bad_filter(errors)
    return _attachment(exports.innovation_csv(filterset.qs), "text/csv; charset=utf-8", "inovasi-kecamatan.csv")


def innovations_json(request):
    filterset = innovation_filter(request.GET)
    errors = filter_errors(filterset)
    if errors:
        return _bad_filter(errors)
    filters = {key: values if len(values) > 1 else values[0] for key, values in _known(request.GET).lists()}
    chunks = exports.innovation_json(
        filterset.qs, filters,
        documentation_url=request.build_absolute_uri(reverse("opendata:index")),
        schema_url=request.build_absolute_uri(reverse("opendata:schema")),
    )
    return _attachment(chunks, "application/json; charset=utf-8", "inovasi-kecamatan.json")


def regions_csv(request):
    return _attachment(exports.region_csv(), "text/csv; charset=utf-8", "wilayah-inovasi.csv")


def schema(request):
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _("Satu entri inovasi dalam ekspor JSON Portal Inovasi Kecamatan"),
        **json_schema(),
    }
    return HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                        content_type="application/schema+json; charset=utf-8")


def index(request):
    filterset = innovation_filter(request.GET)
    errors = filter_errors(filterset)
    query = _known(request.GET).urlencode()
    context = {
        "fields": FIELDS,
        "errors": errors,
        "query": query,
        "count": None if errors else filterset.qs.count(),
        "filtered": bool(query),
        "licence": exports.LICENCE,
        "licence_url": exports.LICENCE_URL,
        "batch_size": exports.BATCH_SIZE,
    }
    return render(request, "opendata/index.html", context)


def _region_code(filterset):
    """The code of the narrowest region filter that is valid, or ""."""
    data = filterset.form.cleaned_data if filterset.form.is_bound else {}
    for name in ("kabupaten", "provinsi"):
        if name not in filterset.form.errors and data.get(name):
            value = data[name]
            return getattr(value, "code", None) or getattr(value, "pk", None) or str(value)
    return ""


def _drill_down_links(figure, request, region_code):
    """Rows of the region figure link one level deeper: provinsi -> its kabupaten -> its kecamatan page."""
    level = region_code.count(".") + 1 if region_code else 0
    for bar in figure.bars:
        if level == 2:
            bar.url = reverse("regions:detail", args=[bar.key])
            continue
        params = _known(request.GET, only=STATISTICS_FILTERS)
        params["kabupaten" if level == 1 else "provinsi"] = bar.key
        if level == 0:
            params.pop("kabupaten", None)
        bar.url = "?" + params.urlencode()


def _figures(filterset, region_code):
    """The figures of this filter combination, kept until the next public change.

    The key is the SQL of the filtered query itself, so two URLs that filter alike share it and
    an ignored (invalid) parameter never makes a key of its own; titles are translated, hence the language.
    """
    entries = filterset.qs.order_by()
    key = hashlib.sha256(f"{entries.query}|{region_code}".encode()).hexdigest()
    return remember(f"statistik:{get_language()}:{key}", lambda: statistics.portal_figures(entries, region_code))


def statistics_page(request):
    params = _known(request.GET, only=STATISTICS_FILTERS)
    filterset = innovation_filter(params)
    errors = filter_errors(filterset)
    region_code = _region_code(filterset)
    figures = _figures(filterset, region_code)
    _drill_down_links(figures[0], request, region_code)
    _drill_down_links(figures[-1], request, region_code)
    context = {
        "filter_fields": [filterset.form[name] for name in STATISTICS_FILTERS if name in filterset.form.fields],
        "errors": errors,
        "query": params.urlencode(),
        "total": figures[2].total,  # every entry has exactly one stage
        "figures": figures,
    }
    return render(request, "opendata/statistics.html", context)

"""Region pages: the list of provinsi, one page per region, and the children lookup for dropdowns.

A region page shows what is published inside it: counts and the newest innovations for a
provinsi or kabupaten/kota; the innovations, awards and desa of a kecamatan; the awards and
innovations of a desa. Each page costs a fixed number of queries.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from awards.selectors import results_for_region
from innovations import selectors
from inovasi_portal.cache import remember
from opendata.statistics import region_figures
from regions.models import Desa, Kecamatan, Provinsi, get_region

# Newest innovations shown on a region page; the list behind "see all" has the rest.
REGION_INNOVATIONS = 12
REGION_RESULTS = 50
# Model and field of the grandchildren, by the level of the region shown.
GRANDCHILDREN = {1: (Kecamatan, "kabupaten_id"), 2: (Desa, "kecamatan_id")}


def region_or_404(code):
    region = get_region(code)
    if region is None:
        raise Http404("Wilayah tidak ditemukan")
    return region


def children_of(region):
    """The region's children, each with the number of its own children where there are any, and with
    its number of published entries below a provinsi or kabupaten/kota (from the region's tally)."""
    queryset = region.children()
    # Counts as per-child subqueries, not joins: a join with the grandchildren would make the database
    # count the published entries once per grandchild (seconds at 100,000 entries).
    if region.level in GRANDCHILDREN:
        model, field = GRANDCHILDREN[region.level]
        queryset = queryset.annotate(child_count=count_subquery(model.objects.all(), field))
    children = list(queryset)
    if region.level in (1, 2):
        counts = selectors.region_tally(region.code).children
        for child in children:
            child.innovation_count = counts[child.code]
    return children


def label_children(region, children):
    """Give each child region the texts its line of the list shows: how many regions it holds ("12 kecamatan")
    and how many entries are published in it ("3 inovasi"), "" where there is nothing to say. Written here,
    not by two {% blocktranslate count %} per child: for the 38 kabupaten/kota of Jawa Timur those took 2 ms.
    The texts are the template's own (same msgids), so their translations stay."""
    for child in children:
        size = getattr(child, "child_count", None)
        child.size_label = "" if size is None else (
            ngettext("%(counter)s kecamatan", "%(counter)s kecamatan", size) if region.level == 1 else
            ngettext("%(counter)s desa/kelurahan", "%(counter)s desa/kelurahan", size)) % {"counter": size}
        count = getattr(child, "innovation_count", 0)
        child.innovations_label = ngettext(
            "%(counter)s inovasi", "%(counter)s inovasi", count) % {"counter": count} if count else ""


def count_subquery(queryset, field):
    """Number of rows of `queryset` whose `field` is the outer region's code."""
    counted = queryset.filter(**{field: OuterRef("code")}).order_by().values(field).annotate(n=Count("*"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def provinsi_list(request):
    provinsi = Provinsi.objects.annotate(child_count=Count("kabupaten_set"))
    return render(request, "regions/provinsi_list.html", {"provinsi_list": provinsi})


def region_detail(request, code):
    region = region_or_404(code)
    # The children and their counts change only with a public change (or import_regions): remembered.
    children = remember(f"region-children:{region.code}", lambda: children_of(region))
    label_children(region, children)
    context = {"region": region, "children": children, "ancestors": region.ancestors()}
    context.update(region_content(region))
    context["region_figures"] = region_figures(region, children)  # small charts of a provinsi or kabupaten/kota
    return render(request, "regions/region_detail.html", context)


def region_content(region):
    """What is published inside the region, by level."""
    if region.level == 4:
        innovations = selectors.newest(REGION_INNOVATIONS, region.code)
        return {"innovations": innovations, "results": list(results_for_region(region.code)[:REGION_RESULTS])}
    if region.level == 3:
        figures = {"innovations": selectors.count_published(region.code)}
    else:
        # Counts over every entry of a provinsi or kabupaten/kota: remembered until the next public change.
        figures = remember(f"region-counts:{region.code}", lambda: {
            "innovations": selectors.region_tally(region.code).total,
            "kecamatan": selectors.kecamatan_taking_part(region.code),
            "awards": results_for_region(region.code).count()})
    content = {
        "figures": figures,
        "innovations": selectors.newest(REGION_INNOVATIONS if region.level == 3 else 6, region.code),
        "list_query": f"{('provinsi', 'kabupaten', 'kecamatan')[region.level - 1]}={region.code}",
    }
    if region.level == 3:
        content["results"] = list(results_for_region(region.code)[:REGION_RESULTS])
    return content


def region_children_json(request, code=None):
    """Children of a region for dependent dropdowns: {"code", "name", "children": [...]}."""
    if code is None:
        region, children = None, Provinsi.objects.all()
    else:
        region = region_or_404(code)
        children = region.children()
    payload = {
        "code": region.code if region else "",
        "name": str(region) if region else "Indonesia",
        "children": [
            {"code": child.code, "name": child.name, "label": str(child), "kind": str(child.kind_label)}
            for child in children
        ],
    }
    response = JsonResponse(payload)
    response["Cache-Control"] = "public, max-age=86400"
    return response

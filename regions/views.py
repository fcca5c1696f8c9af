"""Region pages: the list of provinsi, one page per region, and the children lookup for dropdowns."""

from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import render

from regions.models import Provinsi, get_region

CHILDREN = {
    # region level: (related name of the children, related name of the grandchildren)
    1: ("kabupaten_set", "kecamatan_set"),
    2: ("kecamatan_set", "desa_set"),
    3: ("desa_set", None),
}


def region_or_404(code):
    region = get_region(code)
    if region is None:
        raise Http404("Wilayah tidak ditemukan")
    return region


def children_of(region):
    """The region's children, each with the number of its own children where there are any."""
    related, grandchildren = CHILDREN.get(region.level, (None, None))
    if related is None:
        return []
    queryset = getattr(region, related).all()
    if grandchildren:
        queryset = queryset.annotate(child_count=Count(grandchildren))
    return list(queryset)


def provinsi_list(request):
    provinsi = Provinsi.objects.annotate(child_count=Count("kabupaten_set"))
    return render(request, "regions/provinsi_list.html", {"provinsi_list": provinsi})


def region_detail(request, code):
    region = region_or_404(code)
    context = {"region": region, "children": children_of(region), "ancestors": region.ancestors()}
    return render(request, "regions/region_detail.html", context)


def region_children_json(request, code=None):
    """Children of a region for dependent dropdowns: {"code", "name", "children": [...]}."""
    if code is None:
        region, children = None, Provinsi.objects.all()
    else:
        region = region_or_404(code)
        related = CHILDREN.get(region.level, (None, None))[0]
        children = getattr(region, related).all() if related else []
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

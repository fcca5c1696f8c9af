"""Award pages: the list of competitions and one page per competition with its results."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from articles.selectors import articles_for_competition
from awards.filters import CompetitionFilter
from awards.models import Competition
from awards.selectors import competition_detail as load_competition
from awards.selectors import competition_list as list_competitions
from awards.selectors import regions_by_code

PAGE_SIZE = 12


def competition_list(request):
    filterset = CompetitionFilter(request.GET or None, queryset=Competition.objects.all())
    page = Paginator(list_competitions(filterset.qs), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "awards/competition_list.html", {
        "filter": filterset,
        "ignored_filters": filterset.ignored_fields(),
        "page_obj": page,
        "competitions": page.object_list,
    })


def competition_detail(request, slug):
    try:
        competition = load_competition(Competition.objects.all(), slug)
    except ObjectDoesNotExist:
        raise Http404("Kompetisi tidak ditemukan") from None
    stages = list(competition.stages.all())
    regions = regions_by_code([competition.organizer_region_code, *(stage.region_code for stage in stages)])
    return render(request, "awards/competition_detail.html", {
        "competition": competition,
        "organizer_region": regions.get(competition.organizer_region_code),
        "stages": [(stage, regions.get(stage.region_code)) for stage in stages],
        "categories": competition.categories.all(),
        "articles": articles_for_competition(competition),
    })

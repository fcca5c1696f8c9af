"""Reads of competitions and award results for the pages that show them (lists, region, innovation, home)."""

from django.db.models import Count, Prefetch

from awards.models import AssessmentStage, Category, Competition, Result
from innovations.models import LIST_DEFERRED
from inovasi_portal.cache import remember
from regions.models import REGION_MODELS, region_model_for_code

RESULT_RELATED = ["category__competition", "kecamatan", "desa", "innovation"]


def results_for_region(code):
    """Results received inside a region: a desa's own; for a kecamatan also those of its desa and units;
    for a kabupaten or provinsi everything below it. Related rows are selected: one query."""
    return Result.objects.for_region(code).select_related(*RESULT_RELATED).order_by(
        "-category__competition__year", "category__competition__name", "category__position", "rank", "id"
    )


def results_for_innovation(innovation):
    """The innovation's results (a list), each pointing to the innovation given rather than reading it again."""
    results = list(Result.objects.filter(innovation=innovation).select_related(
        *(name for name in RESULT_RELATED if name != "innovation")).order_by(
        "-category__competition__year", "rank", "id"))
    for result in results:
        result.innovation = innovation
    return results


LATEST_ORDER = ("-category__competition__year", "-category__competition__ceremony_date", "rank", "id")


def latest_results(limit=6):
    """The best-ranked results of the newest competitions, with their competition, regions and innovation.

    Choosing them sorts every result by its competition's year and date, which grows with the
    awards recorded: the rows are remembered until the next public change (every change of an
    award, a region or a published innovation is one).
    """
    return remember(f"latest-results:{limit}", lambda: list(
        Result.objects.select_related(*RESULT_RELATED).defer(*(f"innovation__{name}" for name in LIST_DEFERRED))
        .order_by(*LATEST_ORDER)[:limit]))


def competition_list(queryset=None):
    """Competitions for the list page, each with its number of results (one query per page)."""
    queryset = Competition.objects.all() if queryset is None else queryset
    return queryset.annotate(result_count=Count("categories__results"))


def competition_years():
    return list(Competition.objects.order_by("-year").values_list("year", flat=True).distinct())


def competition_detail(queryset, slug):
    """The competition with its stages and its categories' results in rank order, prefetched.

    Innovation links on the page are shown only for published entries (`is_public`): the
    innovation row comes along, but the page checks it before linking.
    """
    results = Result.objects.select_related("kecamatan__kabupaten", "desa", "innovation").order_by("rank", "id")
    categories = Category.objects.order_by("position", "id").prefetch_related(Prefetch("results", queryset=results))
    return queryset.prefetch_related(
        Prefetch("stages", queryset=AssessmentStage.objects.order_by("start_date", "id")),
        Prefetch("categories", queryset=categories),
    ).get(slug=slug)


def regions_by_code(codes):
    """{code: region} for dotted codes of any level, one query per level present (at most four)."""
    by_model = {}
    for code in {c for c in codes if c}:
        model = region_model_for_code(code)
        if model is not None:
            by_model.setdefault(model, []).append(code)
    found = {}
    for model in REGION_MODELS.values():
        if model in by_model:
            found.update({region.code: region for region in model.objects.filter(code__in=by_model[model])})
    return found

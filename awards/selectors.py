"""Reads of award results for the pages that show them (region, innovation, home)."""

from awards.models import Result

RESULT_RELATED = ["category__competition", "kecamatan", "desa", "innovation"]


def results_for_region(code):
    """Results received inside a region (desa, kecamatan, or anything below a kabupaten/provinsi)."""
    return Result.objects.for_region(code).select_related(*RESULT_RELATED).order_by(
        "-category__competition__year", "category__competition__name", "category__position", "rank", "id"
    )


def results_for_innovation(innovation):
    return Result.objects.filter(innovation=innovation).select_related(*RESULT_RELATED).order_by(
        "-category__competition__year", "rank"
    )


def latest_results(limit=6):
    return Result.objects.select_related(*RESULT_RELATED).order_by(
        "-category__competition__year", "-category__competition__ceremony_date", "rank", "id"
    )[:limit]

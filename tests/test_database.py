"""How PostgreSQL connections are set up (inovasi_portal.database): ids keep one parameter type at any size."""

import pytest
from django.db import connection

from innovations import selectors
from tests.factories import InnovationFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, parameter_types::text[] FROM pg_prepared_statements")
        return cursor.fetchall()


@pytest.mark.django_db
def test_cards_of_ids_on_both_sides_of_32767_are_one_prepared_statement():
    """psycopg sent ids below 32,768 as smallint and the others as integer: the cards of a search page had other
    parameter types on nearly every page at 100,000 entries, and were planned anew on every request."""
    small = InnovationFactory(published=True, id=1234)
    big = [InnovationFactory(published=True, id=pk) for pk in (40_000, 50_000)]
    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert threshold  # the settings prepare statements on PostgreSQL
    orders = [[small.pk, big[0].pk, big[1].pk], [big[0].pk, small.pk, big[1].pk], [big[0].pk, big[1].pk, small.pk]]
    for _round in range(threshold // len(orders) + 1):
        for ids in orders:
            assert [card.id for card in selectors.cards(ids)] == ids
    cards = [types for statement, types in prepared_statements() if "cover_data" in statement]
    assert ["integer"] * 3 in [types[-3:] for types in cards], cards
    assert not [types for _, types in prepared_statements() if "smallint" in types]


@pytest.mark.django_db
def test_numbers_beyond_integer_are_still_sent_whole():
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::numeric, %s::numeric, pg_typeof(%s)::text, pg_typeof(%s)::text",
                       [2**40, 10**30, 7, 2**40])
        assert cursor.fetchone() == (2**40, 10**30, "integer", "bigint")

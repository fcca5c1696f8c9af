"""How the portal's PostgreSQL connections send whole numbers: always as `integer` or wider.

psycopg sends a Python int as the smallest type that holds it (`smallint` below 32,768), and a
prepared statement is kept per statement and per parameter types. A query with a list of ids
(the cards of a search page: 20 ids) then has a different set of types for nearly every page
once the ids pass 32,767, so it was never prepared and PostgreSQL planned it on every request
(at 100,000 entries: 1.4 ms for the cards instead of 0.6). Sent as `integer` (or `bigint` and
`numeric` beyond it, as psycopg does), the ids of every page give the statement the same types.
A smallint column takes an integer parameter alike, compared or assigned.
"""

from psycopg.types.numeric import IntBinaryDumper, IntDumper


# psycopg's int dumpers pick `_int2_dumper` below 32,768; these pick their `integer` dumper there too.
class AtLeastInt4Dumper(IntDumper):
    _int2_dumper = IntDumper._int4_dumper


class AtLeastInt4BinaryDumper(IntBinaryDumper):
    _int2_dumper = IntBinaryDumper._int4_dumper


def send_ints_as_int4_or_wider(sender, connection, **kwargs):
    """connection_created receiver: this connection's ints keep one type whatever their size (see above)."""
    if connection.vendor == "postgresql":
        adapters = connection.connection.adapters
        adapters.register_dumper(int, AtLeastInt4Dumper)
        adapters.register_dumper(int, AtLeastInt4BinaryDumper)

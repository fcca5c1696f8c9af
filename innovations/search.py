"""Indonesian word search over innovations: PostgreSQL full-text search, or stored Snowball stems on SQLite.

Both databases use the same Indonesian Snowball stemmer (PostgreSQL's `indonesian`
configuration and the `snowballstemmer` package), so "layanan" finds "pelayanan" and
"berdaya" finds "pemberdayaan" on either. The query is split into words here, in Python,
the same way on both databases; very common words ("dan", "yang", "di"; the `indonesian`
configuration has no stop-word list of its own) are dropped so that they neither slow a
search down nor match everything, and every remaining word must match (AND).

- PostgreSQL: `Innovation.search_vector` (weights A title, B summary, C the rest), kept
  current by a trigger (migration 0002_search), GIN-indexed; ranked with `ts_rank`.
  A statement holding a word search is never prepared (`plan_for_its_words`, installed on every PostgreSQL
  connection by innovations.apps): its plan must fit its words.
- SQLite: `Innovation.search_stems` holds " <title stems> | <stems of the rest> ", kept by
  `Innovation.save()`; a word matches when its stem is a whole token of it, looked up in the FTS5
  table `innovations_innovation_fts` that triggers keep (migration 0006_sqlite_fts). Relevance
  counts the words found in the title part.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import LessThan
from django.utils.translation import gettext as _

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
TITLE_SEPARATOR = "|"
FTS_TABLE = "innovations_innovation_fts"  # SQLite only
# Words so common in Indonesian that searching for them means nothing.
STOP_WORDS = frozenset("""
    ada adalah agar akan atau bagi bahwa bisa dalam dan dapat dari dengan di itu ini juga
    kami ke kepada masih oleh pada para sebagai secara serta sudah telah untuk yaitu yang
""".split())
# PostgreSQL's parser splits words at anything but letters and digits; so do we.
WORD_RE = re.compile(r"[^\W_]+")
# Fields of the document, in the order and weight the database trigger uses.
TITLE_FIELDS = ("title",)
REST_FIELDS = ("summary", "problem", "approach", "goals", "benefits", "unit", "partners", "development_plan")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("indonesian")


def words(text):
    return WORD_RE.findall((text or "").lower())


def stems(text):
    return _stemmer().stemWords(words(text))


def document_stems(innovation):
    """The text kept in `search_stems`: title stems, a separator, then the stems of the other fields."""
    title = " ".join(stems(" ".join(getattr(innovation, name) or "" for name in TITLE_FIELDS)))
    rest_words = dict.fromkeys(stems(" ".join(getattr(innovation, name) or "" for name in REST_FIELDS)))
    return f" {title} {TITLE_SEPARATOR} {' '.join(rest_words)} "


@dataclass
class ParsedQuery:
    """What a visitor typed, made into search terms, with notes to show when something was left out."""

    text: str
    terms: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def stems(self):
        return _stemmer().stemWords(self.terms)

    def __bool__(self):
        return bool(self.terms)


def parse_query(text):
    """Split a query into at most MAX_TERMS distinct, non-trivial words, saying what was dropped."""
    text = (text or "").strip()
    parsed = ParsedQuery(text=text)
    all_words = list(dict.fromkeys(words(text)))
    dropped = [w for w in all_words if w in STOP_WORDS]
    kept = [w for w in all_words if w not in STOP_WORDS]
    if dropped:
        parsed.notes.append(_("Kata yang terlalu umum tidak dicari: %(words)s.") % {"words": ", ".join(dropped)})
    if len(kept) > MAX_TERMS:
        first = " ".join(kept[:MAX_TERMS])
        parsed.notes.append(_("Hanya %(n)d kata pertama yang dicari: %(words)s.") % {"n": MAX_TERMS, "words": first})
        kept = kept[:MAX_TERMS]
    if text and not kept:
        parsed.notes.append(_("Kata kunci tidak berisi kata yang bisa dicari; semua inovasi ditampilkan."))
    parsed.terms = kept
    return parsed


def _is_postgres(queryset):
    return connections[queryset.db].vendor == "postgresql"


def _pg_query(parsed):
    query = None
    for term in parsed.terms:
        part = SearchQuery(term, config="indonesian", search_type="plain")
        query = part if query is None else query & part
    return query


def search(queryset, parsed, newest_first=False):
    """Entries matching every term of `parsed` (a ParsedQuery with terms).

    `newest_first`: the caller walks the entries newest first until it has enough matches (the newest
    matches of a broad word). SQLite, which cannot tell how many entries its FTS5 index will return,
    otherwise fetches and sorts every match (20,000 for a word in a fifth of 100,000 entries: 47 ms);
    told so, it walks its date index and tests each entry against the matches instead (7 ms).
    PostgreSQL weighs both ways itself.
    """
    if _is_postgres(queryset):
        return queryset.filter(search_vector=_pg_query(parsed))
    # Every stem must occur as a whole token of `search_stems`, looked up in its FTS5 index (migration 0006).
    match = " AND ".join('"{}"'.format(stem.replace('"', '""')) for stem in dict.fromkeys(parsed.stems))
    matches = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])
    if newest_first:
        # "id + 0" cannot drive a lookup by id, so SQLite keeps the walk and tests membership.
        return queryset.alias(id_tested=F("id") + 0).filter(id_tested__in=matches)
    return queryset.filter(id__in=matches)


def first_matches(queryset, parsed, order, limit, ranked=False):
    """Ids of the first `limit` entries of `queryset` matching `parsed` in `order` (fields, never the rank),
    or with `ranked` (id, rank) pairs: one query, which tells how many match up to `limit` too (see
    selectors.browse).

    PostgreSQL weighs walking the order's index against looking the words up in their own. SQLite cannot
    tell how many entries its FTS5 index will return (see `search`), so newest first it counts up to
    `limit` matches and walks its date index only when there are as many: a rare word's few matches are
    quicker looked up and sorted (1.5 ms against 17 at 100,000 entries), a broad word's many quicker
    walked (5 ms against 35).
    """
    newest_first = False
    if not _is_postgres(queryset) and order[0] == "-published_at":
        newest_first = search(queryset, parsed).values("id").order_by()[:limit].count() == limit
    matches = search(queryset, parsed, newest_first=newest_first).order_by(*order)
    if ranked:
        return list(with_rank(matches, parsed).values_list("id", "rank")[:limit])
    return list(matches.values_list("id", flat=True)[:limit])


def plan_for_its_words(execute, sql, params, many, context):
    """Execute wrapper (see `connection.execute_wrapper`): run a statement with a word search unprepared.

    The portal prepares statements run often on a connection (settings: DATABASE_PREPARE_THRESHOLD), and
    PostgreSQL may then switch a prepared statement to one generic plan for every parameter. For a word
    search that plan cannot know how many entries the words match: it assumes few and reads them through
    the word index, which for "pelayanan bersama" (nine entries in ten at 100,000) took 110 ms instead of
    15. Unprepared, every search is planned for its own words; it loses little, its planning being a
    small part of its time.
    """
    if " @@ " not in sql:
        return execute(sql, params, many, context)
    psycopg_connection = context["connection"].connection
    threshold = psycopg_connection.prepare_threshold
    psycopg_connection.prepare_threshold = None
    try:
        return execute(sql, params, many, context)
    finally:
        psycopg_connection.prepare_threshold = threshold


def with_rank(queryset, parsed):
    """Annotate `rank` (higher is more relevant) on an already searched queryset."""
    if _is_postgres(queryset):
        return queryset.annotate(rank=SearchRank(F("search_vector"), _pg_query(parsed)))
    # Matched rows hold every stem, so a stem's first position before the separator means "in the title".
    separator = StrIndex(F("search_stems"), Value(f" {TITLE_SEPARATOR} "))
    rank = Value(0.0, output_field=FloatField())
    for stem in dict.fromkeys(parsed.stems):
        position = StrIndex(F("search_stems"), Value(f" {stem} "))
        rank = rank + Case(When(LessThan(position, separator), then=Value(1.0)), default=Value(0.0),
                           output_field=FloatField())
    return queryset.annotate(rank=rank)

"""Search without diacritics: items and priority tasks keep a folded copy of their text.

``Item.search_text`` reads " du thao ke hoach ... | so ke hoach va dau tu so khdt " : the words of
the title, then (after "|") those of every agency's name and short name, lower-case, diacritics
stripped (agenda.text.fold), with a space before and after each word. ``PriorityTask.search_text``
has the words of the task only. A query word matches the start of a word ("tuy" finds "túy" and
"tuyển", "uy" finds neither); every word of the query must match.

The columns are written with what they are made of, by every write (agenda.content.PlanContent: a save,
bulk_create or bulk update of a title or a task's text); an item's agencies refresh its text when they
are written (meetings.models.ItemAgency), and so do an agency's names (meetings.signals).

On PostgreSQL both tables also have a ``search_vector`` column that the database computes from
``search_text`` (GENERATED ALWAYS AS … STORED, the ``simple`` configuration: no stemming, no
stop words, no extension) with a GIN index (migrations meetings 0006 and agenda 0009). The models
do not declare it, so that no query loads it; :class:`VectorMatch` and :class:`VectorRank` use it.
Elsewhere (SQLite, ``make demo``) the same words match with ``LIKE '% word%'``.

Ranking, the same on both databases (best first, then the newest plan, then document order, part A
first): one point per query word found in an item's title, plus as many points as the query has
words when they follow each other in the text as typed (on PostgreSQL the words of the vector
weighted A, and a phrase query ``<->``; elsewhere ``LIKE`` on the part before "|" and on the whole
text). A priority task is a paragraph, not a title: most words are found somewhere in it, so it
scores only for the words as typed. So "ke hoach dau tu" lists "Kế hoạch đầu tư công" first, then
"Kế hoạch phát triển … đầu tư hạ tầng", then titles with some of the words, and last the tasks with
the words apart and the items found by their agency's name alone. (``ts_rank_cd`` ranks by
proximity too, but costs four times as much over thousands of matches of a common phrase.)
"""

import re

from django.db import connections
from django.db.models import BooleanField, Case, Expression, F, IntegerField, Value, When
from django.db.models.functions import Concat, StrIndex, Substr
from django.db.models.lookups import Contains

from agenda.text import search_words, spaced_words

#: Between the title's words and the agencies' words in ``Item.search_text``.
AGENCY_MARK = "|"
VECTOR_COLUMN = "search_vector"


def search_text(title, agencies):
    """The folded words of ``title``, then "|" and those of the agencies' names and short names."""
    text = spaced_words(title)
    names = " ".join(f"{agency.name} {agency.short_name}" for agency in agencies)
    agency_text = spaced_words(names)
    if not agency_text:
        return text
    return f"{text or ' '}{AGENCY_MARK}{agency_text}"


def query_words(query):
    """The distinct folded words of what somebody typed, in order."""
    return list(dict.fromkeys(search_words(query)))


def tsquery(words, operator="&", weight=""):
    """A ``to_tsquery`` text asking for every word as a prefix: "'ke':* & 'hoach':*".

    ``operator`` "<->" asks for the words one after the other; ``weight`` "A", for words of the title.
    Each word is a run of letters, digits or "_" (agenda.text.search_words), which carries none of
    the tsquery syntax (quotes, backslashes, operators, spaces); anything else is refused, so that
    what somebody typed never becomes an operator. The text is passed as a query parameter.
    """
    for word in words:
        if not re.fullmatch(r"\w+", word):
            raise ValueError(f"not a search word: {word!r}")
    if operator not in ("&", "<->") or weight not in ("", "A"):
        raise ValueError(f"not a search operator or weight: {operator!r}, {weight!r}")
    return f" {operator} ".join(f"'{word}':*{weight}" for word in words)


class _VectorExpression(Expression):
    """SQL over the hidden ``search_vector`` column of the query's main table (PostgreSQL only)."""

    def __init__(self, words, alias=None):
        super().__init__()
        self.words = list(words)
        self.alias = alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def get_group_by_cols(self):
        return []

    def matches(self, compiler, connection):
        """SQL true where the vector matches a tsquery given as a parameter."""
        column = f"{compiler.quote_name_unless_alias(self.alias)}.{connection.ops.quote_name(VECTOR_COLUMN)}"
        return f"{column} @@ to_tsquery('simple', %s)"


class VectorMatch(_VectorExpression):
    """True where the row's vector has every word as the start of a word."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        return self.matches(compiler, connection), [tsquery(self.words)]


class VectorRank(_VectorExpression):
    """The points of the module's ranking: with ``title``, one per word found with weight A (the
    title), plus as many as there are words when they follow each other as typed (``<->``)."""

    output_field = IntegerField()

    def __init__(self, words, alias=None, title=True):
        super().__init__(words, alias)
        self.title = title

    def as_sql(self, compiler, connection):
        point = f"({self.matches(compiler, connection)})::int"
        terms, params = [], []
        if self.title:
            terms = [point] * len(self.words)
            params = [tsquery([word], weight="A") for word in self.words]
        if len(self.words) > 1:
            terms.append(f"{len(self.words)} * {point}")
            params.append(tsquery(self.words, operator="<->"))
        return f"({' + '.join(terms) or '0'})", params


def uses_vector(queryset):
    return connections[queryset.db].vendor == "postgresql"


def matching(queryset, words):
    """The rows of ``queryset`` (items or priority tasks) where every word starts a word; none without words."""
    if not words:
        return queryset.none()
    if uses_vector(queryset):
        return queryset.filter(VectorMatch(words))
    for word in words:
        queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset


def rank(queryset, words, title=True):
    """An expression scoring the rows of ``matching(queryset, words)``: higher is better (see the module).

    ``title``: the rows have a title (items), whose words score; a priority task's long text scores
    only for the words as typed.
    """
    if uses_vector(queryset):
        return VectorRank(words, title=title)
    points = []
    if title:
        title_text = Substr("search_text", 1, StrIndex(Concat("search_text", Value(AGENCY_MARK)), Value(AGENCY_MARK)))
        points = [Case(When(Contains(title_text, f" {word}"), then=Value(1)), default=Value(0)) for word in words]
    if len(words) > 1:
        phrase = Contains(F("search_text"), f" {' '.join(words)}")
        points.append(Case(When(phrase, then=Value(len(words))), default=Value(0)))
    if not points:
        return Value(0, output_field=IntegerField())
    total = points[0]
    for point in points[1:]:
        total = total + point
    return total

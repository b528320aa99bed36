"""Search without diacritics: each item keeps a folded copy of its title and its agencies' names.

``Item.search_text`` reads " du thao ke hoach ... so ke hoach va dau tu so khdt " : the words of
the title and of every agency's name and short name, lower-case, diacritics stripped (agenda.text.fold),
with a space before and after each word. A query word matches the start of a word ("tuy" finds
"túy" and "tuyển", "uy" finds neither). meetings.signals keeps the column up to date.
"""

from agenda.text import search_words


def search_text(title, agencies):
    """The folded words of ``title`` and of the agencies' names and short names, space-delimited."""
    parts = [title]
    for agency in agencies:
        parts.extend((agency.name, agency.short_name))
    words = search_words(" ".join(parts))
    return f" {' '.join(words)} " if words else ""


def query_words(query):
    """The distinct folded words of what somebody typed, in order."""
    return list(dict.fromkeys(search_words(query)))


def matching(queryset, query):
    """Items of ``queryset`` matching every word of ``query`` (in any order); none for an empty query."""
    words = query_words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset


def refresh(items):
    """Recompute ``search_text`` of ``items`` (a queryset of Item) and write the ones that changed."""
    return refresh_loaded(items.only("pk", "title", "search_text").with_agencies())


def refresh_loaded(items):
    """:func:`refresh` for items already read with their agencies (``with_agencies`` or the
    document's prefetch): no query unless a text changed, then one update per 200 items."""
    from meetings.models import Item

    changed = []
    for item in items:
        text = search_text(item.title, item.ordered_agencies)
        if text != item.search_text:
            item.search_text = text
            changed.append(item)
    Item.objects.bulk_update(changed, ["search_text"], batch_size=200)
    return len(changed)

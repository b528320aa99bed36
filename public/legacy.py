"""The URLs printed before offices were many, answered for the installation's first office forever.

Issued PDFs carry QR codes to ``/ke-hoach/<yyyy>/<mm>/ban/<n>/xac-thuc/``, calendars are subscribed at
``/co-quan/<slug>/lich.ics`` and ``/ke-hoach/<yyyy>/<mm>/lich.ics``, feed readers poll ``/ke-hoach/rss/``. A calendar
or a feed is answered where it is (a subscription may not follow a redirect): the same bytes as at the first
office's own URL. Every other old path redirects permanently there, its query string kept.
"""

import functools

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from agenda.models import Office
from agenda.offices import first_office_slug


def answered_for_the_first_office(view):
    """``view`` (an office's view, ``agenda.offices.office_view``) answering an old URL for the first office."""

    @functools.wraps(view)
    def legacy(request, *args, **kwargs):
        return view(request, *args, office=Office.objects.get_solo(), **kwargs)

    return legacy


def moved_to(name):
    """A view redirecting an old URL permanently to the first office's URL ``public:<name>``."""

    def legacy(request, **kwargs):
        url = reverse(f"public:{name}", kwargs={"office": first_office_slug(), **kwargs})
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    legacy.__name__ = legacy.__qualname__ = f"legacy_{name}"
    return legacy

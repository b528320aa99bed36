"""The platform's own pages, over every office: ``/`` (the offices, province first, each with its latest
programme and its leaders' schedule of this week; with a single office, that office's home as it is at
``/<office>/``) and ``/tim-kiem/`` (every office's issued programmes, each hit labelled with its office). A fixed
number of queries, whatever the number of offices."""

from itertools import groupby

from django.shortcuts import render
from django.utils import timezone

from agenda.models import Office
from public.cache import artifact
from public.queries import offices_in_order
from public.views import office_home, search_page
from weekly.public_week import offices_with_week
from weekly.queries import week_of


@artifact
def platform_home(request):
    offices = list(Office.objects.order_by("pk")[:2])
    if len(offices) == 1:  # an installation of one office: its home, as it was before offices were many
        request.office = offices[0]
        return office_home(request, offices[0])
    levels = dict(Office.Level.choices)
    groups = [(levels[level], list(members)) for level, members in groupby(offices_in_order(), lambda o: o.level)]
    iso_year, iso_week = week_of(timezone.localdate())
    context = {
        "groups": groups,
        # Each office's leaders' schedule of this week, when published (issue 22): one query for all offices.
        "week": {"year": iso_year, "number": iso_week, "offices": offices_with_week(iso_year, iso_week)},
    }
    return render(request, "public/platform_home.html", context)


def platform_search(request):
    return search_page(request)

"""The two ways to get a calendar feed: download the .ics once, or subscribe (webcal://) to follow it."""

from django import template

from exports.ics import webcal_url
from public.cache import site_url

register = template.Library()


@register.inclusion_tag("public/_calendar_links.html")
def calendar_links(url, whose=""):
    """``{% calendar_links ics_url %}``: the download link and, beside it, the subscription link (at
    SITE_URL: the page is kept for every visitor, whatever Host one of them sent). ``whose``: the calendar's
    owner, read by screen readers after each link's text, when a page lists several (the leaders')."""
    return {"download_url": url, "subscribe_url": webcal_url(site_url(url)), "whose": whose}


@register.simple_tag
def absolute_url(path):
    """``{% absolute_url plan.get_absolute_url %}``: the path at SITE_URL (canonical links)."""
    return site_url(path)

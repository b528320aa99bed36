"""The two ways to get a calendar feed: download the .ics once, or subscribe (webcal://) to follow it."""

from django import template

from exports.ics import webcal_url

register = template.Library()


@register.inclusion_tag("public/_calendar_links.html", takes_context=True)
def calendar_links(context, url):
    """``{% calendar_links ics_url %}``: the download link and, beside it, the subscription link."""
    return {"download_url": url, "subscribe_url": webcal_url(context["request"].build_absolute_uri(url))}

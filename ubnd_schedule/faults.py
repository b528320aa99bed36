"""Faults answered in Vietnamese, in the site's layout, without the database.

While the database is unreachable every page answers 503 with a "try again" page and a
``Retry-After`` header; the next request after it is back is served normally (Django opens a
new connection: ``CONN_HEALTH_CHECKS`` drops a persistent connection that died meanwhile).
"""

import logging
import sys

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import requires_csrf_token

from ubnd_schedule.errors import ConflictError

logger = logging.getLogger("ubnd_schedule.faults")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request=None):
    """The 503 page: rendered without a request context, so no context processor queries."""
    body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn an unreachable database into a 503 instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error("database unavailable: %s", exception, extra={"path": request.path})
            return database_unavailable(request)
        return None


class ConflictMiddleware:
    """A write refused by the model layer (:class:`ConflictError`: e.g. a plan signed or issued between the
    page's loading and its saving, on a path that does not check first) is a Vietnamese 409, not a 500:
    nothing was saved, and the page says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ConflictError):
            logger.warning("write to a locked plan refused: %s", exception, extra={"path": request.path})
            body = render_to_string("409.html", {"message": str(exception)}, request=request)
            return HttpResponse(body, status=409)
        return None


class MethodNotAllowedMiddleware:
    """A 405 (a GET on a form's target, an old logout link) answered by Django with an empty body gets the
    Vietnamese error page in the site's layout; its ``Allow`` header is kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            allowed = response.get("Allow", "")
            response.content = render_to_string("405.html", {"allowed": allowed}, request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


PLAIN_SERVER_ERROR = gettext_lazy("Lỗi máy chủ (500). Văn phòng đã được thông báo; xin thử lại sau ít phút.")


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a database fault raised outside a view (a middleware, the session) is still a 503.

    Called by Django inside its ``except`` block, so the exception is in ``sys.exc_info()``.
    The 500 page is rendered with a plain context: no context processor, no query.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request)
    try:
        return HttpResponseServerError(render_to_string(template_name))
    except Exception:  # the page itself cannot be drawn (a static file missing from the manifest): plain text
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(f"{PLAIN_SERVER_ERROR}\n", content_type="text/plain; charset=utf-8")

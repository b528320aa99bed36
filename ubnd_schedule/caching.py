"""Which answers a shared cache may keep.

Public pages (plans, archive, agencies, search, feeds, calendars) carry no per-user data: they
set no cookie and embed no CSRF token (the language switch is a link, the search form a GET).
The workspace and the admin are per-user: ``private, no-store``, so neither a shared cache nor
the browser's back button keeps them. Any other answer that sets a cookie (the CSRF cookie of
the signature verification form, the language choice) is never stored by a shared cache.
"""

from django.utils.cache import patch_cache_control

PRIVATE_PREFIXES = ("/van-phong/", "/admin/")


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PRIVATE_PREFIXES):
            response["Cache-Control"] = "private, no-store"
        elif response.cookies:
            patch_cache_control(response, private=True)
        return response

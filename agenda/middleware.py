from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Vietnamese for everybody, English only for who chose it (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language and show an
    English site to most visitors' browsers: the Office's site is Vietnamese first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

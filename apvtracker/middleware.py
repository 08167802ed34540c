from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control


class DanishFirstLocaleMiddleware:
    """Speak Danish unless the person chose another language (the set_language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many Danish
    workplaces run English-language browsers; the tracker is Danish first.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store` on the API, the reports and the dashboard: what they show
    (findings, confidential ones counted or named to their readers) must not stay in a shared
    cache or a browser's disk cache. The admin's pages already say so (`never_cache`)."""

    PREFIXES = ("/api/", "/reports/", "/dashboard/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES):
            patch_cache_control(response, no_store=True, private=True)
        return response

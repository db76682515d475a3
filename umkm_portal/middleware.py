"""Request parameters cleaned at the door, for every page: a NUL (`?q=%00`) reaches PostgreSQL
as a DataError (text cannot hold one) from any filter, search or autocomplete that passes it
to a query, the admin's included, and from a posted choice (a KBLI or region code is looked up
as text by ModelChoiceField, which no CharField cleaning reaches)."""

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from umkm_portal.text import clean_text, has_control_characters


def _needs_cleaning(query):
    return any(has_control_characters(key) or any(map(has_control_characters, values)) for key, values in query.lists())


def _has_nul(query):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query.lists())


def _rebuilt(query, clean):
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        for value in values:
            cleaned.appendlist(clean(key), clean(value))
    cleaned._mutable = False
    return cleaned


class CleanQueryMiddleware:
    """request.GET with every key and value passed through clean_text (single line), when one
    of them holds a control character; request.POST without NUL (what else a posted field may
    hold, newlines and all, its form field decides: umkm_portal.text.clean_form_text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _needs_cleaning(request.GET):
            request.GET = _rebuilt(request.GET, clean_text)
        # CsrfViewMiddleware reads the body of every POST anyway, before any view.
        if request.method == "POST" and _has_nul(request.POST):
            request.POST = _rebuilt(request.POST, lambda text: text.replace("\x00", ""))
        return self.get_response(request)


class RequestSizeMiddleware:
    """413 for a body declared larger than settings.MAX_REQUEST_BYTES, before anything reads it
    (CleanQueryMiddleware and CSRF read request.POST): Django would otherwise receive an 85 MB
    upload whole before the form says "maksimal 10 MB". First in the chain, so it renders a
    page of its own (no session or user yet), in the language of the path."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
            with translation.override(language):
                limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
                html = render_to_string("413.html", {"limit_mb": limit, "LANGUAGE_CODE": language})
            return HttpResponse(html, status=413)
        return self.get_response(request)

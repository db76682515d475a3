"""Query parameters cleaned at the door, for every page: a NUL (`?q=%00`) reaches PostgreSQL
as a DataError (text cannot hold one) from any filter, search or autocomplete that passes it
to a query, the admin's included; other control characters are just as meaningless there."""

from django.http import QueryDict

from umkm_portal.text import clean_text, has_control_characters


def _needs_cleaning(query):
    return any(has_control_characters(key) or any(map(has_control_characters, values)) for key, values in query.lists())


class CleanQueryMiddleware:
    """request.GET with every key and value passed through clean_text (single line), when one
    of them holds a control character."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _needs_cleaning(request.GET):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                for value in values:
                    cleaned.appendlist(clean_text(key), clean_text(value))
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)

"""{% load portal %}: how templates show money and structured data. The formatting itself is
umkm_portal.money's; these only hand it the values."""

import json

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from umkm_portal.money import format_rupiah, format_rupiah_range, format_thousands

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def rupiah(value):
    """15000 -> "Rp 15.000" (umkm_portal.money.format_rupiah)."""
    return format_rupiah(value)


@register.filter
def thousands(value):
    """12345 -> "12.345" (umkm_portal.money.format_thousands)."""
    return format_thousands(value)


@register.simple_tag
def price(product):
    """A product's price or price range in Rupiah ("Rp 15.000 – Rp 40.000"), or "" when it has none
    (the template then prompts to ask the seller). Each amount is kept on one line: a narrow card
    breaks the range at the dash, never as "Rp 19.000 – Rp" / "43.500"."""
    text = format_rupiah_range(product.price_min, product.price_max)
    return format_html_join(" – ", '<span class="nowrap">{}</span>', ((amount,) for amount in text.split(" – "))) if text else ""


@register.simple_tag
def price_text(product):
    """The same price as plain text, for attributes (og:description, alt)."""
    return format_rupiah_range(product.price_min, product.price_max)


@register.filter
def jsonld(data):
    """A <script type="application/ld+json"> block, escaped like json_script so it cannot end the tag early."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def rupiah(value):
    """15000 -> "Rp 15.000" (Indonesian thousands separator, no decimals)."""
    if value is None or value == "":
        return ""
    return "Rp " + f"{int(value):,}".replace(",", ".")


@register.filter
def thousands(value):
    """12345 -> "12.345"."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")


@register.simple_tag
def price(product):
    """A product's price or price range in Rupiah, or a prompt to ask the seller."""
    if product.price_min is None:
        return ""
    if product.is_price_range:
        return f"{rupiah(product.price_min)} – {rupiah(product.price_max)}"
    return rupiah(product.price_min)


@register.filter
def jsonld(data):
    """A <script type="application/ld+json"> block, escaped like json_script so it cannot end the tag early."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))

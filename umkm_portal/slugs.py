import secrets

from django.utils.text import slugify


def unique_slug(model, text, *, max_length=60):
    """A readable slug for `text`, with a short random suffix when the plain one is taken."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug = base
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug

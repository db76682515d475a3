"""schema.org JSON-LD for product and business pages. Only public fields go in."""

from django.conf import settings

from directory.models import Business


def absolute_url(url):
    """A media or page URL as others must see it (media may already be absolute on S3)."""
    return url if url.startswith("http") else settings.SITE_URL + url


def product_jsonld(product, photos, page_url):
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.name,
        "description": product.description[:500],
        "url": page_url,
        "category": product.category.name,
        "brand": {"@type": "Brand", "name": product.business.name},
    }
    # Every photo of the product. A product without one carries no image at all: no drawn
    # placeholder or seller logo stands in for it (it would show a search engine, and a buyer,
    # a picture of something else).
    if photos:
        data["image"] = [absolute_url(photo.image.url) for photo in photos]
    availability = "https://schema.org/InStock" if product.is_available else "https://schema.org/OutOfStock"
    seller = {
        "@type": "LocalBusiness", "name": product.business.name, "url": absolute_url(product.business.get_absolute_url()),
        # Where the seller is, as public as the product page's seller card: no street address.
        "address": {
            "@type": "PostalAddress", "addressLocality": product.regency.name,
            "addressRegion": settings.PORTAL_PROVINCE_NAME, "addressCountry": "ID",
        },
    }
    if product.is_price_range:
        data["offers"] = {
            "@type": "AggregateOffer", "priceCurrency": "IDR", "lowPrice": product.price_min,
            "highPrice": product.price_max, "availability": availability, "seller": seller,
        }
    elif product.price_min is not None:
        data["offers"] = {
            "@type": "Offer", "priceCurrency": "IDR", "price": product.price_min,
            "availability": availability, "seller": seller, "url": page_url,
        }
    return data


def map_link(latitude, longitude):
    """A link to the place on OpenStreetMap: a plain link, nothing loaded from there on our pages."""
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=17/{latitude}/{longitude}"


def business_jsonld(business: Business, page_url, *, location=None):
    """location: (latitude, longitude) only when the owner published it (Business.public_location)."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": business.name,
        "description": business.description[:500],
        "url": page_url,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": business.address,
            "addressLocality": business.regency.name,
            "addressRegion": business.regency.province.name,
            "postalCode": business.postal_code,
            "addressCountry": "ID",
        },
    }
    if location:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": float(location[0]), "longitude": float(location[1])}
    if business.whatsapp:
        data["telephone"] = business.whatsapp
    if business.logo:
        data["logo"] = absolute_url(business.logo.url)
    links = [url for _, url in business.marketplace_links()]
    if links:
        data["sameAs"] = links
    return data

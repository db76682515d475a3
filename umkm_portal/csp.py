"""Content-Security-Policy sources that depend on the deployment (settings.CONTENT_SECURITY_POLICY):
the origins images may come from besides the portal itself."""

from urllib.parse import urlsplit


def origin(url):
    """scheme://host[:port] of an absolute URL, "" for a relative one ("/media/", "img/logo.svg")."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def image_origins(*, media_url, owner_logo, s3_bucket="", s3_endpoint_url="", s3_region="", s3_custom_domain=""):
    """Where <img> may load from: an absolute MEDIA_URL or PORTAL_OWNER_LOGO, and with media on S3
    the host django-storages builds photo URLs on (custom domain, else the endpoint in path style
    and in virtual-host style, else AWS's bucket hosts)."""
    origins = [origin(media_url), origin(owner_logo)]
    if s3_bucket:
        if s3_custom_domain:
            origins.append(f"https://{s3_custom_domain}")
        elif s3_endpoint_url:
            endpoint = urlsplit(s3_endpoint_url)
            origins += [origin(s3_endpoint_url), f"{endpoint.scheme}://{s3_bucket}.{endpoint.netloc}"]
        else:
            origins.append(f"https://{s3_bucket}.s3.amazonaws.com")
            if s3_region:
                origins.append(f"https://{s3_bucket}.s3.{s3_region}.amazonaws.com")
    return list(dict.fromkeys(o for o in origins if o))

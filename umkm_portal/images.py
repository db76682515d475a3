"""Uploaded photos: checked by content, bounded, EXIF-stripped, resized, and a
thumbnail made once at upload so no page ever resizes on request."""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones save photos as HEIC: pillow-heif lets Pillow open them (format "HEIF"). It applies
# the photo's rotation itself while decoding and resets the EXIF orientation to 1, so
# exif_transpose below does not turn it a second time.
register_heif_opener()

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "HEIF"}
MAX_PIXELS = 40_000_000  # a 48 MP phone photo is ~48M; decompression bombs are far larger
FULL_SIZE = 1600
THUMB_SIZE = 480
QUALITY = 82


@dataclass
class ProcessedImage:
    full: ContentFile
    thumb: ContentFile
    width: int
    height: int


def process_upload(upload):
    """Validate an uploaded image and return WebP renditions without metadata.
    Raises ValidationError with a message in Bahasa Indonesia for anything unusable."""
    size = getattr(upload, "size", None)
    if size is not None and size > settings.MAX_IMAGE_UPLOAD_BYTES:
        limit = settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)
        raise ValidationError(_("Foto terlalu besar: maksimal %(mb)s MB.") % {"mb": limit})
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Format foto tidak didukung: gunakan JPEG, PNG, WebP, atau HEIC."))
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("Ukuran foto terlalu besar (lebih dari 40 megapiksel)."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            full = _reduced(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Berkas ini bukan foto yang bisa dibaca. Unggah foto JPEG, PNG, WebP, atau HEIC.")) from None
    # The thumbnail comes from the 1600 px rendition, not from the original: a 40 MP
    # photo is decoded and resized once.
    thumb = ImageOps.fit(full, (THUMB_SIZE, THUMB_SIZE), Image.Resampling.LANCZOS)
    stem = uuid.uuid4().hex
    return ProcessedImage(
        full=ContentFile(_webp(full), name=f"{stem}.webp"),
        thumb=ContentFile(_webp(thumb), name=f"{stem}-thumb.webp"),
        width=full.width,
        height=full.height,
    )


def process_uploads(uploads):
    """process_upload for every file (images already processed pass through), all of them
    checked before the caller writes any. Raises one ValidationError naming each unusable file."""
    processed, errors = [], []
    for upload in uploads:
        if isinstance(upload, ProcessedImage):
            processed.append(upload)
            continue
        try:
            processed.append(process_upload(upload))
        except ValidationError as error:
            name = getattr(upload, "name", "") or _("foto")
            errors.extend(f"{name}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    return processed


def _reduced(image):
    """The photo at most FULL_SIZE px on its longer side, upright, in RGB.
    Shrinks before it turns or converts, so those steps work on 2.5 MP, not 40."""
    if image.format == "JPEG":
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale directly (never below FULL_SIZE on
        # both sides): a 40 MP JPEG is read as 10 MP.
        image.draft("RGB", (FULL_SIZE, FULL_SIZE))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        # Palette and 1-bit images resize only by nearest neighbour: convert them first.
        image = _to_rgb(image)
    # reducing_gap: a fast integer reduce() down to ~3× the target, then LANCZOS.
    image.thumbnail((FULL_SIZE, FULL_SIZE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    image = ImageOps.exif_transpose(image)
    return _to_rgb(image)


def _to_rgb(image):
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _webp(image):
    # A fresh image written without exif=/icc_profile= carries no metadata (GPS included).
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=QUALITY, method=4)
    return buffer.getvalue()


def stored_files(*field_files):
    """(storage, name) of the image files that are set: read them before their rows are
    deleted or replaced, then pass them to delete_files_after_commit."""
    return [(field_file.storage, field_file.name) for field_file in field_files if field_file]


def delete_files_after_commit(files):
    """Delete the files once the surrounding transaction commits (a rollback keeps them,
    as it keeps the rows that point to them)."""

    def delete():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)

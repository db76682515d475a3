"""Uploaded photos (umkm_portal.images and the services that store them): WebP without
metadata, bounded size, a thumbnail made at upload, and unusable files refused with a
message in Bahasa Indonesia."""

import io
from pathlib import Path

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from catalog.models import Product, ProductPhoto
from catalog.services import product_add_photo
from directory.services import business_add_photo, business_set_logo
from tests.conftest import (
    huge_png,
    image_bytes,
    jpeg_bytes,
    make_business,
    make_product,
)

pytestmark = pytest.mark.django_db


def exif_with_gps():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraUji"
    exif[ExifTags.Base.Orientation] = 6  # taken sideways: shown rotated 90°
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (2.0, 59.0, 27.0)  # Palembang
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (104.0, 45.0, 21.0)
    return exif.tobytes()


def stored(field):
    path = Path(field.path)
    assert path.is_file() and path.is_relative_to(Path(field.storage.location))
    return path


def test_gps_and_every_other_exif_field_are_removed(commit, palembang, settings):
    upload = jpeg_bytes((640, 480), exif=exif_with_gps())
    with Image.open(upload) as original:  # the upload really carries the location
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
    upload.seek(0)
    with commit():
        product = make_product(make_business(palembang), photos=[upload])
    photo = product.photos.get()
    for field in (photo.image, photo.thumb):
        path = stored(field)
        assert path.suffix == ".webp"
        assert str(path).startswith(str(settings.MEDIA_ROOT))
        data = path.read_bytes()
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert len(image.getexif()) == 0 and "exif" not in image.info
        assert b"EXIF" not in data and b"Exif" not in data and b"KameraUji" not in data
    assert (photo.width, photo.height) == (480, 640)  # the orientation was applied, then dropped


def test_large_photo_is_resized_and_a_thumbnail_made_at_upload(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), photos=[jpeg_bytes((2400, 1500))])
    photo = product.photos.get()
    with Image.open(stored(photo.image)) as full:
        assert full.size == (1600, 1000)
    with Image.open(stored(photo.thumb)) as thumb:
        assert thumb.size == (480, 480)
    assert (photo.width, photo.height) == (1600, 1000)
    assert product.cover == photo


def test_small_photo_is_not_enlarged(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), photos=[image_bytes("PNG", size=(300, 200))])
    with Image.open(stored(product.photos.get().image)) as full:
        assert full.size == (300, 200)


def test_transparent_png_gets_a_white_background(commit, palembang):
    buffer = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(buffer, format="PNG")
    buffer.seek(0)
    with commit():
        product = make_product(make_business(palembang), photos=[buffer])
    with Image.open(stored(product.photos.get().image)) as full:
        assert full.convert("RGB").getpixel((25, 25)) == (255, 255, 255)


def test_business_photo_and_logo(commit, palembang):
    with commit():
        business = make_business(palembang)
        photo = business_add_photo(business=business, upload=jpeg_bytes((1800, 1800)))
        business_set_logo(business=business, upload=image_bytes("WEBP", size=(1000, 500)))
    with Image.open(stored(photo.image)) as full:
        assert full.size == (1600, 1600)
    business.refresh_from_db()
    with Image.open(stored(business.logo)) as logo, Image.open(stored(business.logo_thumb)) as thumb:
        assert logo.size == (1000, 500) and thumb.size == (480, 480)


def test_photo_added_later_becomes_the_cover_only_when_there_is_none(commit, palembang):
    with commit():
        product = make_product(make_business(palembang))
    assert product.cover is None
    first = product_add_photo(product=product, upload=jpeg_bytes((100, 100)))
    second = product_add_photo(product=product, upload=jpeg_bytes((100, 100)))
    product.refresh_from_db()
    assert product.cover == first and [p.position for p in (first, second)] == [0, 1]


def refused(upload, palembang):
    """The ValidationError message for `upload`, checked to leave nothing behind."""
    business = make_business(palembang)
    before = (Product.objects.count(), ProductPhoto.objects.count())
    with pytest.raises(ValidationError) as error:
        make_product(business, name="Produk Foto Ditolak", photos=[upload])
    assert (Product.objects.count(), ProductPhoto.objects.count()) == before
    return " ".join(error.value.messages)


def test_text_file_named_jpg_is_refused(palembang):
    upload = SimpleUploadedFile("foto.jpg", b"ini bukan foto, hanya teks biasa\n" * 20, content_type="image/jpeg")
    assert "bukan foto yang bisa dibaca" in refused(upload, palembang)


def test_truncated_jpeg_is_refused(palembang):
    data = jpeg_bytes((400, 300)).getvalue()
    upload = SimpleUploadedFile("foto.jpg", data[: len(data) // 3], content_type="image/jpeg")
    assert "bukan foto yang bisa dibaca" in refused(upload, palembang)


def test_gif_is_refused(palembang):
    assert "Format foto tidak didukung: gunakan JPEG, PNG, WebP, atau HEIC." in refused(image_bytes("GIF"), palembang)


def test_too_many_pixels_is_refused(palembang):
    upload = huge_png(9000, 9000)  # 81 megapixels in a few kilobytes
    assert upload.getbuffer().nbytes < 100_000
    assert "lebih dari 40 megapiksel" in refused(upload, palembang)


def test_decompression_bomb_is_refused(palembang):
    upload = huge_png(14000, 14000)  # 196 megapixels: Pillow itself refuses to open it
    assert upload.getbuffer().nbytes < 200_000
    assert "bukan foto yang bisa dibaca" in refused(upload, palembang)


def test_file_over_the_upload_limit_is_refused(palembang, settings):
    data = jpeg_bytes((400, 300)).getvalue()
    settings.MAX_IMAGE_UPLOAD_BYTES = len(data) - 1
    upload = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")
    message = refused(upload, palembang)
    assert "Foto terlalu besar" in message
    settings.MAX_IMAGE_UPLOAD_BYTES = len(data)
    with_room = SimpleUploadedFile("foto.jpg", data, content_type="image/jpeg")
    assert make_product(make_business(palembang), photos=[with_room]).photos.count() == 1


def test_default_upload_limit_is_ten_megabytes(settings):
    assert settings.MAX_IMAGE_UPLOAD_BYTES == 10 * 1024 * 1024


# ---------------------------------------------------------------------------- HEIC (iPhone photos)


def heic_bytes(size=(640, 480), exif=None):
    """A real HEIC file as an iPhone saves it, encoded here by pillow-heif (libheif + x265) without
    going through Pillow's plugin registry, so only umkm_portal.images can teach Pillow to read it."""
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", size, (30, 90, 160))).save(buffer, quality=60, **({"exif": exif} if exif else {}))
    buffer.seek(0)
    buffer.name = "IMG_0421.HEIC"
    return buffer


def test_heic_photo_is_stored_as_webp_without_gps_or_other_exif(commit, palembang):
    upload = heic_bytes(exif=exif_with_gps())
    data = upload.getvalue()
    assert data[4:12] == b"ftypheic" and b"KameraUji" in data  # a HEIC that really carries the metadata
    with Image.open(upload) as original:
        assert original.format == "HEIF"
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "S"
    upload.seek(0)
    with commit():
        product = make_product(make_business(palembang), photos=[upload])
    photo = product.photos.get()
    for field in (photo.image, photo.thumb):
        path = stored(field)
        assert path.suffix == ".webp"
        with Image.open(path) as image:
            assert image.format == "WEBP"
            assert len(image.getexif()) == 0 and "exif" not in image.info
        assert b"Exif" not in path.read_bytes() and b"KameraUji" not in path.read_bytes()
    assert product.cover == photo
    # Taken sideways (orientation 6): turned upright once, not twice.
    assert (photo.width, photo.height) == (480, 640)
    with Image.open(stored(photo.thumb)) as thumb:
        assert thumb.size == (480, 480)


def test_large_heic_is_resized(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), photos=[heic_bytes((2000, 1500))])
    with Image.open(stored(product.photos.get().image)) as full:
        assert full.size == (1600, 1200)


def test_truncated_heic_is_refused(palembang):
    data = heic_bytes((400, 300)).getvalue()
    upload = SimpleUploadedFile("IMG_0421.HEIC", data[: len(data) // 2], content_type="image/heic")
    assert "bukan foto yang bisa dibaca" in refused(upload, palembang)

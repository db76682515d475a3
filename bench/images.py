"""Time the upload pipeline on the largest photos it accepts (just under 40 MP).

    SECRET_KEY=t .venv/bin/python bench/images.py

Prints, for JPEG, PNG, WebP and HEIC (pillow-heif), the size of the file and the
seconds umkm_portal.images.process_upload takes on it (best of 3).
"""

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "umkm_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from umkm_portal.images import process_upload  # noqa: E402

SIDE = 6324  # 6324 × 6324 = 39,992,976 pixels, just under the 40 MP cap


def photo():
    # A gradient with shapes: photo-like enough that encoders do real work.
    image = Image.linear_gradient("L").resize((SIDE, SIDE)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, SIDE, 400):
        draw.ellipse((i, i, i + 900, i + 600), fill=(200, 80 + i % 150, 40))
    return image


def encoded(image, fmt, **options):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def main():
    image = photo()
    cases = [
        ("JPEG", encoded(image, "JPEG", quality=90)),
        ("PNG", encoded(image, "PNG")),
        ("PNG (one colour)", encoded(Image.new("RGB", (SIDE, SIDE), (30, 120, 200)), "PNG")),
        ("WebP", encoded(image.crop((0, 0, 6324, 6324)), "WEBP", quality=80, method=0)),
    ]
    try:
        cases.append(("HEIC", encoded(image, "HEIF", quality=80)))
    except (KeyError, OSError, ValueError) as error:
        print(f"HEIC: not measured ({error})")
    for name, data in cases:
        best = None
        for _ in range(3):
            upload = SimpleUploadedFile("x", data)
            start = time.perf_counter()
            process_upload(upload)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        print(f"{name:18} {SIDE}x{SIDE} {len(data) / 1e6:6.2f} MB  {best:6.2f} s")


if __name__ == "__main__":
    main()

"""Pictures for the demo data, drawn with Pillow in memory: a coloured motif per
category with the product's name, a monogram logo, a simple shop front. They are
handed to the services as uploads, so they go through the real image pipeline."""

import io
import textwrap

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

CANVAS = 720  # the drawings' coordinates
PHOTO_SIZE = 640  # sharp on the detail page; WebP encoding at upload dominates the seed time
LOGO_SIZE = 400

# category slug -> (background, motif colour, second motif colour, motif)
CATEGORY_STYLES = {
    "makanan-minuman-olahan": ((214, 126, 44), (246, 196, 102), (150, 70, 20), "dots"),
    "kuliner": ((190, 60, 45), (250, 214, 160), (120, 30, 20), "plates"),
    "fashion-tekstil": ((120, 20, 40), (222, 178, 60), (170, 40, 70), "diamonds"),
    "kriya-kerajinan": ((140, 96, 52), (206, 166, 110), (96, 60, 30), "weave"),
    "pertanian-perkebunan": ((60, 130, 60), (240, 200, 70), (30, 90, 40), "dots"),
    "perikanan": ((30, 100, 150), (160, 210, 230), (20, 60, 100), "waves"),
    "kecantikan-kesehatan": ((120, 160, 110), (240, 230, 200), (80, 120, 80), "plates"),
    "peternakan": ((200, 150, 40), (255, 236, 170), (140, 100, 20), "dots"),
    "jasa": ((60, 70, 120), (200, 200, 230), (40, 40, 90), "weave"),
    "aksesoris-souvenir": ((170, 40, 40), (240, 200, 80), (110, 20, 20), "diamonds"),
}
DEFAULT_STYLE = ((100, 100, 100), (200, 200, 200), (60, 60, 60), "dots")


def product_photo(category_slug, title, variant=0):
    """A JPEG upload showing `title` over the category's motif; `variant` shifts the pattern."""
    background, colour, second, motif = CATEGORY_STYLES.get(category_slug, DEFAULT_STYLE)
    image = Image.new("RGB", (CANVAS, CANVAS), background)
    draw = ImageDraw.Draw(image)
    _MOTIFS[motif](draw, colour, second, variant)
    _caption(draw, title)
    return _jpeg_upload(image.resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.BILINEAR), "produk.jpg")


def logo(name, colour_index=0):
    """A round monogram of the business's initials."""
    palette = list(CATEGORY_STYLES.values())
    background, colour, second, _ = palette[colour_index % len(palette)]
    image = Image.new("RGB", (LOGO_SIZE, LOGO_SIZE), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    margin = 20
    draw.ellipse((margin, margin, LOGO_SIZE - margin, LOGO_SIZE - margin), fill=background, outline=second, width=12)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    draw.text((LOGO_SIZE / 2, LOGO_SIZE / 2), initials, font=_font(150), fill=colour, anchor="mm")
    return _jpeg_upload(image, "logo.jpg")


def shop_front(name, colour_index=0):
    """A shop with a striped awning and the business's name on its sign."""
    palette = list(CATEGORY_STYLES.values())
    background, colour, second, _ = palette[colour_index % len(palette)]
    size = CANVAS
    image = Image.new("RGB", (size, size), (170, 210, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, size * 0.8, size, size), fill=(120, 120, 120))  # street
    draw.rectangle((80, 220, size - 80, size * 0.8), fill=(240, 232, 215))  # wall
    stripe = (size - 120) // 8
    for index in range(8):
        draw.rectangle((60 + index * stripe, 250, 60 + (index + 1) * stripe, 330), fill=background if index % 2 else colour)
    draw.rectangle((140, 400, 330, size * 0.8), fill=second)  # door
    draw.rectangle((380, 400, size - 140, 520), fill=(200, 230, 245), outline=second, width=6)  # window
    draw.rectangle((60, 120, size - 60, 210), fill=background)  # sign
    draw.text((size / 2, 165), name, font=_fit_font(draw, name, size - 160, 56), fill=(255, 255, 255), anchor="mm")
    return _jpeg_upload(image.resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.BILINEAR), "toko.jpg")


def _dots(draw, colour, second, variant):
    step = 120
    for row in range(7):
        for column in range(7):
            x, y = column * step + (row % 2) * step // 2 + variant * 17 % step, row * step
            radius = 34 + (row * 7 + column + variant) % 3 * 10
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour if (row + column) % 3 else second)


def _plates(draw, colour, second, variant):
    centre = CANVAS // 2
    draw.ellipse((90, 40, CANVAS - 90, CANVAS - 140), fill=(250, 250, 245), outline=second, width=10)
    draw.ellipse((170, 120, CANVAS - 170, CANVAS - 220), fill=colour)
    for index in range(5 + variant % 3):
        x = 230 + (index * 67 + variant * 29) % 250
        y = 180 + (index * 53 + variant * 41) % 160
        draw.ellipse((x - 28, y - 28, x + 28, y + 28), fill=second)
    draw.line((centre + 240, 60, centre + 300, 480), fill=(200, 200, 200), width=14)  # a spoon


def _diamonds(draw, colour, second, variant):
    step = 90
    for row in range(-1, CANVAS // step + 2):
        for column in range(-1, CANVAS // step + 2):
            x, y = column * step + (row % 2) * step // 2, row * step
            size = 30 if (row + column + variant) % 2 else 20
            draw.polygon([(x, y - size), (x + size, y), (x, y + size), (x - size, y)], fill=colour if (row + variant) % 3 else second)
    for y in range(0, CANVAS, 180):
        draw.rectangle((0, y + 80, CANVAS, y + 92), fill=colour)


def _weave(draw, colour, second, variant):
    step = 60
    for index in range(0, CANVAS, step):
        draw.rectangle((index, 0, index + step // 2, CANVAS), fill=colour)
    for index in range(variant % 2 * step // 2, CANVAS, step):
        for column in range(0, CANVAS, step * 2):
            draw.rectangle((column, index, column + step, index + step // 2), fill=second)


def _waves(draw, colour, second, variant):
    for row in range(0, CANVAS, 70):
        for column in range(-80, CANVAS, 160):
            offset = (row // 70 + variant) % 2 * 80
            draw.arc((column + offset, row, column + offset + 160, row + 90), 0, 180, fill=colour, width=10)
    # A fish.
    draw.ellipse((200, 180, 520, 360), fill=second)
    draw.polygon([(510, 270), (610, 190), (610, 350)], fill=second)
    draw.ellipse((250, 240, 280, 270), fill=colour)


_MOTIFS = {"dots": _dots, "plates": _plates, "diamonds": _diamonds, "weave": _weave, "waves": _waves}


def _caption(draw, title):
    top = CANVAS - 170
    draw.rounded_rectangle((30, top, CANVAS - 30, CANVAS - 30), radius=24, fill=(255, 255, 255))
    lines = textwrap.wrap(title, width=24)[:2]
    font = _font(44 if len(lines) > 1 else 52)
    middle = (top + CANVAS - 30) / 2
    for index, line in enumerate(lines):
        y = middle + (index - (len(lines) - 1) / 2) * 54
        draw.text((CANVAS / 2, y), line, font=font, fill=(40, 30, 30), anchor="mm")


_fonts = {}


def _font(size):
    if size not in _fonts:
        try:
            _fonts[size] = ImageFont.truetype("DejaVuSans-Bold.ttf", size)
        except OSError:  # no DejaVu on this machine: Pillow's built-in font
            _fonts[size] = ImageFont.load_default(size=size)
    return _fonts[size]


def _fit_font(draw, text, width, size):
    while size > 20 and draw.textlength(text, font=_font(size)) > width:
        size -= 4
    return _font(size)


def _jpeg_upload(image, name):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name=name)

"""Pictures for the demo data, drawn with Pillow in memory: a product photo drawn after the
product's kind (a pempek plate, a coffee pouch, a songket cloth, a honey jar, a rice sack…, see
LOOKS) with its name on a caption that always fits, a monogram logo, a simple shop front. Each
drawing is deterministic: its shapes and colours come from a seed made of the name and a variant.
They are handed to the services as uploads, so they go through the real image pipeline."""

import io
import math
import random
import zlib

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

CANVAS = 720  # the drawings' coordinates
PHOTO_SIZE = 640  # sharp on the detail page; WebP encoding at upload dominates the seed time
LOGO_SIZE = 400

# The colours of logos and shop fronts: (background, colour, second colour), one set per category.
CATEGORY_STYLES = {
    "makanan-minuman-olahan": ((214, 126, 44), (246, 196, 102), (150, 70, 20)),
    "kuliner": ((190, 60, 45), (250, 214, 160), (120, 30, 20)),
    "fashion-tekstil": ((120, 20, 40), (222, 178, 60), (170, 40, 70)),
    "kriya-kerajinan": ((140, 96, 52), (206, 166, 110), (96, 60, 30)),
    "pertanian-perkebunan": ((60, 130, 60), (240, 200, 70), (30, 90, 40)),
    "perikanan": ((30, 100, 150), (160, 210, 230), (20, 60, 100)),
    "kecantikan-kesehatan": ((120, 160, 110), (240, 230, 200), (80, 120, 80)),
    "peternakan": ((200, 150, 40), (255, 236, 170), (140, 100, 20)),
    "jasa": ((60, 70, 120), (200, 200, 230), (40, 40, 90)),
    "aksesoris-souvenir": ((170, 40, 40), (240, 200, 80), (110, 20, 20)),
}


def product_photo(category_slug, title, variant=0):
    """A JPEG upload: the drawing for `title`'s kind (look_of) with `title` on a caption;
    `variant` (a second photo of one product) changes the seed."""
    image = draw_product(category_slug, title, variant)
    return _jpeg_upload(image.resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.BILINEAR), "produk.jpg")


def draw_product(category_slug, title, variant=0):
    """The product photo as a PIL image (CANVAS x CANVAS)."""
    look = look_of(title, category_slug)
    rng = random.Random(zlib.crc32(f"{title}|{variant}".encode()))
    background = _shade(_pick(rng, BACKGROUNDS[look]), rng)
    image = Image.new("RGB", (CANVAS, CANVAS), background)
    draw = ImageDraw.Draw(image)
    _DRAWINGS[look](draw, rng, image)
    draw.rounded_rectangle(CAPTION_BOX, radius=24, fill=(255, 255, 255))
    _caption(draw, title)
    return image


# Which drawing a product gets: the first look one of whose words is in its name (lower case),
# else its category's.
LOOKS = (
    (("kopi susu", "teh tarik", "es kacang"), "cup"),
    (("sabun", "lulur"), "soap"),
    (("nasi minyak", "nasi kotak", "nasi uduk"), "plate"),
    (("cuko", "kecap", "minyak", "air mineral", "jamu"), "bottle"),
    (("kopi", "wedang jahe"), "coffee_bag"),
    (("keripik", "abon", "bumbu", "nastar", "mie instan"), "snack_bag"),
    (("martabak",), "plate"),
    (("pempek", "otak-otak", "model ikan", "laksan"), "pempek"),
    (("tekwan", "celimpungan", "burgo", "mie celor", "pindang"), "bowl"),
    (("kemplang", "kerupuk"), "kerupuk"),
    (("maksuba", "lapis", "bolu", "engkak", "delapan jam", "lumpang", "gonjing", "jando", "puan"), "cake"),
    (("songket", "blongsong", "tanjak"), "songket"),
    (("jumputan",), "jumputan"),
    (("batik", "kaos", "seragam", "kebaya", "gamis", "baju", "kemeja", "celana", "sablon"), "clothes"),
    (("madu", "sambal", "bekasam"), "jar"),
    (("beras", "gula", "tepung", "biji kopi"), "sack"),
    (("tikar",), "mat"),
    (("topi",), "hat"),
    (("bakul", "keranjang", "purun", "rotan"), "basket"),
    (("ampera",), "bridge"),
    (("lak", "ukiran", "kayu"), "wood"),
    (("ikan", "udang"), "fish"),
    (("telur",), "eggs"),
    (("durian",), "durian"),
    (("rambutan",), "rambutan"),
    (("duku", "nanas", "manggis", "rambutan", "cabai"), "fruit"),
    (("gas", "galon", "air minum"), "cylinder"),
    (("nasi", "tumpeng", "katering", "ayam"), "plate"),
    (("potong", "cukur", "rias", "jahit", "permak", "resleting", "creambath", "facial", "smoothing", "cat rambut", "keramas"), "scissors"),
    (("sewa", "antar jemput"), "car"),
    (("servis motor", "oli", "ban", "mesin", "cuci motor"), "wrench"),
    (("cuci", "setrika"), "laundry"),
    (("cetak", "stiker"), "print"),
    (("pulsa", "token", "tagihan"), "phone"),
)
CATEGORY_LOOKS = {
    "makanan-minuman-olahan": "snack_bag", "kuliner": "plate", "fashion-tekstil": "clothes", "kriya-kerajinan": "basket",
    "pertanian-perkebunan": "fruit", "perikanan": "fish", "kecantikan-kesehatan": "bottle", "peternakan": "eggs",
    "jasa": "service", "aksesoris-souvenir": "wood", "sembako": "sack",
}
# Backgrounds per look: tables, walls and cloths a seller photographs on.
BACKGROUNDS = {
    "cup": [(222, 196, 160), (190, 150, 110), (236, 226, 206)],
    "coffee_bag": [(232, 220, 196), (150, 110, 80), (210, 200, 180)],
    "pempek": [(150, 100, 60), (230, 220, 200), (120, 150, 90)],
    "bowl": [(140, 90, 50), (220, 210, 190), (90, 120, 80)],
    "kerupuk": [(240, 228, 200), (200, 170, 120), (120, 160, 190)],
    "snack_bag": [(250, 236, 200), (200, 225, 235), (235, 210, 210)],
    "cake": [(245, 232, 220), (210, 180, 150), (200, 220, 200)],
    "songket": [(60, 20, 30), (20, 30, 70), (30, 60, 40)],
    "jumputan": [(245, 240, 230), (230, 210, 230)],
    "clothes": [(235, 230, 222), (210, 222, 230), (236, 224, 210)],
    "jar": [(236, 228, 210), (200, 180, 150), (225, 235, 225)],
    "bottle": [(230, 232, 236), (210, 196, 170), (225, 215, 200)],
    "sack": [(200, 180, 150), (170, 150, 120), (225, 215, 200)],
    "basket": [(230, 220, 200), (160, 190, 150), (200, 210, 220)],
    "bridge": [(150, 200, 235), (250, 190, 140)],
    "wood": [(240, 232, 215), (60, 40, 30), (210, 200, 190)],
    "fish": [(30, 100, 150), (170, 200, 210), (120, 90, 60)],
    "eggs": [(220, 200, 160), (200, 220, 230)],
    "fruit": [(120, 160, 90), (220, 200, 160), (240, 236, 220)],
    "soap": [(220, 235, 225), (240, 225, 215), (210, 200, 230)],
    "cylinder": [(225, 228, 232), (200, 210, 200)],
    "plate": [(150, 100, 60), (225, 215, 195), (190, 60, 45)],
    "service": [(60, 70, 120), (40, 110, 120), (120, 60, 90)],
    "scissors": [(230, 200, 210), (200, 225, 230), (240, 230, 200)],
    "car": [(170, 210, 235), (235, 220, 190)],
    "mat": [(240, 232, 215), (200, 220, 210)],
    "durian": [(120, 160, 90), (220, 200, 160), (240, 236, 220)],
    "rambutan": [(240, 236, 220), (200, 220, 180)],
    "hat": [(170, 210, 235), (240, 232, 215)],
    "wrench": [(60, 70, 80), (230, 200, 60), (200, 205, 210)],
    "laundry": [(200, 225, 240), (230, 240, 235)],
    "print": [(235, 235, 240), (60, 70, 120)],
    "phone": [(240, 200, 60), (60, 170, 200), (230, 80, 90)],
}


def look_of(title, category_slug=""):
    lowered = title.lower()
    for words, look in LOOKS:
        if any(word in lowered for word in words):
            return look
    return CATEGORY_LOOKS.get(category_slug, "service")


def _pick(rng, options):
    return options[int(rng.random() * len(options))]


def _shade(colour, rng, spread=18):
    """`colour` lighter or darker by a little, so no two photos of a kind are quite alike."""
    shift = int((rng.random() * 2 - 1) * spread)
    return tuple(max(0, min(255, channel + shift)) for channel in colour)


def _darker(colour, factor=0.7):
    return tuple(int(channel * factor) for channel in colour)


# -- the drawings: each gets the canvas above the caption (y up to about 540) --

def _draw_cup(draw, rng, image):
    drink = _shade(_pick(rng, [(150, 100, 60), (200, 160, 110), (180, 60, 70), (230, 170, 40)]), rng)
    draw.ellipse((150, 470, 570, 540), fill=(240, 240, 240))  # saucer
    draw.polygon([(220, 150), (500, 150), (470, 500), (250, 500)], fill=(235, 240, 245))  # glass
    draw.polygon([(232, 230), (488, 230), (468, 488), (252, 488)], fill=drink)
    draw.polygon([(240, 300), (482, 300), (470, 488), (252, 488)], fill=_darker(drink))  # layers
    draw.ellipse((232, 210, 488, 250), fill=_shade((250, 240, 225), rng))  # foam or ice
    draw.line((420, 60, 380, 300), fill=_pick(rng, [(220, 60, 60), (60, 160, 90), (60, 90, 200)]), width=14)  # straw


def _draw_coffee_bag(draw, rng, image):
    colour = _shade(_pick(rng, [(90, 50, 30), (30, 30, 30), (150, 40, 40), (40, 90, 60), (200, 150, 60)]), rng)
    draw.polygon([(210, 120), (510, 120), (540, 520), (180, 520)], fill=colour)  # pouch
    draw.rectangle((210, 100, 510, 130), fill=_darker(colour))  # zip seal
    draw.rounded_rectangle((250, 250, 470, 420), radius=20, fill=(245, 235, 215))  # label
    draw.ellipse((325, 280, 395, 390), fill=(110, 60, 30))  # a bean on the label
    draw.line((360, 285, 360, 385), fill=(245, 235, 215), width=6)
    for _ in range(12):  # beans on the table
        x, y = 60 + rng.random() * 600, 470 + rng.random() * 70
        if 170 < x < 550 and y < 525:
            continue
        draw.ellipse((x - 16, y - 11, x + 16, y + 11), fill=(90, 50, 25))


def _draw_pempek(draw, rng, image):
    draw.ellipse((50, 90, 670, 560), fill=(250, 250, 245), outline=(200, 200, 200), width=6)  # plate
    fried = _shade((222, 172, 92), rng, 14)
    edge = _darker(fried, 0.8)
    for index in range(1 + int(rng.random() * 2)):  # kapal selam: a half moon, cut to show the egg
        x, y = 130 + index * 170, 170 + index * 40
        draw.pieslice((x, y, x + 230, y + 200), 180, 360, fill=fried, outline=edge, width=4)
        draw.ellipse((x + 80, y + 50, x + 150, y + 100), fill=(250, 200, 60))
    for index in range(3 + int(rng.random() * 3)):  # lenjer slices and adaan balls
        x, y = 170 + rng.random() * 260, 330 + rng.random() * 90
        if index % 2:
            draw.rounded_rectangle((x, y, x + 90, y + 40), radius=14, fill=fried, outline=edge, width=3)
        else:
            draw.ellipse((x, y, x + 60, y + 60), fill=_darker(fried, 0.92), outline=edge, width=3)
    draw.ellipse((480, 300, 620, 430), fill=(230, 230, 225))  # cuko bowl
    draw.ellipse((495, 315, 605, 415), fill=_shade((90, 45, 25), rng, 10))
    for _ in range(5):
        x, y = 515 + rng.random() * 70, 335 + rng.random() * 60
        draw.ellipse((x, y, x + 10, y + 10), fill=(200, 40, 30))  # chili


def _draw_mat(draw, rng, image):
    colours = [_shade(c, rng, 10) for c in ((205, 170, 110), _pick(rng, [(170, 40, 50), (60, 110, 70), (60, 70, 140)]))]
    draw.polygon([(80, 180), (640, 180), (680, 520), (40, 520)], fill=colours[0])
    for row in range(0, 12):  # the woven checks, a coloured motif band in the middle
        for column in range(0, 16):
            if (row + column) % 2 or not 3 <= row <= 8:
                continue
            top = 180 + row * 28
            left = 80 - (top - 180) / 340 * 40 + column * (560 + (top - 180) / 340 * 80) / 16
            draw.rectangle((left, top, left + 32, top + 28), fill=colours[1])
    draw.ellipse((560, 120, 700, 230), fill=_darker(colours[0], 0.85))  # the rolled end
    draw.ellipse((590, 145, 670, 205), fill=_darker(colours[0], 0.7))


def _draw_bowl(draw, rng, image):
    soup = _shade(_pick(rng, [(240, 200, 120), (230, 150, 70), (220, 120, 60), (245, 225, 170)]), rng)
    draw.ellipse((90, 80, 630, 560), fill=(255, 255, 250), outline=_shade((40, 90, 160), rng), width=16)
    draw.ellipse((150, 140, 570, 500), fill=soup)
    for _ in range(6 + int(rng.random() * 4)):
        x, y = 200 + rng.random() * 280, 180 + rng.random() * 240
        draw.ellipse((x, y, x + 55, y + 55), fill=(250, 245, 235), outline=_darker(soup), width=3)
    for _ in range(10):
        x, y = 180 + rng.random() * 330, 170 + rng.random() * 290
        draw.ellipse((x, y, x + 16, y + 16), fill=(60, 140, 60))  # spring onion


def _draw_kerupuk(draw, rng, image):
    """Round crackers: spread on a tray, or stacked in a clear bag with a label."""
    cracker = _shade(_pick(rng, [(240, 220, 170), (235, 200, 150), (250, 235, 200), (230, 180, 140)]), rng, 10)
    in_bag = rng.random() < 0.5
    if in_bag:
        draw.rounded_rectangle((150, 60, 570, 540), radius=20, fill=(250, 250, 252), outline=(200, 205, 215), width=6)
        draw.rectangle((150, 60, 570, 110), fill=_shade(_pick(rng, [(200, 40, 40), (40, 120, 70), (30, 80, 160)]), rng))
    for row in range(3):
        for column in range(2 if in_bag else 4):
            if in_bag:
                x, y = 180 + column * 180 + rng.random() * 20, 130 + row * 130 + rng.random() * 10
            else:
                x = 60 + column * 160 + (row % 2) * 60 + rng.random() * 20
                y = 60 + row * 150 + rng.random() * 20
            draw.ellipse((x, y, x + 170, y + 150), fill=cracker, outline=_darker(cracker, 0.85), width=5)
            for _ in range(5):
                u, v = x + 30 + rng.random() * 100, y + 30 + rng.random() * 80
                draw.ellipse((u, v, u + 10, v + 10), fill=_darker(cracker, 0.8))


def _draw_snack_bag(draw, rng, image):
    colour = _shade(_pick(rng, [(220, 60, 50), (240, 170, 40), (60, 140, 80), (40, 100, 170), (150, 60, 140)]), rng)
    draw.rounded_rectangle((170, 90, 550, 530), radius=30, fill=colour)
    for x in range(170, 551, 24):  # crimped seals
        draw.polygon([(x, 90), (x + 12, 70), (x + 24, 90)], fill=colour)
        draw.polygon([(x, 530), (x + 12, 550), (x + 24, 530)], fill=colour)
    draw.ellipse((230, 260, 490, 480), fill=(255, 255, 255))  # window
    chip = _shade((235, 190, 90), rng, 12)
    for _ in range(9):
        x, y = 260 + rng.random() * 170, 290 + rng.random() * 130
        draw.ellipse((x, y, x + 60, y + 40), fill=chip, outline=_darker(chip), width=3)
    draw.rectangle((210, 140, 510, 210), fill=(255, 255, 255))  # brand band
    draw.rectangle((230, 160, 490, 190), fill=_darker(colour))


def _draw_cake(draw, rng, image):
    colours = [_shade(c, rng, 12) for c in _pick(rng, [
        [(120, 70, 30), (240, 200, 110)], [(60, 140, 70), (245, 240, 220)], [(200, 140, 50), (250, 220, 140)]])]
    draw.ellipse((80, 420, 640, 560), fill=(250, 250, 245))  # plate
    layers = 8 + int(rng.random() * 6)
    height = 300 / layers
    for index in range(layers):
        top = 160 + index * height
        draw.rectangle((160, top, 560, top + height), fill=colours[index % 2])
    draw.polygon([(160, 160), (560, 160), (600, 130), (200, 130)], fill=colours[0])  # top face


def _draw_songket(draw, rng, image):
    """Gold thread on a dark cloth: diamonds, eight-petal flowers (bungo) or a dense lepus field."""
    gold = _shade((222, 180, 60), rng, 12)
    second = _shade(_pick(rng, [(200, 40, 70), (240, 220, 160), (60, 150, 120), (230, 120, 40)]), rng)
    motif = _pick(rng, ("diamond", "bungo", "lepus"))
    step = 80 + int(rng.random() * 3) * 10
    for row in range(0, CANVAS, step):
        for column in range(0, CANVAS, step):
            x, y, r = column + step / 2 + (row // step % 2) * step / 2 * (motif == "bungo"), row + step / 2, step / 3
            if motif == "diamond":
                draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=gold)
                draw.polygon([(x, y - r / 2), (x + r / 2, y), (x, y + r / 2), (x - r / 2, y)], fill=second)
            elif motif == "bungo":
                for angle in range(0, 360, 45):
                    u, v = x + r * 0.7 * math.cos(math.radians(angle)), y + r * 0.7 * math.sin(math.radians(angle))
                    draw.ellipse((u - r / 3, v - r / 3, u + r / 3, v + r / 3), fill=gold)
                draw.ellipse((x - r / 3, y - r / 3, x + r / 3, y + r / 3), fill=second)
            else:
                draw.rectangle((column + 4, row + 4, column + step - 4, row + step - 4), fill=gold)
                draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=second)
    for x in range(0, CANVAS, 60):  # tumpal border
        draw.polygon([(x, 0), (x + 60, 0), (x + 30, 70)], fill=gold)
    draw.rectangle((0, 70, CANVAS, 80), fill=gold)


def _draw_jumputan(draw, rng, image):
    colours = [_shade(c, rng) for c in _pick(rng, [
        [(220, 40, 120), (250, 200, 40), (60, 160, 200)], [(120, 40, 160), (240, 120, 60), (40, 170, 120)]])]
    for band in range(6):
        draw.rectangle((0, band * 120, CANVAS, band * 120 + 120), fill=colours[band % 3])
    for _ in range(40):
        x, y = rng.random() * CANVAS, rng.random() * 560
        for ring, colour in ((26, (250, 250, 245)), (16, colours[int(rng.random() * 3)]), (7, (250, 250, 245))):
            draw.ellipse((x - ring, y - ring, x + ring, y + ring), fill=colour)


def _draw_clothes(draw, rng, image):
    colour = _shade(_pick(rng, [(40, 70, 140), (150, 30, 60), (40, 120, 90), (200, 150, 40), (60, 60, 60), (230, 230, 230)]), rng)
    draw.line((360, 40, 360, 90), fill=(120, 120, 120), width=8)  # hanger
    draw.line((220, 120, 360, 80, 500, 120), fill=(120, 120, 120), width=8)
    body = [(240, 110), (300, 100), (360, 140), (420, 100), (480, 110), (600, 220), (540, 290), (490, 240), (490, 540),
            (230, 540), (230, 240), (180, 290), (120, 220)]
    draw.polygon(body, fill=colour)
    pattern = _darker(colour, 0.75) if sum(colour) > 300 else _shade((230, 190, 90), rng)
    # The pattern drawn on a layer and pasted through the shirt's shape, so it stays on the cloth.
    layer = Image.new("RGB", image.size, colour)
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).polygon(body, fill=255)
    pen = ImageDraw.Draw(layer)
    if rng.random() < 0.5:  # batik parang: diagonal bands
        for offset in range(-300, 400, 50):
            pen.line((230 + offset, 540, 490 + offset, 240), fill=pattern, width=10)
    else:
        for _ in range(40):
            x, y = 130 + rng.random() * 460, 110 + rng.random() * 430
            pen.ellipse((x - 12, y - 12, x + 12, y + 12), fill=pattern)
    image.paste(layer, (0, 0), mask)
    draw.polygon([(330, 100), (360, 160), (390, 100)], fill=(250, 250, 250))  # collar


def _draw_jar(draw, rng, image):
    content = _shade(_pick(rng, [(220, 150, 30), (190, 110, 20), (200, 40, 30), (160, 60, 30)]), rng)
    lid = _shade(_pick(rng, [(200, 60, 50), (40, 100, 60), (230, 190, 60), (40, 40, 40)]), rng)
    draw.rounded_rectangle((220, 170, 500, 530), radius=50, fill=(240, 245, 245))
    draw.rounded_rectangle((232, 200, 488, 518), radius=44, fill=content)
    draw.rectangle((245, 120, 475, 180), fill=lid)
    draw.rounded_rectangle((260, 300, 460, 420), radius=14, fill=(250, 245, 230))  # label
    for column in range(3):  # honeycomb on the label
        x, y = 300 + column * 60, 360
        draw.regular_polygon((x, y, 24), 6, fill=_darker(content, 0.9))
    draw.line((270, 220, 270, 480), fill=_shade((255, 255, 255), rng, 4), width=10)  # shine


def _draw_bottle(draw, rng, image):
    liquid = _shade(_pick(rng, [(60, 30, 20), (230, 190, 40), (120, 60, 20), (200, 160, 60), (220, 230, 240)]), rng)
    count = 1 + int(rng.random() * 3)
    for index in range(count):
        x = 360 + (index - (count - 1) / 2) * 170
        draw.rounded_rectangle((x - 70, 240, x + 70, 530), radius=30, fill=liquid)
        draw.rectangle((x - 28, 130, x + 28, 250), fill=liquid)
        draw.rectangle((x - 32, 100, x + 32, 140), fill=_shade((200, 50, 40), rng))
        draw.rectangle((x - 60, 340, x + 60, 440), fill=(250, 245, 230))
        draw.line((x - 45, 260, x - 45, 510), fill=(255, 255, 255), width=6)


def _draw_sack(draw, rng, image):
    cloth = _shade(_pick(rng, [(240, 236, 225), (225, 210, 170), (235, 235, 240)]), rng, 8)
    stripe = _shade(_pick(rng, [(200, 40, 40), (40, 110, 60), (40, 80, 170)]), rng)
    draw.polygon([(200, 140), (520, 140), (560, 520), (160, 520)], fill=cloth)
    draw.polygon([(200, 140), (260, 90), (310, 140)], fill=cloth)  # tied top
    draw.polygon([(410, 140), (460, 90), (520, 140)], fill=cloth)
    draw.rectangle((180, 330, 540, 350), fill=stripe)
    draw.rectangle((175, 370, 545, 380), fill=stripe)
    draw.ellipse((290, 200, 430, 310), fill=stripe)  # brand mark
    for x in range(210, 520, 18):  # weave texture
        draw.line((x, 150, x - 20, 510), fill=_darker(cloth, 0.93), width=2)


def _draw_basket(draw, rng, image):
    straw = _shade(_pick(rng, [(200, 160, 100), (170, 120, 70), (215, 190, 130)]), rng)
    band = _shade(_pick(rng, [(160, 40, 40), (50, 100, 60), (60, 60, 130)]), rng)
    draw.polygon([(130, 220), (590, 220), (530, 530), (190, 530)], fill=straw)
    for row, y in enumerate(range(230, 515, 30)):
        inset = (y + 15 - 220) / 310 * 60 + 4  # the sides slope in towards the bottom
        for x in range(130 + (row % 2) * 30, 590, 60):
            left, right = max(x, 130 + inset), min(x + 30, 590 - inset)
            if left < right:
                draw.rectangle((left, y, right, y + 15), fill=_darker(straw, 0.8))
    draw.rectangle((150, 300, 570, 330), fill=band)
    draw.ellipse((120, 190, 600, 250), fill=_darker(straw, 0.9))  # rim
    draw.arc((220, 40, 500, 380), 180, 360, fill=_darker(straw, 0.7), width=22)  # handle


def _draw_bridge(draw, rng, image):
    draw.rectangle((0, 420, CANVAS, CANVAS), fill=_shade((60, 110, 140), rng))  # Musi river
    red = _shade((200, 40, 40), rng, 10)
    for x in (200, 520):  # the two towers
        draw.rectangle((x - 25, 120, x + 25, 420), fill=red)
        draw.rectangle((x - 45, 120, x + 45, 150), fill=red)
    draw.rectangle((40, 330, 680, 360), fill=red)  # deck
    for x in range(60, 680, 40):
        draw.line((x, 360, x, 420), fill=red, width=6)
    draw.line((200, 160, 40, 330), fill=red, width=8)
    draw.line((200, 160, 360, 330), fill=red, width=8)
    draw.line((520, 160, 360, 330), fill=red, width=8)
    draw.line((520, 160, 680, 330), fill=red, width=8)


def _draw_wood(draw, rng, image):
    lacquer = _shade(_pick(rng, [(160, 20, 20), (120, 20, 30), (40, 30, 25)]), rng, 10)
    gold = _shade((220, 180, 70), rng, 10)
    tall = rng.random() < 0.4
    box = (220, 100, 500, 530) if tall else (140, 230, 580, 500)
    draw.rectangle(box, fill=lacquer, outline=gold, width=10)
    left, top, right, bottom = box
    middle = (left + right) / 2
    draw.line((middle, top, middle, bottom), fill=gold, width=6)
    for _ in range(6):  # painted flowers
        x, y = left + 30 + rng.random() * (right - left - 60), top + 30 + rng.random() * (bottom - top - 60)
        for angle in range(0, 360, 72):
            u, v = x + 18 * math.cos(math.radians(angle)), y + 18 * math.sin(math.radians(angle))
            draw.ellipse((u - 10, v - 10, u + 10, v + 10), fill=gold)


def _draw_fish(draw, rng, image):
    body = _shade(_pick(rng, [(190, 150, 90), (150, 150, 160), (110, 80, 50), (220, 120, 80)]), rng)
    for index in range(1 + int(rng.random() * 2)):
        y = 170 + index * 190
        draw.ellipse((140, y, 500, y + 160), fill=body, outline=_darker(body), width=5)
        draw.polygon([(490, y + 80), (610, y), (610, y + 160)], fill=_darker(body, 0.85))
        draw.ellipse((190, y + 50, 220, y + 80), fill=(30, 30, 30))
        for x in range(260, 470, 40):
            draw.arc((x, y + 30, x + 50, y + 130), 300, 60, fill=_darker(body, 0.8), width=4)


def _draw_eggs(draw, rng, image):
    shell = _shade(_pick(rng, [(235, 215, 185), (200, 220, 215), (245, 240, 230)]), rng, 8)
    draw.rectangle((90, 120, 630, 540), fill=_shade((170, 160, 140), rng, 8))  # tray
    for row in range(3):
        for column in range(4):
            x, y = 130 + column * 125, 150 + row * 130
            draw.ellipse((x, y, x + 90, y + 115), fill=shell, outline=_darker(shell, 0.85), width=3)


def _draw_fruit(draw, rng, image):
    colour = _shade(_pick(rng, [(220, 200, 110), (120, 40, 60), (230, 60, 40), (170, 150, 40), (240, 180, 40)]), rng)
    for _ in range(9 + int(rng.random() * 6)):
        x, y, r = 120 + rng.random() * 480, 150 + rng.random() * 340, 50 + rng.random() * 30
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour, outline=_darker(colour), width=4)
        draw.ellipse((x - r / 3, y - r / 2, x, y - r / 5), fill=_shade(colour, rng, 40))
        draw.line((x, y - r, x + 10, y - r - 22), fill=(70, 110, 40), width=6)


def _draw_durian(draw, rng, image):
    skin = _shade((150, 150, 50), rng, 14)
    for index in range(1 + int(rng.random() * 2)):
        x, y = 220 + index * 200, 170 + index * 60
        draw.ellipse((x - 150, y - 110, x + 150, y + 170), fill=skin)
        for row in range(-100, 170, 34):  # the thorns
            for column in range(-140, 150, 34):
                if ((column / 150) ** 2 + ((row - 30) / 140) ** 2) <= 1:
                    u, v = x + column + (row // 34 % 2) * 17, y + row
                    draw.polygon([(u - 10, v + 8), (u + 10, v + 8), (u, v - 14)], fill=_darker(skin, 0.75))
        if index == 0:  # one opened: the yellow flesh
            draw.ellipse((x - 60, y - 10, x + 60, y + 80), fill=_shade((245, 215, 110), rng, 10))


def _draw_wrench(draw, rng, image):
    draw.ellipse((150, 120, 470, 440), fill=(40, 40, 40))  # a tyre
    draw.ellipse((230, 200, 390, 360), fill=_shade((180, 185, 190), rng))
    draw.ellipse((285, 255, 335, 305), fill=(90, 90, 90))
    steel = _shade((200, 205, 215), rng, 10)
    draw.line((330, 480, 560, 170), fill=steel, width=44)  # the wrench
    draw.ellipse((510, 100, 630, 220), fill=steel)
    draw.polygon([(560, 95), (610, 150), (650, 110), (600, 60)], fill=image.getpixel((5, 5)))  # its open jaw


def _draw_laundry(draw, rng, image):
    body = _shade((245, 245, 245), rng, 6)
    draw.rounded_rectangle((190, 80, 530, 530), radius=30, fill=body, outline=(190, 195, 200), width=6)
    draw.rectangle((190, 80, 530, 160), fill=_shade((210, 215, 220), rng, 6))
    for x in (230, 280):
        draw.ellipse((x, 105, x + 30, 135), fill=_shade((80, 160, 220), rng))
    draw.ellipse((240, 200, 480, 440), fill=(120, 130, 140))
    draw.ellipse((260, 220, 460, 420), fill=_shade((120, 190, 235), rng))  # water and bubbles
    for _ in range(8):
        x, y, r = 280 + rng.random() * 150, 240 + rng.random() * 150, 10 + rng.random() * 18
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(255, 255, 255), width=4)


def _draw_print(draw, rng, image):
    ink = [_shade(c, rng) for c in ((200, 40, 60), (40, 120, 200), (240, 190, 40))]
    for index in range(4):  # a fanned stack of printed sheets
        x, y = 150 + index * 40, 120 + index * 30
        draw.rectangle((x, y, x + 320, y + 380), fill=(252, 252, 250), outline=(200, 200, 205), width=3)
    x, y = 270, 210
    draw.rectangle((x + 30, y + 30, x + 290, y + 160), fill=ink[int(rng.random() * 3)])
    for row in range(5):
        draw.rectangle((x + 30, y + 190 + row * 30, x + 290 - row * 30, y + 205 + row * 30), fill=(170, 170, 175))


def _draw_phone(draw, rng, image):
    body = _shade(_pick(rng, [(40, 40, 45), (230, 230, 235), (40, 80, 150)]), rng)
    draw.rounded_rectangle((250, 60, 470, 530), radius=36, fill=body)
    draw.rectangle((268, 110, 452, 470), fill=(240, 248, 255))
    for index in range(4):  # signal bars
        height = 40 + index * 40
        draw.rectangle((295 + index * 38, 320 - height, 320 + index * 38, 320), fill=_shade((60, 170, 90), rng))
    draw.rectangle((290, 360, 430, 400), fill=_shade((240, 180, 40), rng))  # the voucher code


def _draw_rambutan(draw, rng, image):
    for _ in range(8 + int(rng.random() * 5)):
        x, y, r = 140 + rng.random() * 440, 170 + rng.random() * 300, 50 + rng.random() * 15
        red = _shade((200, 40, 40), rng, 20)
        for angle in range(0, 360, 15):  # the hairs
            u, v = x + (r + 16) * math.cos(math.radians(angle)), y + (r + 16) * math.sin(math.radians(angle))
            draw.line((x, y, u, v), fill=_shade((80, 140, 50), rng, 20) if angle % 45 == 0 else red, width=4)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=red)


def _draw_hat(draw, rng, image):
    straw = _shade(_pick(rng, [(215, 185, 120), (190, 150, 90)]), rng)
    draw.ellipse((80, 300, 640, 480), fill=straw, outline=_darker(straw, 0.8), width=6)  # brim
    draw.pieslice((220, 140, 500, 440), 180, 360, fill=_darker(straw, 0.9))  # crown
    draw.rectangle((220, 270, 500, 300), fill=_shade(_pick(rng, [(160, 40, 40), (40, 90, 60), (40, 50, 120)]), rng))  # band
    for x in range(200, 520, 26):  # plaited rings on the brim
        draw.line((x, 330, x + 14, 450), fill=_darker(straw, 0.82), width=3)


def _draw_soap(draw, rng, image):
    colours = [_shade(c, rng) for c in ((230, 200, 120), (120, 80, 60), (180, 210, 160))]
    for index in range(3):
        x, y = 120 + index * 170, 220 + (index % 2) * 60
        draw.rounded_rectangle((x, y, x + 160, y + 110), radius=24, fill=colours[int(rng.random() * 3)])
        draw.rounded_rectangle((x + 25, y + 25, x + 135, y + 85), radius=14, outline=(255, 255, 255), width=4)
    draw.ellipse((500, 120, 600, 220), fill=(90, 150, 70))  # a leaf
    draw.line((510, 210, 590, 130), fill=(60, 110, 50), width=5)


def _draw_cylinder(draw, rng, image):
    colour = _shade(_pick(rng, [(60, 160, 70), (230, 100, 150), (60, 130, 200)]), rng)
    draw.rounded_rectangle((230, 170, 490, 530), radius=90, fill=colour)
    draw.rectangle((310, 110, 410, 180), fill=_darker(colour))
    draw.rectangle((230, 320, 490, 380), fill=(245, 245, 245))
    draw.line((270, 220, 270, 480), fill=_shade(colour, rng, 50), width=12)


def _draw_plate(draw, rng, image):
    draw.ellipse((70, 90, 650, 560), fill=(250, 250, 245), outline=(205, 205, 205), width=8)
    rice = _shade(_pick(rng, [(250, 245, 230), (245, 215, 100), (230, 200, 150)]), rng, 8)
    draw.ellipse((150, 170, 400, 430), fill=rice)  # rice or martabak
    side = _shade(_pick(rng, [(160, 80, 40), (200, 120, 50), (140, 40, 30)]), rng)
    draw.ellipse((360, 200, 570, 370), fill=side)  # the meat or curry
    draw.ellipse((330, 360, 470, 480), fill=(250, 240, 220))  # egg
    draw.ellipse((375, 395, 425, 445), fill=(250, 200, 60))
    for _ in range(8):
        x, y = 420 + rng.random() * 130, 380 + rng.random() * 90
        draw.ellipse((x, y, x + 22, y + 22), fill=(70, 150, 60))  # cucumber, leaves


def _draw_service(draw, rng, image):
    light = _shade((240, 240, 245), rng, 10)
    draw.ellipse((180, 90, 540, 450), outline=light, width=18)
    centre, teeth = 360, 10
    for index in range(teeth):  # a gear: work done for you
        angle = 2 * math.pi * index / teeth
        x, y = centre + 150 * math.cos(angle), 270 + 150 * math.sin(angle)
        draw.ellipse((x - 26, y - 26, x + 26, y + 26), fill=light)
    draw.ellipse((230, 140, 490, 400), fill=light)
    draw.ellipse((310, 220, 410, 320), fill=image.getpixel((5, 5)))


def _draw_scissors(draw, rng, image):
    handle = _shade(_pick(rng, [(200, 40, 80), (40, 90, 170), (30, 30, 30), (230, 120, 30)]), rng)
    steel = (190, 195, 205)
    draw.polygon([(330, 300), (350, 300), (520, 70), (505, 60)], fill=steel)  # blades
    draw.polygon([(370, 300), (390, 300), (215, 70), (230, 60)], fill=steel)
    draw.ellipse((350, 280, 370, 300), fill=(90, 90, 90))
    for x in (270, 450):  # handles
        draw.ellipse((x - 70, 330, x + 70, 480), outline=handle, width=26)
    draw.line((340, 300, 300, 340), fill=handle, width=26)
    draw.line((380, 300, 420, 340), fill=handle, width=26)


def _draw_car(draw, rng, image):
    body = _shade(_pick(rng, [(200, 40, 40), (240, 240, 240), (40, 40, 50), (40, 90, 170), (190, 190, 195)]), rng)
    draw.rectangle((0, 460, CANVAS, 550), fill=(110, 110, 110))  # road
    draw.rounded_rectangle((90, 300, 630, 450), radius=40, fill=body)
    draw.polygon([(200, 300), (270, 200), (470, 200), (540, 300)], fill=body)
    draw.polygon([(225, 295), (285, 215), (360, 215), (360, 295)], fill=(190, 225, 245))  # windows
    draw.polygon([(380, 295), (380, 215), (455, 215), (515, 295)], fill=(190, 225, 245))
    for x in (210, 510):
        draw.ellipse((x - 55, 400, x + 55, 510), fill=(30, 30, 30))
        draw.ellipse((x - 25, 430, x + 25, 480), fill=(180, 180, 180))


_DRAWINGS = {
    "scissors": _draw_scissors,
    "mat": _draw_mat,
    "durian": _draw_durian,
    "rambutan": _draw_rambutan,
    "hat": _draw_hat,
    "wrench": _draw_wrench,
    "laundry": _draw_laundry,
    "print": _draw_print,
    "phone": _draw_phone,
    "car": _draw_car,
    "cup": _draw_cup, "coffee_bag": _draw_coffee_bag, "pempek": _draw_pempek, "bowl": _draw_bowl, "kerupuk": _draw_kerupuk,
    "snack_bag": _draw_snack_bag, "cake": _draw_cake, "songket": _draw_songket, "jumputan": _draw_jumputan,
    "clothes": _draw_clothes, "jar": _draw_jar, "bottle": _draw_bottle, "sack": _draw_sack, "basket": _draw_basket,
    "bridge": _draw_bridge, "wood": _draw_wood, "fish": _draw_fish, "eggs": _draw_eggs, "fruit": _draw_fruit,
    "soap": _draw_soap, "cylinder": _draw_cylinder, "plate": _draw_plate, "service": _draw_service,
}


def logo(name, colour_index=0):
    """A round monogram of the business's initials."""
    palette = list(CATEGORY_STYLES.values())
    background, colour, second = palette[colour_index % len(palette)]
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
    background, colour, second = palette[colour_index % len(palette)]
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
    draw.rectangle(SIGN_BOX, fill=background)  # sign
    _caption(draw, name, SIGN_BOX, padding=10, fill=(255, 255, 255))
    return _jpeg_upload(image.resize((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.BILINEAR), "toko.jpg")


# The caption: a white box across the bottom, the name in it in at most three lines.
CAPTION_BOX = (30, CANVAS - 170, CANVAS - 30, CANVAS - 30)
CAPTION_PADDING = 20
CAPTION_SIZES = (52, 46, 40, 36, 32, 28, 24, 20)
SIGN_BOX = (60, 110, CANVAS - 60, 220)  # the shop front's sign
_measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))


def caption_layout(title, box=CAPTION_BOX, padding=CAPTION_PADDING):
    """How `title` fits in `box`: (font size, [(line, (x, y), (left, top, right, bottom))]): each
    line, where it is drawn (centred there, anchor "mm") and its box as ImageDraw.textbbox measures it. The
    largest size at which the words wrap into lines that fit both ways; a word too long for the
    box at the smallest size is broken, never cut off."""
    left, top, right, bottom = box
    width, height = right - left - 2 * padding, bottom - top - 2 * padding
    for size in CAPTION_SIZES:
        font = _font(size)
        lines = _wrap(title, font, width)
        line_height = size * 1.15
        if lines and len(lines) * line_height <= height:
            break
    centre, middle = (left + right) / 2, (top + bottom) / 2
    placed = []
    for index, line in enumerate(lines):
        y = middle + (index - (len(lines) - 1) / 2) * line_height
        placed.append((line, (centre, y), _measure.textbbox((centre, y), line, font=font, anchor="mm")))
    return size, placed


def _wrap(text, font, width):
    """The words of `text` in lines no wider than `width`, as even as they go ("250 gr" kept together)."""
    words = _tokens(text)
    lines = _greedy(words, font, width)
    low = max(_measure.textlength(word, font=font) for word in words)
    if len(lines) > 1 and low <= width:
        # The narrowest width giving as few lines: balanced lines, not a long one and a lone word.
        high = width
        while high - low > 4:
            middle = (low + high) / 2
            if len(_greedy(words, font, middle)) <= len(lines):
                high = middle
            else:
                low = middle
        lines = _greedy(words, font, high)
    return lines


def _tokens(text):
    """Words, a number joined to the unit after it."""
    tokens = []
    for word in text.split():
        if tokens and tokens[-1].isdigit() and len(word) <= 5:
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    return tokens


def _greedy(words, font, width):
    lines, line = [], ""
    for word in words:
        while _measure.textlength(word, font=font) > width:  # break a word wider than the box
            cut = len(word) - 1
            while cut > 1 and _measure.textlength(word[:cut] + "-", font=font) > width:
                cut -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut] + "-")
            word = word[cut:]
        candidate = f"{line} {word}".strip()
        if _measure.textlength(candidate, font=font) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def _caption(draw, title, box=CAPTION_BOX, padding=CAPTION_PADDING, fill=(40, 30, 30)):
    size, lines = caption_layout(title, box, padding)
    for line, point, _ in lines:
        draw.text(point, line, font=_font(size), fill=fill, anchor="mm")


_fonts = {}


def _font(size):
    if size not in _fonts:
        try:
            _fonts[size] = ImageFont.truetype("DejaVuSans-Bold.ttf", size)
        except OSError:  # no DejaVu on this machine: Pillow's built-in font
            _fonts[size] = ImageFont.load_default(size=size)
    return _fonts[size]


def _jpeg_upload(image, name):
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return ContentFile(buffer.getvalue(), name=name)

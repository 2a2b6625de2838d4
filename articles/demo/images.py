"""Demo pictures drawn with Pillow, stored as real Wagtail images so renditions work.

Each kind gets a composition that reads like the picture an editor would place there: a poster (2:3) with the
title for a film or series, a studio-lit portrait silhouette for a person, a logotype card for a studio and a
landscape scene for a story. Shapes and colours come from a hash of the title, so the same title always gives the
same picture; the lettering uses the site's own fonts (static/fonts/)."""

from __future__ import annotations

import hashlib
import random
import textwrap
from io import BytesIO

from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageChops, ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model

SERIF = "fonts/source-serif-4-latin-700-normal.woff2"
SANS = "fonts/inter-latin-700-normal.woff2"
SIZES = {"film": (1000, 1500), "series": (1000, 1500), "person": (1200, 1500), "studio": (1600, 900)}
STORY_SIZE = (1600, 900)

RGB = tuple[int, int, int]


def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    found = finders.find(path)
    if found:
        return ImageFont.truetype(found, size)
    return ImageFont.load_default(size=size)


def _random(title: str) -> random.Random:
    # Not for security: a stable seed so the demo draws the same picture every time.
    return random.Random(hashlib.sha256(title.encode()).digest())  # noqa: S311


def _hsv(rng: random.Random, saturation: float, value: float, hue: float | None = None) -> RGB:
    import colorsys

    hue = rng.random() if hue is None else hue % 1
    return tuple(round(channel * 255) for channel in colorsys.hsv_to_rgb(hue, saturation, value))


def _vertical(size: tuple[int, int], top: RGB, bottom: RGB) -> PILImage.Image:
    mask = PILImage.linear_gradient("L").resize(size)
    return PILImage.composite(PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), mask)


def _glow(picture: PILImage.Image, centre: tuple[int, int], radius: int, colour: RGB, strength: int = 200) -> None:
    # Blurred at an eighth of the size and scaled up: the same soft light, many times faster.
    small = PILImage.new("L", (picture.width // 8, picture.height // 8), 0)
    x, y, r = centre[0] // 8, centre[1] // 8, radius // 8
    ImageDraw.Draw(small).ellipse((x - r, y - r, x + r, y + r), fill=strength)
    mask = small.filter(ImageFilter.GaussianBlur(r // 2)).resize(picture.size, PILImage.Resampling.BILINEAR)
    picture.paste(PILImage.new("RGB", picture.size, colour), mask=mask)


def _ridge(rng: random.Random, width: int, base: int, roughness: int, steps: int = 9) -> list[tuple[int, int]]:
    """A skyline of hills from left to right, closed along the bottom edge."""
    points = [(0, base + rng.randint(-roughness, roughness))]
    for step in range(1, steps + 1):
        points.append((width * step // steps, base + rng.randint(-roughness, roughness)))
    return points


def _grain(picture: PILImage.Image, rng: random.Random, amount: int = 7) -> PILImage.Image:
    """Film grain, so flat colour reads as a photograph's placeholder rather than a chart; seeded, like the rest."""
    noise = PILImage.frombytes("L", picture.size, rng.randbytes(picture.width * picture.height)).convert("RGB")
    return PILImage.blend(picture, noise, amount / 100)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill, width: int) -> int:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) // 2 - left, y - top), text, font=font, fill=fill)
    return y + (bottom - top)


def _fit(draw: ImageDraw.ImageDraw, text: str, path: str, start: int, width: int) -> ImageFont.FreeTypeFont:
    size = start
    font = _font(path, size)
    while size > 24 and draw.textbbox((0, 0), text, font=font)[2] > width:
        size -= 6
        font = _font(path, size)
    return font


def _scene(picture: PILImage.Image, rng: random.Random, hue: float, horizon: float) -> None:
    """Dusk over layered hills: the backdrop of posters and story pictures."""
    width, height = picture.size
    sky = _vertical(picture.size, _hsv(rng, 0.55, 0.35, hue), _hsv(rng, 0.45, 0.95, hue + 0.08))
    picture.paste(sky)
    _glow(picture, (rng.randint(width // 4, 3 * width // 4), int(height * horizon)), width // 5, (255, 236, 200))
    draw = ImageDraw.Draw(picture)
    for layer in range(3):
        base = int(height * (horizon + 0.06 * layer))
        shade = _hsv(rng, 0.5, 0.32 - 0.09 * layer, hue + 0.55)
        points = _ridge(rng, width, base, height // (12 + 4 * layer))
        draw.polygon([*points, (width, height), (0, height)], fill=shade)


def draw_poster(title: str, size: tuple[int, int] = SIZES["film"], label: str = "") -> PILImage.Image:
    rng = _random(title)
    width, height = size
    picture = PILImage.new("RGB", size)
    _scene(picture, rng, rng.random(), 0.58)
    # Darken the lower third for the title, as posters do.
    shade = PILImage.linear_gradient("L").resize(size).point(lambda v: max(0, v - 110) * 2)
    picture.paste(PILImage.new("RGB", size, (8, 8, 12)), mask=shade)
    draw = ImageDraw.Draw(picture)
    lines = textwrap.wrap(title.upper(), 14) or [title]
    font = _fit(draw, max(lines, key=len), SERIF, 150, width - 120)
    y = height - 140 - len(lines) * int(font.size * 1.05)
    for line in lines:
        _centred(draw, y, line, font, (250, 246, 238), width)
        y += int(font.size * 1.05)
    small = _font(SANS, 26)
    if label:
        _centred(draw, 70, label.upper(), small, (250, 246, 238), width)
    draw.line((width // 2 - 160, height - 90, width // 2 + 160, height - 90), fill=(180, 176, 168), width=2)
    _centred(draw, height - 70, "A NEWSROOM DEMO ILLUSTRATION", _font(SANS, 20), (180, 176, 168), width)
    return _grain(picture, rng)


def draw_portrait(title: str, size: tuple[int, int] = SIZES["person"]) -> PILImage.Image:
    rng = _random(title)
    width, height = size
    hue = rng.random()
    picture = _vertical(size, _hsv(rng, 0.25, 0.55, hue), _hsv(rng, 0.3, 0.25, hue))
    _glow(picture, (width // 2 + rng.randint(-120, 120), height // 3), width // 2, _hsv(rng, 0.15, 0.85, hue), 150)
    figure = PILImage.new("L", size, 0)
    draw = ImageDraw.Draw(figure)
    head_w, head_h = int(width * 0.26), int(width * 0.33)
    cx, cy = width // 2, int(height * 0.4)
    draw.ellipse((cx - head_w // 2, cy - head_h // 2, cx + head_w // 2, cy + head_h // 2), fill=255)
    neck = int(head_w * 0.21)
    draw.rectangle((cx - neck, cy + head_h // 3, cx + neck, cy + head_h * 0.8), fill=255)
    shoulders = int(width * (0.8 + 0.1 * rng.random()))
    top = int(cy + head_h * 0.68)
    box = (cx - shoulders // 2, top, cx + shoulders // 2, height + shoulders)
    draw.rounded_rectangle(box, radius=int(shoulders * 0.3), fill=255)
    figure = figure.filter(ImageFilter.GaussianBlur(2))
    # A rim of light on one side, then the figure itself in near-black.
    rim = ImageChops.offset(figure, -8, -4)
    picture.paste(PILImage.new("RGB", size, _hsv(rng, 0.2, 0.95, hue)), mask=rim.point(lambda v: v * 3 // 5))
    picture.paste(PILImage.new("RGB", size, _hsv(rng, 0.35, 0.12, hue)), mask=figure)
    return _grain(picture, rng, 5)


def draw_logotype(title: str, size: tuple[int, int] = SIZES["studio"]) -> PILImage.Image:
    rng = _random(title)
    width, height = size
    ground = _hsv(rng, 0.55, 0.38)
    picture = PILImage.new("RGB", size, ground)
    draw = ImageDraw.Draw(picture)
    ink = (250, 246, 238)
    initials = "".join(word[0] for word in title.split() if word[:1].isalnum())[:2].upper() or "N"
    radius = height // 5
    cx, cy = width // 2, int(height * 0.4)
    if rng.random() < 0.5:
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=ink, width=14)
    else:
        draw.rounded_rectangle((cx - radius, cy - radius, cx + radius, cy + radius), radius=24, outline=ink, width=14)
    monogram = _font(SERIF, int(radius * 1.05))
    left, top, right, bottom = draw.textbbox((0, 0), initials, font=monogram)
    draw.text((cx - (right - left) // 2 - left, cy - (bottom - top) // 2 - top), initials, font=monogram, fill=ink)
    name = title.upper()
    font = _fit(draw, name, SANS, 64, height - 60)
    _centred(draw, cy + radius + 50, name, font, ink, width)
    return picture


def draw_story(title: str, size: tuple[int, int] = STORY_SIZE) -> PILImage.Image:
    rng = _random(title)
    picture = PILImage.new("RGB", size)
    _scene(picture, rng, rng.random(), 0.55 + 0.1 * rng.random())
    return _grain(picture, rng)


def draw(title: str, kind: str = "story") -> bytes:
    """The picture for a title as JPEG bytes: a poster, portrait, logotype or scene by kind."""
    if kind in ("film", "series"):
        picture = draw_poster(title, SIZES[kind], label="A Newsroom demo series" if kind == "series" else "")
    elif kind == "person":
        picture = draw_portrait(title)
    elif kind == "studio":
        picture = draw_logotype(title)
    else:
        picture = draw_story(title)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


LABELS = {"film": "poster", "series": "poster", "person": "portrait", "studio": "logotype"}


def demo_image(name: str, kind: str = "story"):
    """The Wagtail image for this name and kind, drawn and saved the first time it is asked for."""
    Image = get_image_model()
    title = f"{name} — {LABELS[kind]}" if kind in LABELS else name
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title)
    image.file = ImageFile(BytesIO(draw(name, kind)), name=f"{slugify(title) or 'picture'}.jpg")
    image.save()
    return image

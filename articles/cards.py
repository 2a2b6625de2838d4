"""The picture a shared link shows (Open Graph and Twitter cards, issue #20 item 2).

A story shows a 1200×630 rendition of its hero image, a topic its image, an entity its own image
(``seo.share_path``). Anything without one gets a card drawn here with Pillow: the site's name, what it is
("Film", "Story") and its headline or name, on the kind's colour. Cards are addressed by what they show
(``/share/page/<id>.png``, ``/share/film/<slug>.png``, ``/share/site.png``), never by free text, so nobody can
make the site draw words of their choosing.
"""

from __future__ import annotations

import functools
import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from .models import KINDS

WIDTH, HEIGHT = 1200, 630
SITE_NAME = "Newsroom"
# Background and accent per kind of card; text is white on all of them (contrast ≥ 7:1).
COLOURS = {
    "page": ("#1d2a3a", "#e8b04a"),
    "studio": ("#23304a", "#7fb3ff"),
    "person": ("#3a2335", "#ff9bc4"),
    "film": ("#2d1d1d", "#ffb15c"),
    "series": ("#1c3330", "#6fe0c8"),
    "site": ("#111827", "#e8b04a"),
}


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _lines(text: str, width: int, limit: int) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width=width) or [""]
    if len(lines) > limit:
        lines = lines[:limit]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def draw_card(kind: str, label: str, title: str) -> bytes:
    """A PNG card: the site's name, a label ("Film") and the title, wrapped to at most four lines."""
    background, accent = COLOURS.get(kind, COLOURS["page"])
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 24, HEIGHT), fill=accent)
    draw.text((80, 64), SITE_NAME.upper(), font=_font(40), fill="#ffffff")
    draw.text((80, 128), label.upper(), font=_font(30), fill=accent)
    size, width = (72, 26) if len(title) <= 60 else (56, 34)
    y = 210
    for line in _lines(title, width, 4):
        draw.text((80, y), line, font=_font(size), fill="#ffffff")
        y += int(size * 1.25)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card_subject(kind: str, key: str):
    """What a card shows, or None when there is nothing public to show: ``(label, title)``."""
    if kind == "page":
        from wagtail.models import Page

        if not (key.isascii() and key.isdigit() and len(key) < 10):
            return None
        page = Page.objects.live().public().filter(pk=int(key)).specific().first()
        if page is None:
            return None
        label = "Story" if hasattr(page, "standfirst") else page.specific_class._meta.verbose_name.title()
        return label, page.title
    if kind not in KINDS or not KINDS.get(kind).entity:
        return None
    entity = KINDS.get(kind).model.objects.public().filter(slug=key[:255]).first()
    if entity is None:
        return None
    return KINDS.get(kind).label.capitalize(), entity.name

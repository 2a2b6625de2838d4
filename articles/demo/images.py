"""Demo pictures drawn with Pillow, stored as real Wagtail images so renditions work."""

from __future__ import annotations

import hashlib
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model


def _colours(title: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    digest = hashlib.sha256(title.encode()).digest()
    start = (digest[0] // 2, digest[1] // 2, 60 + digest[2] // 3)
    end = (120 + digest[3] // 2, 40 + digest[4] // 3, digest[5] // 2)
    return start, end


def draw(title: str, width: int = 1600, height: int = 900) -> bytes:
    """A diagonal gradient with the title, as JPEG bytes; the same title always gives the same picture."""
    start, end = _colours(title)
    gradient = PILImage.linear_gradient("L").rotate(45, expand=True).resize((width, height))
    picture = PILImage.composite(
        PILImage.new("RGB", (width, height), end), PILImage.new("RGB", (width, height), start), gradient
    )
    drawing = ImageDraw.Draw(picture)
    try:
        font = ImageFont.load_default(size=72)
    except TypeError:  # very old Pillow
        font = ImageFont.load_default()
    drawing.rectangle((0, height - 180, width, height), fill=(0, 0, 0))
    drawing.text((60, height - 140), title, fill=(255, 255, 255), font=font)
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def demo_image(title: str):
    """The Wagtail image with this title, drawn and saved the first time it is asked for."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    filename = title.lower().replace(" ", "-") + ".jpg"
    image = Image(title=title)
    image.file = ImageFile(BytesIO(draw(title)), name=filename)
    image.save()
    return image

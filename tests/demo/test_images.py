"""The demo's pictures: each kind has its shape, a real composition, and the same title draws the same picture."""

from io import BytesIO

import pytest
from PIL import Image

from articles.demo import images


@pytest.mark.parametrize(
    ("kind", "size"),
    [("film", (1000, 1500)), ("person", (1200, 1500)), ("studio", (1600, 900)), ("story", (1600, 900))],
)
def test_demo_pictures_have_their_kinds_shape_and_are_stable(kind, size):
    picture = Image.open(BytesIO(images.draw("Steel Soldiers", kind)))
    assert picture.size == size
    assert images.draw("Steel Soldiers", kind) == images.draw("Steel Soldiers", kind)
    # Not a flat or black frame: the composition spreads over the tonal range.
    low, high = picture.convert("L").getextrema()
    assert high - low > 120

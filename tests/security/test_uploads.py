"""Hostile uploads through the admin: each is refused with a message, no image row is made, nothing answers 500."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model

from ._report import tally

pytestmark = pytest.mark.django_db


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def bomb() -> bytes:
    """A tiny PNG claiming 50,000 × 50,000 pixels: 2.5 gigapixels if anything tried to decode it."""
    buffer = io.BytesIO()
    PILImage.new("1", (50_000, 50_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def jpeg_truncated() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), "red").save(buffer, "JPEG")
    return buffer.getvalue()[:300]


HOSTILE = {
    "decompression bomb": ("bomb.png", bomb),
    "truncated PNG": ("half.png", lambda: png(300, 200)[:120]),
    "truncated JPEG": ("half.jpg", jpeg_truncated),
    "text named .png": ("notes.png", lambda: b"This is not an image at all.\n" * 20),
    "HTML named .png": ("page.png", lambda: b"<html><script>alert(1)</script></html>"),
    "SVG with script": (
        "vector.svg",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ),
    "oversize file": ("huge.png", lambda: png(10, 10) + b"\0" * (11 * 1024 * 1024)),
    "empty file": ("empty.png", lambda: b""),
}


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_user("eddie", "eddie@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_image_uploads_are_refused_with_a_message(editor_client, case):
    name, make = HOSTILE[case]
    upload = SimpleUploadedFile(name, make(), content_type="image/png")
    response = editor_client.post(reverse("wagtailimages:add"), {"title": case, "file": upload, "collection": 1})
    failed = response.status_code != 200 or get_image_model().objects.filter(title=case).exists()
    page = response.content.decode()
    message = any(text in page for text in ("damaged", "Not a supported image", "too large", "not a valid", "empty"))
    tally("hostile uploads", 1, int(failed or not message))
    assert response.status_code == 200, response.status_code  # the form again, with its error
    assert not get_image_model().objects.filter(title=case).exists()
    assert message, page[:500]


def test_a_real_image_is_accepted(editor_client):
    """The same form takes an ordinary picture, so the refusals above are about the files."""
    upload = SimpleUploadedFile("fine.png", png(640, 360), content_type="image/png")
    response = editor_client.post(reverse("wagtailimages:add"), {"title": "Fine", "file": upload, "collection": 1})
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Fine").exists()


@pytest.mark.parametrize(
    "name,data",
    [
        ("binary.txt", bytes(range(256)) * 40),
        ("bomb.json", b"[" * 50_000 + b"]" * 50_000),
        ("huge.txt", b"Headline\n\n" + b"word " * 2_500_000),
        ("latin1.html", "<h1>Caf\xe9</h1><p>Une histoire.</p>".encode("latin-1")),
    ],
)
def test_importer_refuses_junk_files_with_a_report(editor_client, topic_page, name, data):
    """The "Import stories" page reports each unusable file and never fails as a whole."""
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = editor_client.post(reverse("articles_import"), {"files": [upload]})
    tally("hostile uploads", 1, int(response.status_code >= 500))
    assert response.status_code in (200, 400, 413), response.status_code
    if response.status_code == 200:
        assert name in response.content.decode()

"""/api/v2/images/ lists only images that published content shows, and never links an original file."""

from __future__ import annotations

import json

import pytest
import wagtail_factories
from wagtail.models import PageViewRestriction

from ..factories import ArticlePageFactory
from ._report import tally

pytestmark = pytest.mark.django_db

KIND = "restricted-page surfaces"


def image_block(image) -> tuple:
    return ("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})


@pytest.fixture
def images(topic_page, django_capture_on_commit_callbacks):
    made = {
        name: wagtail_factories.ImageFactory(title=f"{name} image title")
        for name in ("public hero", "public body", "draft hero", "private hero", "private body")
    }
    with django_capture_on_commit_callbacks(execute=True):  # the reference index is updated by a task on commit
        ArticlePageFactory(
            parent=topic_page, slug="open", hero_image=made["public hero"], body=[image_block(made["public body"])]
        )
        ArticlePageFactory(parent=topic_page, slug="draft", live=False, hero_image=made["draft hero"])
        private = ArticlePageFactory(
            parent=topic_page, slug="private", hero_image=made["private hero"], body=[image_block(made["private body"])]
        )
        PageViewRestriction.objects.create(page=private, restriction_type="login")
    return made


def test_only_images_of_public_content_are_listed(client, images):
    titles = {item["title"] for item in client.get("/api/v2/images/?limit=20").json()["items"]}
    hidden = {"draft hero image title", "private hero image title", "private body image title"}
    tally(KIND, len(images), len(titles & hidden))
    assert titles == {"public hero image title", "public body image title"}


@pytest.mark.parametrize("name", ["draft hero", "private hero", "private body"])
def test_an_image_used_only_by_a_draft_or_private_page_answers_404(client, images, name):
    response = client.get(f"/api/v2/images/{images[name].pk}/")
    tally(KIND, 1, response.status_code != 404)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/images/",
        "/api/v2/images/?fields=*",
        "/api/v2/images/{public}/",
        "/api/v2/pages/?type=articles.ArticlePage&fields=hero_image,body",
        "/api/v2/pages/{page}/",
    ],
)
def test_no_response_links_an_original_file(client, images, url):
    """Images come as renditions; the original's path (its uploaded name) appears nowhere."""
    from articles.models import ArticlePage

    page = ArticlePage.objects.get(slug="open")
    response = client.get(url.format(public=images["public hero"].pk, page=page.pk))
    assert response.status_code == 200, url
    body = json.dumps(response.json())
    tally(KIND, 2, ("original_images" in body) + ("download_url" in body))
    assert "original_images" not in body
    assert "download_url" not in body


def test_a_public_image_comes_with_a_rendition(client, images):
    detail = client.get(f"/api/v2/images/{images['public hero'].pk}/").json()
    assert detail["title"] == "public hero image title"
    assert "/images/" in detail["rendition"]["url"]
    assert detail["rendition"]["url"].endswith(".webp")


def test_asking_for_the_original_file_url_is_refused(client, images):
    response = client.get("/api/v2/images/?fields=download_url")
    assert response.status_code == 400

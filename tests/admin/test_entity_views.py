"""The entity view of the content: the "Stories" listing's filters and columns, the entities' "Stories" tab,
their usage, and admin search over standfirst and body."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticlePage

from ..factories import ArticlePageFactory, AuthorFactory, PersonFactory, StudioFactory

pytestmark = pytest.mark.django_db

STORIES = reverse("stories:index") if False else "/admin/stories/"


@pytest.fixture
def netflix():
    return StudioFactory(name="Netflix")


def titles(response) -> list[str]:
    return [page.title for page in response.context["object_list"]]


def test_smoke(admin_client, topic_page, netflix):
    ArticlePageFactory(parent=topic_page, title="Live one", links={"studios": [netflix]})
    ArticlePageFactory(parent=topic_page, title="Draft one", live=False, links={"studios": [netflix]})
    ArticlePageFactory(parent=topic_page, title="Other")
    response = admin_client.get(reverse("stories:index") + f"?studio={netflix.pk}")
    assert response.status_code == 200
    print(titles(response))
    print(response.content.decode()[:100])

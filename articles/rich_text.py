"""Rich-text rendering rules for public pages (registered in wagtail_hooks)."""

from __future__ import annotations

from django.db.models import Model
from wagtail.rich_text.pages import PageLinkHandler

from .visibility import is_published


class PublishedPageLinkHandler(PageLinkHandler):
    """Internal page links point only at pages anonymous readers may see; a link to a draft, unpublished or
    restricted page renders its text without a URL (as Wagtail renders a link to a deleted page)."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model | None]:
        return [page if is_published(page) else None for page in super().get_many(attrs_list)]

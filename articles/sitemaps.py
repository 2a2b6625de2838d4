"""/sitemap.xml: every live public page (Wagtail's sitemap) plus studio, person, film, author and tag pages.

Entity and tag entries read the public story lists (articles.listings), the same rows their pages show, so a
story readers may not see (a draft, or one under a view restriction) neither adds a tag nor moves a lastmod.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from taggit.models import Tag

from .models import KINDS, LinkedKind, StoryListing, public_url


class EntitySitemap(Sitemap):
    """Every entity (or author) page; lastmod is the newer of its edit and the last publication on its story list."""

    changefreq = "daily"
    limit = 5000

    def __init__(self, kind: LinkedKind) -> None:
        self.kind = kind

    def items(self):
        newest = (
            StoryListing.objects.filter(kind=self.kind.key, key=OuterRef("pk"))
            .order_by()
            .values("key")
            .annotate(last=Max("article__last_published_at"))
            .values("last")
        )
        return (
            self.kind.model.objects.annotate(last_story=Subquery(newest))
            .order_by("name")
            .only("slug", "name", "updated_at")
        )

    def lastmod(self, obj):
        return max(filter(None, [obj.updated_at, obj.last_story]))

    def location(self, obj) -> str:
        return obj.get_absolute_url()


class TagSitemap(Sitemap):
    """Tags with at least one public story (the tag index's rule)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        listed = StoryListing.objects.filter(kind=KINDS.get("tag").key, key=OuterRef("pk"))
        return Tag.objects.filter(Exists(listed)).order_by("name")

    def location(self, obj: Tag) -> str:
        return public_url(obj)


# One section per linked kind, named by its URL prefix ("studios", …, "tags"). Tags have no edit date of their own
# and list only those with a public story (like the tag index).
SITEMAPS = {kind.url_prefix: TagSitemap() if kind.key == "tag" else EntitySitemap(kind) for kind in KINDS}

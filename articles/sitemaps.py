"""/sitemap.xml: every live public page (Wagtail's sitemap) plus studio, person, film, author and tag pages.

Entity and tag entries read the public story lists (articles.listings), the same rows their pages show, so a
story readers may not see (a draft, or one under a view restriction) neither adds a tag nor moves a lastmod.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Subquery
from taggit.models import Tag

from .models import Author, Film, Person, StoryListing, Studio


class EntitySitemap(Sitemap):
    """Every entity page; lastmod is the newer of the entity's edit and the last publication on its story list."""

    changefreq = "daily"
    limit = 5000

    def __init__(self, model) -> None:
        self.model = model

    def items(self):
        newest = (
            StoryListing.objects.filter(kind=self.model.entity_type, key=OuterRef("pk"))
            .order_by()
            .values("key")
            .annotate(last=Max("article__last_published_at"))
            .values("last")
        )
        return (
            self.model.objects.annotate(last_story=Subquery(newest)).order_by("name").only("slug", "name", "updated_at")
        )

    def lastmod(self, obj):
        return max(filter(None, [obj.updated_at, obj.last_story]))

    def location(self, obj) -> str:
        return obj.get_absolute_url()


class AuthorSitemap(EntitySitemap):
    def __init__(self) -> None:
        super().__init__(Author)


class TagSitemap(Sitemap):
    """Tags with at least one public story (the tag index's rule)."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        listed = StoryListing.objects.filter(kind=StoryListing.Kind.TAG, key=OuterRef("pk"))
        return Tag.objects.filter(Exists(listed)).order_by("name")

    def location(self, obj: Tag) -> str:
        return f"/tags/{obj.slug}/"


SITEMAPS = {
    "studios": EntitySitemap(Studio),
    "people": EntitySitemap(Person),
    "films": EntitySitemap(Film),
    "authors": AuthorSitemap(),
    "tags": TagSitemap(),
}

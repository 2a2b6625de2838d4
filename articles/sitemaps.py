"""/sitemap.xml: every live page (Wagtail's sitemap) plus studio, person, film, author and tag pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from taggit.models import Tag

from .models import ArticleTag, Author, Film, Person, Studio


class EntitySitemap(Sitemap):
    """Every entity page; lastmod is the newer of the entity's edit and its newest live story."""

    changefreq = "daily"
    limit = 5000

    def __init__(self, model) -> None:
        self.model = model

    def items(self):
        return (
            self.model.objects.annotate(last_story=Max("articles__last_published_at", filter=Q(articles__live=True)))
            .order_by("name")
            .only("slug", "name", "updated_at")
        )

    def lastmod(self, obj):
        return max(filter(None, [obj.updated_at, obj.last_story]))

    def location(self, obj) -> str:
        return obj.get_absolute_url()


class AuthorSitemap(EntitySitemap):
    def __init__(self) -> None:
        super().__init__(Author)


class TagSitemap(Sitemap):
    changefreq = "daily"
    limit = 5000

    def items(self):
        live = ArticleTag.objects.filter(tag=OuterRef("pk"), content_object__live=True)
        return Tag.objects.filter(Exists(live)).order_by("name")

    def location(self, obj: Tag) -> str:
        return f"/tags/{obj.slug}/"


SITEMAPS = {
    "studios": EntitySitemap(Studio),
    "people": EntitySitemap(Person),
    "films": EntitySitemap(Film),
    "authors": AuthorSitemap(),
    "tags": TagSitemap(),
}

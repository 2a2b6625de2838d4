"""RSS 2.0 feeds: one for every listing page (``<listing url>feed/``) and ``/feed/`` for everything."""

from __future__ import annotations

import copy
from collections import defaultdict

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from taggit.models import Tag

from . import listings
from .cache import depends_on
from .models import KINDS, ArticlePage, Author, LinkedKind, TopicPage, public_url
from .seo import absolute_url
from .views import legacy_redirect

FEED_SIZE = 30


class FeedMoved(Exception):
    """Raised by get_object when an old slug now names something else; carries the 301 to its feed."""

    def __init__(self, response: HttpResponsePermanentRedirect) -> None:
        super().__init__(response["Location"])
        self.response = response


def find_or_redirect(queryset, kind: str, slug: str):
    """The object with this slug; an old slug raises FeedMoved, an unknown one a 404."""
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found
    redirect = legacy_redirect(kind, slug)
    if redirect is not None:
        # legacy_redirect points at the page; readers of the old feed want the new feed.
        raise FeedMoved(HttpResponsePermanentRedirect(f"{redirect['Location']}feed/"))
    raise Http404("No such feed.")


class StoryFeed(Feed):
    """Stories as RSS items; subclasses say which stories and what the channel is called."""

    feed_type = Rss201rev2Feed
    description_template = None

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The URLconf shares one instance between threads; the request goes on a copy made for this call.
        feed = copy.copy(self)
        feed.request = request
        try:
            return Feed.__call__(feed, request, *args, **kwargs)
        except FeedMoved as moved:
            return moved.response

    # Every link in a feed starts at the site's root URL (articles.seo.absolute_url), as canonical links do; Django
    # would put the request's host in front of a path.
    def feed_url(self, obj) -> str:
        return absolute_url(self.request, self.request.path)

    def story_list(self, obj) -> tuple[str, int]:
        """Which story list (articles.listings) the feed carries: its kind and key."""
        return ("all", 0)

    def items(self, obj):
        """The list's newest stories with only the columns an item shows, and their bylines and category names
        from one light query per link table (building prefetched entity and tag instances was most of a feed's
        time)."""
        ids = list(listings.newest(*self.story_list(obj))[:FEED_SIZE])
        stories = list(
            ArticlePage.objects.published()
            .filter(pk__in=ids)
            .only("title", "url_path", "path", "depth", "locale_id", "standfirst", "date", "last_published_at")
            .order_by("-date", "-pk")
        )
        names: dict[str, dict[int, list[str]]] = {}
        for kind in KINDS:
            links = kind.links
            name = f"{links.target}__name"
            rows = links.model.objects.filter(
                **{f"{links.owner_column}__in": ids, f"{links.target}__in": kind.public(kind.model.objects.all())}
            ).order_by(name)
            found = names[kind.key] = defaultdict(list)
            for article_id, value in rows.values_list(links.owner_column, name):
                found[article_id].append(value)
        # Categories: tags first, then the entities (a reader's feed client lists them in this order).
        categories = sorted(KINDS.subjects(), key=lambda kind: kind.entity)
        for story in stories:
            story.feed_authors = names["author"][story.pk]
            story.feed_categories = [name for kind in categories for name in names[kind.key][story.pk]]
        return stories

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        # RSS readers render descriptions as HTML; the standfirst is plain text, so it is escaped once more.
        return escape(item.standfirst)

    def item_link(self, item: ArticlePage) -> str:
        return absolute_url(self.request, item.get_url(request=self.request))

    def item_guid(self, item: ArticlePage) -> str:
        return absolute_url(self.request, f"/#article-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage):
        return item.date

    def item_updateddate(self, item: ArticlePage):
        return item.last_published_at

    def item_author_name(self, item: ArticlePage) -> str | None:
        return ", ".join(item.feed_authors) or None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return item.feed_categories


class AllStoriesFeed(StoryFeed):
    """/feed/: every story."""

    title = "Newsroom: latest stories"
    description = "Every story from Newsroom, newest first."

    def get_object(self, request, *args, **kwargs):
        depends_on(request, "listing")
        return None

    def link(self, obj) -> str:
        return absolute_url(self.request, "/")


class TopicFeed(StoryFeed):
    """<topic url>feed/: the stories the topic page lists."""

    def get_object(self, request, topic: TopicPage):
        depends_on(request, f"topic:{topic.pk}")
        return topic

    def story_list(self, obj: TopicPage) -> tuple[str, int]:
        return ("topic", obj.pk)

    def title(self, obj: TopicPage) -> str:
        return f"Newsroom: {obj.title}"

    def link(self, obj: TopicPage) -> str:
        return absolute_url(self.request, obj.get_url(request=self.request))

    def description(self, obj: TopicPage) -> str:
        return f"Stories in {obj.title}, newest first."


class EntityFeed(StoryFeed):
    """/studios|people|films/<slug>/feed/: stories linked to the entity."""

    def __init__(self, entity_type: str) -> None:
        self.entity_type = entity_type

    def get_object(self, request, slug: str):
        entity = find_or_redirect(KINDS.get(self.entity_type).model.objects.public(), self.entity_type, slug)
        depends_on(request, f"{self.entity_type}:{entity.pk}")
        return entity

    def story_list(self, obj) -> tuple[str, int]:
        return (self.entity_type, obj.pk)

    def title(self, obj) -> str:
        return f"Newsroom: {obj.name}"

    def link(self, obj) -> str:
        return absolute_url(self.request, obj.get_absolute_url())

    def description(self, obj) -> str:
        return f"Stories about {obj.name}, newest first."


class AuthorFeed(StoryFeed):
    """/authors/<slug>/feed/: stories with the author's byline."""

    def get_object(self, request, slug: str):
        author = find_or_redirect(Author.objects.all(), "author", slug)
        depends_on(request, f"author:{author.pk}")
        return author

    def story_list(self, obj: Author) -> tuple[str, int]:
        return ("author", obj.pk)

    def title(self, obj: Author) -> str:
        return f"Newsroom: stories by {obj.name}"

    def link(self, obj: Author) -> str:
        return absolute_url(self.request, obj.get_absolute_url())

    def description(self, obj: Author) -> str:
        return f"Stories by {obj.name}, newest first."


class TagFeed(StoryFeed):
    """/tags/<slug>/feed/: stories carrying the tag."""

    def get_object(self, request, slug: str):
        tag = find_or_redirect(Tag.objects.all(), "tag", slug)
        depends_on(request, f"tag:{tag.pk}")
        return tag

    def story_list(self, obj: Tag) -> tuple[str, int]:
        return ("tag", obj.pk)

    def title(self, obj: Tag) -> str:
        return f"Newsroom: {obj.name}"

    def link(self, obj: Tag) -> str:
        return absolute_url(self.request, public_url(obj))

    def description(self, obj: Tag) -> str:
        return f"Stories tagged {obj.name}, newest first."


def feed_for(kind: LinkedKind) -> StoryFeed:
    """The feed of one studio's, person's, film's, author's or tag's stories (newsroom/urls.py)."""
    if kind.entity:
        return EntityFeed(kind.key)
    return {"author": AuthorFeed, "tag": TagFeed}[kind.key]()

"""Feeds for every listing page and ``/feed/`` for everything: RSS 2.0 with Media RSS at ``feed/``, Atom at
``feed/atom/`` and JSON Feed 1.1 at ``feed/json/``, one Django syndication ``Feed`` each, told apart by format."""

from __future__ import annotations

import copy
import html
import json
import mimetypes
from collections import defaultdict
from datetime import UTC, datetime, time

from bs4 import BeautifulSoup
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from taggit.models import Tag
from wagtail.images import get_image_model

from . import listings, websub
from .blocks import images_preloaded
from .business import boxoffice, slate
from .cache import depends_on
from .models import KINDS, ArticlePage, Author, Correction, LinkedKind, Partner, TopicPage, public_url, territories
from .models.querysets import is_published
from .seo import absolute_url, update_text
from .views import STORY_URL_FIELDS, legacy_redirect

FEED_SIZE = 30
HERO_RENDITION = "fill-1200x675"  # as NewsArticle JSON-LD names it, so one rendition serves both
THUMBNAIL_RENDITION = "fill-400x225"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose items carry their hero image as Media RSS (``media:content`` with thumbnail and credit), and for
    partners the full text (``content:encoded``); the WebSub hub, when there is one, as ``atom:link rel="hub"``."""

    def rss_attributes(self) -> dict[str, str]:
        attributes = {**super().rss_attributes(), "xmlns:media": "http://search.yahoo.com/mrss/"}
        if any(item.get("content_html") for item in self.items):
            attributes["xmlns:content"] = "http://purl.org/rss/1.0/modules/content/"
        return attributes

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("atom:link", None, {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        image = item.get("image")
        if not image:
            return
        handler.startElement("media:content", image["content"])
        handler.addQuickElement("media:thumbnail", None, image["thumbnail"])
        if image["caption"]:
            handler.addQuickElement("media:description", image["caption"], {"type": "plain"})
        if image["credit"]:
            handler.addQuickElement("media:credit", image["credit"])
        handler.endElement("media:content")


class ContentAtomFeed(Atom1Feed):
    """Atom with the WebSub hub (``link rel="hub"``) and, for partners, each entry's full text (``content``)."""

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        if self.feed.get("hub"):
            handler.addQuickElement("link", "", {"rel": "hub", "href": self.feed["hub"]})

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from the same feed and items as RSS and Atom."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding) -> None:
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "hubs": [{"type": "WebSub", "url": feed["hub"]}] if feed.get("hub") else None,
            "items": [self.item(item) for item in self.items],
        }
        outfile.write(json.dumps({key: value for key, value in data.items() if value}, ensure_ascii=False))

    @staticmethod
    def item(item: dict) -> dict:
        data = {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "content_text": item["standfirst"],
            "content_html": item.get("content_html"),
            "summary": item["standfirst"],
            "image": item["image"]["content"]["url"] if item.get("image") else None,
            "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
            "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
            "authors": [{"name": name} for name in item["authors"]],
            "tags": item["categories"],
        }
        # content_text stays even when empty: an item must have content_text or content_html.
        return {key: value for key, value in data.items() if value or key == "content_text"}


# Each format's URL suffix after a listing page's URL (DESIGN.md: feed siblings) and its generator.
FEED_FORMATS: dict[str, tuple[str, type[SyndicationFeed]]] = {
    "rss": ("feed/", MediaRssFeed),
    "atom": ("feed/atom/", ContentAtomFeed),
    "json": ("feed/json/", JsonFeed),
}


def feed_url_name(name: str, feed_format: str) -> str:
    """The URL name of a feed in a format: ``studio_feed`` for RSS, ``studio_feed_atom``, ``studio_feed_json``."""
    return name if feed_format == "rss" else f"{name}_{feed_format}"


class FeedMoved(Exception):
    """Raised by get_object when an old slug now names something else; carries the 301 to its feed."""

    def __init__(self, response: HttpResponsePermanentRedirect) -> None:
        super().__init__(response["Location"])
        self.response = response


def find_or_redirect(queryset, kind: str, slug: str, suffix: str = "feed/"):
    """The object with this slug; an old slug raises FeedMoved (to the same format's feed), an unknown one a 404."""
    found = queryset.filter(slug=slug).first()
    if found is not None:
        return found
    redirect = legacy_redirect(kind, slug)
    if redirect is not None:
        # legacy_redirect points at the page; readers of the old feed want the new feed.
        raise FeedMoved(HttpResponsePermanentRedirect(f"{redirect['Location']}{suffix}"))
    raise Http404("No such feed.")


class PartnerRefused(Exception):
    """A partner token that was given but cannot be used; carries the 401 or 403 to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.response = HttpResponse(f"{message}\n", status=status, content_type="text/plain; charset=utf-8")
        self.response["Cache-Control"] = "private, no-store"
        if status == 401:
            self.response["WWW-Authenticate"] = 'Bearer realm="partner feeds"'


def find_partner(request: HttpRequest) -> Partner | None:
    """The partner whose token the request carries (``Authorization: Bearer <token>`` or ``?token=``); None when it
    carries none (the public feed); PartnerRefused for a malformed, unknown or revoked one."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise PartnerRefused(401, "Send the partner token as 'Authorization: Bearer <token>'.")
        token = token.strip()
    elif "token" in request.GET:
        token = request.GET["token"].strip()
        if not token:
            raise PartnerRefused(401, "The token parameter is empty: give your partner token, or leave it out.")
    else:
        return None
    partner = Partner.objects.for_token(token)
    if partner is None:
        raise PartnerRefused(403, "This partner token is not valid or has been revoked.")
    return partner


def absolute_html(html_text: str, request: HttpRequest) -> str:
    """Rendered HTML with every link and image on the site's root URL, for readers on another site."""
    soup = BeautifulSoup(html_text, "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src"), ("source", "srcset"), ("img", "srcset")):
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute]
            if attribute == "srcset":
                parts = [part.strip().split(" ", 1) for part in value.split(",") if part.strip()]
                element[attribute] = ", ".join(
                    " ".join([absolute_url(request, url) if url.startswith("/") else url, *rest])
                    for url, *rest in parts
                )
            elif value.startswith("/") and not value.startswith("//"):
                element[attribute] = absolute_url(request, value)
    return str(soup)


class StoryFeed(Feed):
    """Stories as feed items in one of FEED_FORMATS; subclasses say which stories and what the feed is called.

    A partner's token (articles.models.partners) adds each story's full text; such a response is private to the
    partner (``Cache-Control: private, no-store``): the page cache neither serves nor stores it (articles.cache)."""

    description_template = None
    partner: Partner | None = None

    def __init__(self, feed_format: str = "rss") -> None:
        self.suffix, self.feed_type = FEED_FORMATS[feed_format]

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # The URLconf shares one instance between threads; the request goes on a copy made for this call.
        feed = copy.copy(self)
        feed.request = request
        try:
            feed.partner = find_partner(request)
            response = Feed.__call__(feed, request, *args, **kwargs)
        except PartnerRefused as refused:
            return refused.response
        except FeedMoved as moved:
            return moved.response
        if feed.partner is not None:
            response["Cache-Control"] = "private, no-store"
        if hub := websub.hub_url():
            response["Link"] = f'<{hub}>; rel="hub", <{feed.feed_url(None)}>; rel="self"'
        return response

    def feed_extra_kwargs(self, obj) -> dict:
        return {"hub": websub.hub_url()}

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
        full_text = ("body",) if self.partner is not None else ()
        stories = list(
            ArticlePage.objects.published()
            .filter(pk__in=ids)
            .only(
                *full_text,
                "title",
                "url_path",
                "path",
                "depth",
                "locale_id",
                "standfirst",
                "date",
                "content_modified_at",
                "hero_image",
                "hero_caption",
                "hero_credit",
            )
            .prefetch_related(
                Prefetch(
                    "hero_image",
                    get_image_model().objects.prefetch_renditions(HERO_RENDITION, THUMBNAIL_RENDITION),
                )
            )
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
        # RSS and Atom readers render descriptions as HTML and the standfirst is plain text, so its <, > and & are
        # escaped; quotes are not (the XML writer escapes what XML needs), or "Avatar's" would reach readers as
        # "Avatar&#x27;s" after one parse.
        return html.escape(item.standfirst, quote=False)

    def item_link(self, item: ArticlePage) -> str:
        return absolute_url(self.request, item.get_url(request=self.request))

    def item_guid(self, item: ArticlePage) -> str:
        return absolute_url(self.request, f"/#article-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage):
        return item.date

    def item_updateddate(self, item: ArticlePage):
        return item.modified_at  # the last real change, not the last save

    def item_author_name(self, item: ArticlePage) -> str | None:
        return ", ".join(item.feed_authors) or None

    def item_categories(self, item: ArticlePage) -> list[str]:
        return item.feed_categories

    def item_extra_kwargs(self, item: ArticlePage) -> dict:
        """The plain standfirst and bylines (JSON Feed) and the hero image (Media RSS, JSON Feed)."""
        extra = {"standfirst": item.standfirst, "authors": item.feed_authors, "image": self.item_image(item)}
        if self.partner is not None:
            extra["content_html"] = self.item_content(item)
        return extra

    def item_content(self, item: ArticlePage) -> str:
        """The story's full text as HTML for partners: its body, links and images on the site's address."""
        body = item.body.render_as_block(context={"request": self.request, "page": item}) if item.body else ""
        return absolute_html(str(body), self.request)

    def item_image(self, item: ArticlePage) -> dict | None:
        image = item.hero_image
        if image is None:
            return None
        renditions = image.get_renditions(HERO_RENDITION, THUMBNAIL_RENDITION)  # prefetched by items()
        hero, thumbnail = renditions[HERO_RENDITION], renditions[THUMBNAIL_RENDITION]
        content = {
            "url": absolute_url(self.request, hero.url),
            "medium": "image",
            "width": str(hero.width),
            "height": str(hero.height),
        }
        if mime_type := mimetypes.guess_type(hero.file.name)[0]:
            content["type"] = mime_type
        return {
            "content": content,
            "thumbnail": {
                "url": absolute_url(self.request, thumbnail.url),
                "width": str(thumbnail.width),
                "height": str(thumbnail.height),
            },
            "caption": item.hero_caption,
            "credit": item.hero_credit,
        }


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

    def __init__(self, entity_type: str, feed_format: str = "rss") -> None:
        super().__init__(feed_format)
        self.entity_type = entity_type

    def get_object(self, request, slug: str):
        model = KINDS.get(self.entity_type).model
        entity = find_or_redirect(model.objects.public(), self.entity_type, slug, self.suffix)
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
        author = find_or_redirect(Author.objects.all(), "author", slug, self.suffix)
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
        tag = find_or_redirect(Tag.objects.all(), "tag", slug, self.suffix)
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


def feed_for(kind: LinkedKind, feed_format: str = "rss") -> StoryFeed:
    """The feed of one studio's, person's, film's, author's or tag's stories in one format (newsroom/urls.py)."""
    if kind.entity:
        return EntityFeed(kind.key, feed_format)
    return {"author": AuthorFeed, "tag": TagFeed}[kind.key](feed_format)


class CorrectionFeed(StoryFeed):
    """/corrections/feed/ (and atom/, json/): the newest corrections, clarifications and updates on live public
    stories, one item each, linked to its note on the story; ``?type=`` keeps one kind."""

    title = "Newsroom: corrections and updates"
    description = "Corrections, clarifications and updates to Newsroom's stories, newest first."

    def get_object(self, request, *args, **kwargs):
        kind = request.GET.get("type", "")
        if kind and kind not in Correction.Kind.values:
            raise Http404("No such kind of correction.")
        depends_on(request, "corrections")
        return kind

    def link(self, obj) -> str:
        return absolute_url(self.request, reverse("articles:corrections"))

    def items(self, obj: str):
        return list(
            Correction.objects.published()
            .of_kind(obj)
            .newest_first()
            .select_related("article")
            .only("kind", "text", "date", "article", *(f"article__{name}" for name in STORY_URL_FIELDS))[:FEED_SIZE]
        )

    def item_title(self, item: Correction) -> str:
        return f"{item.get_kind_display()}: {item.article.title}"

    def item_description(self, item: Correction) -> str:
        return html.escape(item.text, quote=False)

    def item_link(self, item: Correction) -> str:
        return absolute_url(self.request, f"{item.article.get_url(request=self.request)}#{item.get_anchor()}")

    def item_guid(self, item: Correction) -> str:
        return absolute_url(self.request, f"/#correction-{item.pk}")

    def item_pubdate(self, item: Correction):
        return item.date

    def item_updateddate(self, item: Correction):
        return item.date

    def item_author_name(self, item: Correction) -> None:
        return None

    def item_categories(self, item: Correction) -> list[str]:
        return [item.get_kind_display()]

    def item_extra_kwargs(self, item: Correction) -> dict:
        return {"standfirst": item.text, "authors": [], "image": None}


class LiveUpdatesFeed(StoryFeed):
    """``<live page>feed/``: a live page's published updates, newest first, for readers who follow it in a reader."""

    def get_object(self, request, page=None, *args, **kwargs):
        depends_on(request, f"article:{page.pk}", f"live:{page.pk}")
        return page

    def title(self, obj) -> str:
        return f"Newsroom live: {obj.title}"

    def description(self, obj) -> str:
        return obj.standfirst or f"Live updates: {obj.title}"

    def link(self, obj) -> str:
        return absolute_url(self.request, obj.get_url(request=self.request))

    def items(self, obj):
        from .models import LiveUpdate

        updates = list(
            LiveUpdate.objects.filter(page=obj)
            .published()
            .newest_first()
            .prefetch_related("tagged_items__tag")[:FEED_SIZE]
        )
        authors = [author.name for author in obj.authors.all()]
        with images_preloaded(update.body for update in updates):
            for update in updates:
                update.page = obj  # the page in hand: its URL without a query per item
                update.feed_authors = authors
                update.feed_text = update_text(update)
        return updates

    def item_title(self, item) -> str:
        return item.headline

    def item_description(self, item) -> str:
        return html.escape(item.feed_text, quote=False)

    def item_link(self, item) -> str:
        return absolute_url(self.request, f"{item.page.get_url(request=self.request)}#{item.anchor}")

    def item_guid(self, item) -> str:
        return absolute_url(self.request, f"/#live-update-{item.pk}")

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item) -> list[str]:
        return [tag.name for tag in item.tag_list()]

    def item_extra_kwargs(self, item) -> dict:
        return {"standfirst": item.feed_text, "authors": item.feed_authors, "image": None}


# The production slate's feed (articles.business.slate): each status change of a public title, newest first.


class SlateFeed(Feed):
    """/slate/feed/ (and atom/, json/): the slate's status changes as they are recorded, with the story reporting
    each; filtered like the page by ``?studio=``, ``?genre=`` and ``?status=`` (unknown values: 404)."""

    title = "Newsroom: production slate"
    description = "Films and series moving from announcement to the end of filming, newest change first."
    item_guid_is_permalink = False

    def __init__(self, feed_format: str = "rss") -> None:
        self.suffix, self.feed_type = FEED_FORMATS[feed_format]

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        depends_on(request, slate.SLATE_TAG)
        try:
            return slate.SlateFilters.from_query(request.GET)
        except slate.BadFilter as error:
            raise Http404(str(error)) from error

    def link(self, obj) -> str:
        return absolute_url(self.request, reverse("articles:slate"))

    def feed_url(self, obj) -> str:
        return absolute_url(self.request, self.request.path)

    def items(self, filters):
        return list(slate.changes(filters)[:FEED_SIZE])

    def item_title(self, item) -> str:
        return f"{item.title.name}: {item.get_status_display().lower()}"

    def item_description(self, item) -> str:
        return html.escape(self._summary(item), quote=False)

    def _summary(self, item) -> str:
        story = item.article if item.article_id and is_published(item.article) else None
        text = f"{item.title.name} moved to “{item.get_status_display()}” on {item.date:%-d %B %Y}."
        if item.note:
            text += f" {item.note}"
        if story is not None:
            text += f" Reported in “{story.title}”."
        return text

    def item_link(self, item) -> str:
        story = item.article if item.article_id and is_published(item.article) else None
        path = story.get_url(request=self.request) if story is not None else item.title.get_absolute_url()
        return absolute_url(self.request, path)

    def item_guid(self, item) -> str:
        return absolute_url(self.request, f"{reverse('articles:slate')}#change-{item.pk}")

    def item_pubdate(self, item):
        return datetime.combine(item.date, time(12), tzinfo=UTC)

    def item_updateddate(self, item):
        return item.created_at

    def item_extra_kwargs(self, item) -> dict:
        return {"standfirst": self._summary(item), "authors": [], "image": None}


class BoxOfficeFeed(Feed):
    """/box-office/feed/ (and its siblings): one item per weekend chart of a territory (``?territory=``, the
    chart's default otherwise), newest first, each naming the top five."""

    description_template = None
    WEEKENDS = 12

    def __init__(self, feed_format: str = "rss") -> None:
        self.suffix, self.feed_type = FEED_FORMATS[feed_format]

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        feed = copy.copy(self)
        feed.request = request
        try:
            return Feed.__call__(feed, request, *args, **kwargs)
        except boxoffice.BadChartRequest as error:
            return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")

    def get_object(self, request, *args, **kwargs) -> str:
        depends_on(request, boxoffice.DEPENDENCY)
        territory = boxoffice.parse_territory(request.GET.get("territory"))
        return territory or boxoffice.default_territory(boxoffice.chart_territories())

    def title(self, territory: str) -> str:
        return f"Newsroom: weekend box office, {territories.territory_name(territory)}"

    def description(self, territory: str) -> str:
        return f"Each weekend's box-office chart for {territories.territory_name(territory)}, newest first."

    def link(self, territory: str) -> str:
        return absolute_url(self.request, boxoffice.chart_url(territory))

    def feed_url(self, territory: str) -> str:
        return absolute_url(self.request, self.request.get_full_path())

    def items(self, territory: str) -> list[boxoffice.WeekendSummary]:
        return boxoffice.weekend_summaries(territory, self.WEEKENDS)

    def item_title(self, item: boxoffice.WeekendSummary) -> str:
        return item.title

    def item_description(self, item: boxoffice.WeekendSummary) -> str:
        return html.escape(item.text, quote=False)

    def item_link(self, item: boxoffice.WeekendSummary) -> str:
        return absolute_url(self.request, item.url)

    def item_guid(self, item: boxoffice.WeekendSummary) -> str:
        return absolute_url(self.request, item.url)

    def item_pubdate(self, item: boxoffice.WeekendSummary):
        return item.published

    def item_extra_kwargs(self, item: boxoffice.WeekendSummary) -> dict:
        return {"standfirst": item.text, "authors": [], "image": None}

"""What readers see of each page type: the template context and the sub-URL responses, registered with
``articles.models.presentation`` at start-up. This is the reads layer's side of the page models: cards, story
lists, structured data and the page cache's declared dependencies live here, so models import none of them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache as django_cache
from django.db.models import Q
from django.http import JsonResponse
from django.template.loader import get_template
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.safestring import mark_safe

from . import fragments, seo
from .blocks import images_preloaded
from .business.reviews import review_json_ld
from .cache import depends_on, remember, remember_many
from .feeds import LiveUpdatesFeed, TopicFeed
from .listings import newest
from .models import KINDS, ArticlePage, HomePage, LivePage, LiveUpdate, ReviewPage, TopicPage, public_url
from .models.presentation import presents
from .models.querysets import is_published
from .templatetags.newsroom_tags import link_first_mentions
from .views import paginate, paginate_stories
from .visibility import is_public_entity

LATEST_PER_PAGE = 12


@presents(HomePage)
def home_context(page: HomePage, request, context: dict[str, Any]) -> dict[str, Any]:
    depends_on(request, "listing")
    selection = home_selection(page, request)
    top_ids = selection["top"]
    # One read of the newest stories: the lead when none is chosen, and the first page of the latest news.
    head_size = LATEST_PER_PAGE + len(top_ids) + 2
    head = list(newest("all")[:head_size])
    lead_ids = [page.lead_story_id] if page.lead_story_id else []
    leads = fragments.story_cards([*lead_ids, *head[:1]], large=True, request=request)
    lead = leads[0] if leads else None
    top = [card for card in fragments.story_cards(top_ids, request=request) if card.pk != getattr(lead, "pk", None)]
    shown = {card.pk for card in top} | ({lead.pk} if lead else set())
    context["lead_story"] = lead
    context["top_stories"] = top
    context["latest"] = paginate_stories(
        request, "all", exclude=shown, per_page=LATEST_PER_PAGE, head=head, head_size=head_size
    )
    context["in_the_news"] = page.in_the_news()
    context["json_ld"] = [seo.website_json_ld(request), seo.breadcrumbs_json_ld([("Home", "/")], request)]
    context["featured_topics"] = selection["topics"]
    return context


def home_selection(page: HomePage, request) -> dict[str, list]:
    """The editors' choice: the top stories' ids and the featured topics' (title, url), remembered until the home page
    is published or a topic changes (``nav``; the topics' own keys are collected). Previews show the draft's."""

    def choose() -> dict[str, list]:
        topics = page.featured_topics.select_related("topic")
        return {
            "top": [row.story_id for row in page.top_stories.all()],
            "topics": [(row.topic.title, row.topic.url) for row in topics if is_published(row.topic)],
        }

    if getattr(request, "is_preview", False):
        return choose()
    return remember(f"home-selection:{page.pk}", ["nav"], choose)


@presents(TopicPage)
def topic_context(page: TopicPage, request, context: dict[str, Any]) -> dict[str, Any]:
    depends_on(request, f"topic:{page.pk}")
    selection = topic_selection(page, request)
    pinned_ids = selection["pinned"]
    context["pinned_stories"] = fragments.story_cards(pinned_ids, request=request)
    context["stories"] = paginate_stories(request, "topic", page.pk, exclude=pinned_ids)
    context["covers"] = [(kind, name, url) for kind, _, name, url in selection["covers"]]
    context["related_topics"] = related_topics(page)
    context["json_ld"] = [seo.breadcrumbs_json_ld([("Home", "/"), (page.title, page.url)], request)]
    # The "Covers" list shows the rules' names.
    depends_on(request, *(f"{kind}:{pk}" for kind, pk, _, _ in selection["covers"]))
    return context


def topic_selection(page: TopicPage, request) -> dict[str, list]:
    """The pinned stories' ids and what the rules name ("Covers": kind, id, name, URL), remembered until the topic
    is published (``topic:<id>``) or a studio, person, film or tag it names changes (their own keys are collected).
    Previews show the draft's."""

    def choose() -> dict[str, list]:
        covers = [
            (kind.key, item.pk, item.name, public_url(item))
            for kind in KINDS.subjects()
            for item in kind.public(getattr(page, kind.rule_field).all())
        ]
        return {"pinned": [row.story_id for row in page.pinned_stories.all()], "covers": covers}

    if getattr(request, "is_preview", False):
        return choose()
    return remember(f"topic-selection:{page.pk}", [f"topic:{page.pk}"], choose)


@presents(TopicPage, "feed")
def topic_feed(page: TopicPage, request, feed_format: str = "rss"):
    """The topic's feed in one of articles.feeds.FEED_FORMATS."""
    return TopicFeed(feed_format)(request, topic=page)


def related_topics(page: TopicPage, limit: int = 6) -> list[tuple[str, str]]:
    """(title, url) of the other live, public topics whose rules share a studio, person, film or tag."""
    shared = Q(pk__in=[])
    for kind in KINDS.subjects():
        rules = kind.rules
        mine = rules.model.objects.filter(**{rules.owner_column: page.pk}).values(rules.column)
        shared |= Q(**{f"{kind.rule_field}__in": mine})

    def related() -> list[tuple[str, str]]:
        topics = TopicPage.objects.published().filter(shared).exclude(pk=page.pk)
        return [(topic.title, topic.url) for topic in topics.distinct().order_by("title")[:limit]]

    # Topics' rules, titles, URLs and visibility change only through topic changes, which purge "nav" (view
    # restrictions purge "everything"), so the chips are remembered until then.
    return remember(f"topic-related:{page.pk}:{limit}", ["nav"], related)


@presents(ArticlePage)
def article_context(page: ArticlePage, request, context: dict[str, Any]) -> dict[str, Any]:
    links = {kind.key: list(kind.public(getattr(page, kind.article_field).all())) for kind in KINDS}
    tags, authors = links["tag"], links["author"]
    context["entity_groups"] = [(kind.title, links[kind.key]) for kind in KINDS.entities()]
    context["article_tags"] = tags
    context["article_authors"] = authors
    context["article_topics"] = article_topics(page, links, request)
    context["related_stories"] = related_stories(page, request=request)
    entities = [entity for kind in KINDS.entities() for entity in links[kind.key]]
    context["linked_body"] = fragments.article_body(
        page, entities, lambda: linked_body(page, context, entities), preview=getattr(request, "is_preview", False)
    )
    parent = context["section"] = getattr(page, "routed_from", None) or page.get_parent().specific
    # Corrections, clarifications and updates, oldest first (the draft's own in a preview).
    corrections = context["corrections"] = sorted(page.corrections.all(), key=lambda row: (row.date, row.pk or 0))
    context["json_ld"] = [
        seo.article_json_ld(page, request, entities=entities, authors=authors, corrections=corrections),
        seo.breadcrumbs_json_ld([("Home", "/"), (parent.title, parent.url), (page.title, page.url)], request),
    ]
    # What this page shows: itself, the names of its entities, authors and tags, and its topics' titles.
    depends_on(
        request,
        f"article:{page.pk}",
        *(f"{entity.entity_type}:{entity.pk}" for entity in entities),
        *(f"author:{author.pk}" for author in authors),
        *(f"tag:{tag.pk}" for tag in tags),
        *(f"topic:{pk}" for pk, _, _ in context["article_topics"]),
    )
    return context


def article_topics(page: ArticlePage, links: dict[str, list], request) -> list[tuple[int, str, str]]:
    """(id, title, url) of the live topics the story appears in (``ArticlePage.get_topics``), remembered until the
    story or anything it links is purged: a topic whose rules come to name (or stop naming) one of them purges its
    tag, and the topics' own keys are collected. Previews and stories that are not live compute."""

    def topics() -> list[tuple[int, str, str]]:
        return [(topic.pk, topic.title, topic.url) for topic in page.get_topics(links=links)]

    if getattr(request, "is_preview", False) or not page.live:
        return topics()
    linked = [f"{kind.key}:{item.pk}" for kind in KINDS.subjects() for item in links[kind.key]]
    return remember(f"article-topics:{page.pk}", [f"article:{page.pk}", *linked], topics)


def linked_body(page: ArticlePage, context, entities: list) -> str:
    """The rendered body with the first mention of each linked entity turned into a link to its page."""
    html = "".join(str(block.render(context=context)) for block in page.body)
    return mark_safe(link_first_mentions(html, entities))  # noqa: S308 - rendered by our own block templates


def related_stories(page: ArticlePage, limit: int = 4, request=None) -> list:
    """Live stories sharing the most entities and tags with this one (never itself), newest first on ties.

    The ranking is a slow-moving aggregate over the link tables, the costliest part of an article page at scale, so
    the ranked ids are cached for 10 minutes (keyed by the article's last publication); the stories themselves are
    fetched live each time, so an unpublished or restricted one never shows.
    """
    key = f"article:{page.pk}:related:{page.last_published_at and page.last_published_at.timestamp()}"
    ranked = django_cache.get(key)
    if ranked is None:
        ranked = page.rank_related_stories()
        django_cache.set(key, ranked, 600)
    # Cards for the best few only (a story unpublished since the ranking drops out; the rest still show).
    return fragments.story_cards(ranked[: limit * 2], request=request)[:limit]


# Live coverage (LivePage): the story's own context, then its updates, key events and pinned post; updates.json and
# the updates' feed. Everything an update shows is declared under ``live:<page id>``, which publishing,
# unpublishing or deleting an update purges (articles.signals), with the page's own ``article:<id>``.

LIVE_UPDATES_PER_PAGE = 20
LIVE_KEY_EVENTS = 12
LIVE_JSON_LIMIT = 50
# Two updates published a moment apart may commit in the other order; answering a little before ``since`` lets a
# poll that crossed the later one's commit still find the earlier one (the script skips what it already shows).
LIVE_JSON_OVERLAP = timedelta(seconds=30)


@presents(LivePage)
def live_context(page: LivePage, request, context: dict[str, Any]) -> dict[str, Any]:
    context = article_context(page, request, context)
    depends_on(request, f"live:{page.pk}")
    rows = update_rows(page)
    key_events_only = request.GET.get("show") == "key-events"
    listed = paginate(
        request, [row for row in rows if row.key_event] if key_events_only else rows, per_page=LIVE_UPDATES_PER_PAGE
    )
    pinned = next((row for row in rows if row.pinned), None)
    shown = [*([pinned] if pinned else []), *listed.object_list]
    rendered = rendered_updates(shown, request)
    listed.object_list = [rendered[row.pk] for row in listed.object_list]
    context["pinned_update"] = rendered[pinned.pk] if pinned else None
    context["updates"] = listed
    context["key_events_only"] = key_events_only
    context["key_events"] = [row for row in rows if row.key_event][:LIVE_KEY_EVENTS]
    context["updates_since"] = newest_change(page, rows).isoformat()
    context["json_ld"][0] = seo.live_blog_json_ld(
        page,
        request,
        entities=[entity for _, group in context["entity_groups"] for entity in group],
        authors=context["article_authors"],
        updates=listed.object_list,
    )
    return context


@dataclass(frozen=True)
class UpdateRow:
    """What the page's structure needs of a published update, read for all of them in one light query."""

    pk: int
    headline: str
    key_event: bool
    pinned: bool
    first_published_at: datetime
    last_published_at: datetime

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"


def update_rows(page: LivePage) -> list[UpdateRow]:
    """The page's published updates, newest first: one query of a few columns, whatever their bodies hold."""
    fields = [field.name for field in dataclasses.fields(UpdateRow)]
    updates = LiveUpdate.objects.filter(page=page).published().newest_first()
    return [UpdateRow(*values) for values in updates.values_list(*fields)]


def newest_change(page: LivePage, rows: list[UpdateRow]) -> datetime:
    """The latest publication among the updates (``since`` for the next poll), or the page's own."""
    return max((row.last_published_at for row in rows), default=page.last_published_at or page.date)


class RenderedUpdate:
    """A live update's HTML (``{{ update }}`` in a template) and plain text (``articleBody``), with its row."""

    def __init__(self, row: UpdateRow, html: str, text: str) -> None:
        self.row, self.html, self.text = row, html, text

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)

    def __html__(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def rendered_updates(rows: list[UpdateRow], request) -> dict[int, RenderedUpdate]:
    """Each update through components/live_update.html (the first mention of each entity it links made a link),
    cached per update and publication (``articles.fragments``' rule: the entities, tags and images it showed are
    collected, so renaming one renders it again); the missing ones from one query and its prefetches."""
    template = get_template("components/live_update.html")
    keys = {f"{row.pk}@{row.last_published_at.timestamp()}": row for row in rows}

    def render(missing: list) -> dict:
        updates = list(LiveUpdate.objects.filter(pk__in=[keys[key].pk for key in missing]).for_display())
        found = {}
        with images_preloaded(update.body for update in updates):
            for update in updates:
                found[f"{update.pk}@{update.last_published_at.timestamp()}"] = {
                    "html": render_update(update, template, request),
                    "text": seo.update_text(update),
                }
        return found

    fragments_by_key = remember_many("live-update", dict.fromkeys(keys, ["nav"]), render, fragments.FRAGMENT_SECONDS)
    return {
        row.pk: RenderedUpdate(row, **fragments_by_key[key]) for key, row in keys.items() if key in fragments_by_key
    }


def render_update(update: LiveUpdate, template, request) -> str:
    # Entities filtered in Python: the relations are prefetched (LiveUpdate.objects.for_display()).
    entities = [
        entity
        for kind in KINDS.entities()
        for entity in getattr(update, kind.article_field).all()
        if is_public_entity(entity)
    ]
    body = "".join(str(block.render(context={"request": request})) for block in update.body)
    return template.render(
        {
            "update": update,
            "body": mark_safe(link_first_mentions(body, entities)),  # noqa: S308 - our own block templates
            "entities": entities,
            "tags": update.tag_list(),
            "request": request,
        }
    )


def parse_since(raw: str) -> datetime | None:
    """``?since=``: an ISO 8601 time (a naive one is UTC; a "+" left unescaped in the URL, read as a space, is
    taken for the "+" of the offset); None when it is not one."""
    try:
        moment = parse_datetime(raw.strip().replace(" ", "+")) if len(raw) <= 40 else None
    except ValueError:  # a well-formed but impossible date, e.g. month 13
        return None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


@presents(LivePage, "updates")
def live_updates_json(page: LivePage, request) -> JsonResponse:
    """updates.json: the updates published (or published again, edited) after ``?since=``, newest first, with their
    HTML; the ids of every published update (so an unpublished one leaves readers' pages); the page's status; and
    the ``since`` to send next. Without ``since``, the newest updates. A ``since`` that is not a time is a 400."""
    depends_on(request, f"article:{page.pk}", f"live:{page.pk}")
    changed = rows = update_rows(page)
    if "since" in request.GET:
        since = parse_since(request.GET["since"])
        if since is None:
            return JsonResponse({"error": "since must be an ISO 8601 time, e.g. 2026-03-01T20:15:00Z."}, status=400)
        changed = [row for row in rows if row.last_published_at > since - LIVE_JSON_OVERLAP]
    changed = sorted(changed, key=lambda row: (row.last_published_at, row.pk), reverse=True)
    rendered = rendered_updates(changed[:LIVE_JSON_LIMIT], request)
    return JsonResponse(
        {
            "status": page.status,
            "since": newest_change(page, rows).isoformat(),
            "complete": len(changed) <= LIVE_JSON_LIMIT,  # otherwise more changed than this: reload the page
            "ids": [row.pk for row in rows],
            "updates": [
                {
                    "id": row.pk,
                    "headline": row.headline,
                    "key_event": row.key_event,
                    "pinned": row.pinned,
                    "published": row.first_published_at.isoformat(),
                    "modified": row.last_published_at.isoformat(),
                    "html": rendered[row.pk].html,
                }
                for row in changed[:LIVE_JSON_LIMIT]
                if row.pk in rendered
            ],
        }
    )


@presents(LivePage, "feed")
def live_feed(page: LivePage, request, feed_format: str = "rss"):
    """The live page's updates in one of articles.feeds.FEED_FORMATS."""
    return LiveUpdatesFeed(feed_format)(request, page=page)


@presents(ReviewPage)
def review_context(page: ReviewPage, request, context: dict[str, Any]) -> dict[str, Any]:
    """A story's context, plus the reviewed title and the review's schema.org ``Review``."""
    context = article_context(page, request, context)
    reviewed = page.reviewed
    context["reviewed"] = reviewed if reviewed is not None and is_public_entity(reviewed) else None
    if context["reviewed"] is not None:
        depends_on(request, f"{reviewed.entity_type}:{reviewed.pk}")
        if review := review_json_ld(page, request, authors=context["article_authors"]):
            context["json_ld"].insert(1, review)
    return context

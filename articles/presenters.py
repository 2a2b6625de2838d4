"""What readers see of each page type: the template context and the sub-URL responses, registered with
``articles.models.presentation`` at start-up. This is the reads layer's side of the page models: cards, story
lists, structured data and the page cache's declared dependencies live here, so models import none of them."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache as django_cache
from django.db.models import Q
from django.utils.safestring import mark_safe

from . import fragments, seo
from .business.reviews import review_json_ld
from .cache import depends_on, remember
from .feeds import TopicFeed
from .listings import newest
from .models import KINDS, ArticlePage, HomePage, ReviewPage, TopicPage, public_url
from .models.presentation import presents
from .models.querysets import is_published
from .templatetags.newsroom_tags import link_first_mentions
from .views import paginate_stories
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
    context["json_ld"] = [
        seo.article_json_ld(page, request, entities=entities, authors=authors),
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

"""Signal receivers. They purge caches and keep the story listings (articles.listings) in step; all other writes
go through services and the admin.

Each change is translated into the dependency tags of articles.cache — what the change was shown on before and
after — and purged once the transaction commits. With WAGTAILFRONTENDCACHE configured, the matching public
URLs are purged from the CDN too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import cache, cdn, listings, websub
from .context_processors import NAVIGATION_CACHE_KEY
from .dependencies import object_key
from .models import (
    KINDS,
    ArticlePage,
    Author,
    Correction,
    HomePage,
    LiveUpdate,
    ReviewIndexPage,
    Studio,
    TextFingerprint,
    TopicPage,
    story_models,
)
from .models.corrections import content_digest
from .models.fingerprints import page_text
from .models.presentation import page_saved
from .models.querysets import RESTRICTED_PATHS_CACHE_KEY
from .models.relations import RELATIONS


def purge_tags(tags: Iterable[str]) -> None:
    """Purge these dependency tags (and their URLs from a CDN) once the current transaction commits."""
    tags = set(tags)
    if tags:
        transaction.on_commit(lambda: _purge_now(tags))


def _purge_now(tags: set[str]) -> None:
    cache.purge(*tags)
    if settings.NEWSROOM_XKEY_PURGE_URLS:
        cdn.purge_keys(tags)
    if "nav" in tags or "everything" in tags:
        django_cache.delete(NAVIGATION_CACHE_KEY)
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(urls_for_tags(tags))


def purge_public_cache() -> None:
    """Make every cached public page stale, for bulk operations such as curation and imports."""
    purge_tags({"everything", "listing"})


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def purge_site_address(sender, instance: Site, **kwargs) -> None:
    """Canonical links, feeds and structured data carry the Site's root URL; routing remembers each host's Site
    (articles.seo.find_site)."""
    purge_public_cache()


def article_tags(article_id: int) -> set[str]:
    """The tags of every page that shows this article as it is stored now."""
    return articles_tags([article_id])


def articles_tags(article_ids: Iterable[int]) -> set[str]:
    """The tags of every page that shows any of these articles as they are stored now, in a fixed few queries."""
    article_ids = list(article_ids)
    if not article_ids:
        return set()
    through = {kind.key: (kind.links.model.objects, kind.links.owner_column, kind.links.column) for kind in KINDS}
    tags = {"all", "listing", *(f"article:{pk}" for pk in article_ids), *(f"obj:article:{pk}" for pk in article_ids)}
    for kind, (rows, owner, column) in through.items():
        values = rows.filter(**{f"{owner}__in": article_ids}).values_list(column, flat=True).distinct()
        tags.update(f"{kind}:{pk}" for pk in values)
    tags.update(f"topic:{pk}" for pk in topics_for_tags(tags))
    paths = ArticlePage.objects.filter(pk__in=article_ids).values_list("path", flat=True)
    parents = {path[: -ArticlePage.steplen] for path in paths}
    tags.update(f"topic:{pk}" for pk in TopicPage.objects.filter(path__in=parents).values_list("pk", flat=True))
    return tags


def topics_for_tags(tags: Iterable[str]) -> set[int]:
    """Topics whose rules name any of the studios, people, films or tags among these dependency tags."""
    ids: dict[str, list[int]] = {kind.key: [] for kind in KINDS.subjects()}
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind in ids and pk.isdigit():
            ids[kind].append(int(pk))
    rules = [(kind.rules.model, kind.rules.column, ids[kind.key]) for kind in KINDS.subjects()]
    topics: set[int] = set()
    for through, column, values in rules:
        if values:
            topics.update(through.objects.filter(**{f"{column}__in": values}).values_list("topicpage_id", flat=True))
    return topics


def topic_tags(topic_id: int) -> set[str]:
    """A topic's own tags plus the tags of everything its rules name (entity pages list the topics including them).

    Pages that show the topic's title or link (home, article pages, related topics) collected ``obj:topic:<id>``;
    the navigation (``nav``, on every page and card) is purged only when what it shows changed (``nav_changed``)."""
    tags = {"all", f"topic:{topic_id}", f"obj:topic:{topic_id}"}
    rules = [(kind.key, kind.rules.model, kind.rules.column) for kind in KINDS.subjects()]
    for kind, through, column in rules:
        tags.update(
            f"{kind}:{pk}" for pk in through.objects.filter(topicpage_id=topic_id).values_list(column, flat=True)
        )
    return tags


def entity_tags(instance) -> set[str]:
    """An entity, its index, and the entities whose pages show it through relation rows (``RELATIONS``)."""
    kind = instance.entity_type
    tags = {"all", "listing", f"{kind}:{instance.pk}", f"{kind}s", object_key(instance)}
    for relation, side in RELATIONS.naming(kind):
        if relation.model is type(instance):
            continue
        # The other entities a row names, and the row itself when it is an entity (a series naming its network).
        columns = [(other.kind, other.column) for other in relation.others(side)]
        if own := KINDS.of(relation.model):
            columns.append((own.key, "pk"))
        if not columns:
            continue
        rows = relation.model._default_manager.filter(**{side.column: instance.pk})
        for row in rows.values_list(*(column for _, column in columns)):
            tags.update(f"{key}:{pk}" for (key, _), pk in zip(columns, row, strict=True) if pk)
    if isinstance(instance, Studio):
        tags.update(f"studio:{pk}" for pk in Studio.objects.filter(subsidiaries=instance).values_list("pk", flat=True))
        tags.update(f"studio:{pk}" for pk in instance.subsidiaries.values_list("pk", flat=True))
    if own_row := RELATIONS.of(instance):  # an entity that is itself a relation row (a series names its network)
        tags |= own_row.tags(instance)
    return tags


FEED_SUFFIXES = ("feed/", "feed/atom/", "feed/json/")


def urls_for_tags(tags: Iterable[str]) -> list[str]:
    """Public URLs (with their feeds) of the pages behind these tags, for a CDN purge."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return sorted(f"{base}{url}" if url.startswith("/") else url for url in paths_for_tags(tags))


def paths_for_tags(tags: Iterable[str]) -> set[str]:
    """Paths (or absolute URLs, for pages on another Site) of the pages behind these tags, with their feeds."""
    list_pages = {**RELATIONS.page_urls(), "corrections": "articles:corrections"}
    urls: set[str] = set()
    page_ids: list[int] = []
    live_ids: list[int] = []
    for tag in tags:
        kind, _, pk = tag.partition(":")
        if kind in ("article", "topic") and pk.isdigit():
            page_ids.append(int(pk))
        elif kind == "live" and pk.isdigit():  # a live page, its feeds and its updates.json
            page_ids.append(int(pk))
            live_ids.append(int(pk))
        elif kind in KINDS and pk.isdigit():
            linked = KINDS.get(kind)
            slug = linked.model.objects.filter(pk=pk).values_list("slug", flat=True).first()
            if slug:
                urls.add(linked.url(slug))
        elif kind == "listing":
            urls.update({"/", "/sitemap-news.xml"})
        elif tag in list_pages:
            urls.add(reverse(list_pages[tag]))
    for page in Page.objects.filter(pk__in=page_ids).specific():
        url = page.get_url()
        if url:
            urls.add(url)
            if page.pk in live_ids:
                urls.add(f"{url}updates.json")
    # Each page's feeds: RSS, Atom and JSON Feed (articles.feeds.FEED_FORMATS, a layer above).
    urls.update(f"{url}{feed}" for url in list(urls) if url.endswith("/") for feed in FEED_SUFFIXES)
    return urls


# Listings follow a page's save in its transaction, once its relations are committed (models.presentation).


@receiver(page_saved, sender=ArticlePage)
def relist_article(sender, instance: ArticlePage, update_fields=None, **kwargs) -> None:
    if update_fields is None or ArticlePage.LISTED_FIELDS.intersection(update_fields):
        listings.sync_articles([instance.pk])


@receiver(page_saved, sender=TopicPage)
def relist_topic(sender, instance: TopicPage, update_fields=None, **kwargs) -> None:
    if update_fields is None:  # a full save commits the rules (drafts save named fields only)
        listings.sync_topics([instance.pk])


# Articles: what the stored article showed on before a save, and shows on after a publish.


def remember_article_links(sender, instance: ArticlePage, update_fields=None, **kwargs) -> None:
    if instance.pk and instance.live and update_fields is None:
        instance._cache_tags_before = article_tags(instance.pk)
        instance._had_corrections = Correction.objects.filter(article_id=instance.pk).exists()


@receiver(pre_save, sender=ArticlePage)
def keep_content_modified_at(sender, instance: ArticlePage, update_fields=None, **kwargs) -> None:
    """A live story's full save (a publication, scheduled or not) moves ``content_modified_at`` only when what
    readers are shown changed (``content_digest``). The stored row is read, not the instance: a revision being
    published carries the values of the day its draft was saved."""
    if not instance.live or update_fields is not None:
        return
    digest = content_digest(instance)
    stored = (
        ArticlePage.objects.filter(pk=instance.pk)
        .values_list("content_digest", "content_modified_at", "live", "last_published_at")
        .first()
        if instance.pk
        else None
    )
    if stored is None or (not stored[0] and not stored[2]):
        modified = None  # first publication: as published, not modified
    elif not stored[0]:
        modified = stored[1] or stored[3]  # live before digests were kept: keep what dateModified said
    elif stored[0] != digest:
        modified = timezone.now()
    else:
        modified = stored[1]
    instance.content_digest, instance.content_modified_at = digest, modified


def correction_tags(instance: ArticlePage) -> set[str]:
    """The corrections archive and its feeds, when the story had or has corrections."""
    had = getattr(instance, "_had_corrections", False)
    return {"corrections"} if had or Correction.objects.filter(article_id=instance.pk).exists() else set()


def purge_published_article(sender, instance: ArticlePage, **kwargs) -> None:
    tags = article_tags(instance.pk) | getattr(instance, "_cache_tags_before", set()) | correction_tags(instance)
    purge_tags(tags)
    websub.announce_on_commit(instance, feed_paths(tags))


def feed_paths(tags: set[str]) -> list[str]:
    """The feeds (every format) of the pages behind these tags: what a WebSub hub is told changed."""
    if not websub.hub_url():
        return []
    lists = {tag for tag in tags if not tag.startswith("article:")}  # a story's own page has no feed
    return sorted(path for path in paths_for_tags(lists) if path.endswith(FEED_SUFFIXES))


def fingerprint_published_article(sender, instance: ArticlePage, **kwargs) -> None:
    """Near-duplicate checks compare with what a story says once published (articles.importing.duplicates)."""
    TextFingerprint.remember(instance.pk, headline=instance.title, text=page_text(instance))


def purge_unpublished_article(sender, instance: ArticlePage, **kwargs) -> None:
    tags = article_tags(instance.pk) | correction_tags(instance)
    purge_tags(tags)
    websub.announce_on_commit(instance, feed_paths(tags))


# Every story page type (reviews and live pages are stories too): Django and Wagtail send these with the
# instance's own class.
# (Deleting a review also deletes its ArticlePage row, for which pre_delete is sent as ArticlePage.)
for _model in story_models():
    for _signal, _receiver in (
        (pre_save, remember_article_links),
        (page_published, purge_published_article),
        (page_published, fingerprint_published_article),
        (page_unpublished, purge_unpublished_article),
    ):
        _signal.connect(_receiver, sender=_model, dispatch_uid=f"newsroom-{_receiver.__name__}-{_model._meta.label}")


@receiver(pre_delete, sender=ArticlePage)
def purge_deleted_article(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.live:
        purge_tags(article_tags(instance.pk) | correction_tags(instance))


@receiver(post_page_move)
def purge_moved_page(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs) -> None:
    tags = {"all", "listing", "nav"}
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            tags.add(f"topic:{parent.pk}")
    specific = instance.specific_class
    listings.sync_articles_under(instance.path)  # a new parent topic, or under (or out of) a private section
    if issubclass(specific, ArticlePage):
        tags |= article_tags(instance.pk)
    elif issubclass(specific, TopicPage):
        tags |= topic_tags(instance.pk)  # "nav" is in tags already: URLs under the topic changed
    purge_tags(tags)


# Topics and the home page.


NAV_FIELDS = ("title", "slug", "url_path", "live", "show_in_menus")


@receiver(pre_save, sender=TopicPage)
@receiver(pre_save, sender=ReviewIndexPage)
def remember_topic_rules(sender, instance: TopicPage, update_fields=None, **kwargs) -> None:
    if instance.pk and update_fields is None:
        instance._cache_tags_before = topic_tags(instance.pk)
        instance._nav_before = TopicPage.objects.filter(pk=instance.pk).values_list(*NAV_FIELDS).first()


def nav_changed(instance: TopicPage) -> bool:
    """Whether the navigation, and the story URLs under the topic, show this topic differently now."""
    before = getattr(instance, "_nav_before", None)
    return before != tuple(getattr(instance, name) for name in NAV_FIELDS)


@receiver(page_published, sender=TopicPage)
@receiver(page_unpublished, sender=TopicPage)
@receiver(page_published, sender=ReviewIndexPage)  # the Reviews section is a topic
@receiver(page_unpublished, sender=ReviewIndexPage)
def purge_topic(sender, instance: TopicPage, **kwargs) -> None:
    tags = topic_tags(instance.pk) | getattr(instance, "_cache_tags_before", set())
    if nav_changed(instance) or kwargs.get("signal") is page_unpublished:
        tags |= {"nav", "listing"}
    purge_tags(tags)


@receiver(pre_delete, sender=TopicPage)
def purge_deleted_topic(sender, instance: TopicPage, **kwargs) -> None:
    purge_tags(topic_tags(instance.pk) | {"nav", "listing"})
    listings.forget("topic", instance.pk)


@receiver(page_published, sender=HomePage)
@receiver(page_unpublished, sender=HomePage)
def purge_home(sender, instance: HomePage, **kwargs) -> None:
    purge_tags({"all", "listing", "nav"})


# Entities, authors and tags.


def remember_entity_relations(sender, instance, **kwargs) -> None:
    if instance.pk:
        instance._cache_tags_before = entity_tags(instance)


def purge_entity(sender, instance, **kwargs) -> None:
    # Relation rows saved with the entity purge their own pages (purge_relation below).
    purge_tags(getattr(instance, "_cache_tags_before", set()) | entity_tags(instance))


def purge_deleted_entity(sender, instance, **kwargs) -> None:
    purge_tags(entity_tags(instance))
    instance._listing_topics = topics_for_tags({f"{instance.entity_type}:{instance.pk}"})


def forget_deleted_list(sender, instance, **kwargs) -> None:
    """The entity's or tag's own list goes; topics whose rules named it lose the stories it brought them."""
    kind = "tag" if sender is Tag else instance.entity_type
    listings.forget(kind, instance.pk)
    listings.sync_topics(getattr(instance, "_listing_topics", ()))


# Every entity kind of the registry, so a new kind needs no receivers of its own.
for _kind in KINDS.entities():
    for _signal, _receiver in (
        (pre_save, remember_entity_relations),
        (post_save, purge_entity),
        (pre_delete, purge_deleted_entity),
        (post_delete, forget_deleted_list),
    ):
        _signal.connect(_receiver, sender=_kind.model, dispatch_uid=f"newsroom-{_receiver.__name__}-{_kind.key}")
post_delete.connect(forget_deleted_list, sender=Tag, dispatch_uid="newsroom-forget_deleted_list-tag")


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def purge_author(sender, instance: Author, **kwargs) -> None:
    # Cards and bylines collected obj:author:<id> while rendering; feeds read names with values() ("listing").
    purge_tags({"all", "listing", f"author:{instance.pk}", "authors", object_key(instance)})
    if kwargs["signal"] is post_delete:
        listings.forget("author", instance.pk)


@receiver(post_save, sender=Tag)
@receiver(pre_delete, sender=Tag)
def purge_tag(sender, instance: Tag, **kwargs) -> None:
    tags = {"all", "listing", f"tag:{instance.pk}", "tags", object_key(instance)}
    topics = topics_for_tags(tags)
    tags.update(f"topic:{pk}" for pk in topics)
    purge_tags(tags)
    if kwargs["signal"] is pre_delete:
        instance._listing_topics = topics


def purge_relation(sender, instance, **kwargs) -> None:
    """A relation row (a credit, company, affiliation, season…) shows on the pages of every entity it names."""
    purge_tags(RELATIONS.for_model(sender).tags(instance))


# Every relation of the registry that is not itself an entity (an entity's own receivers cover its rows' sides).
for _relation in RELATIONS:
    if KINDS.of(_relation.model) is None:
        for _signal in (post_save, post_delete):
            _signal.connect(
                purge_relation, sender=_relation.model, dispatch_uid=f"newsroom-purge-{_relation.model_label}"
            )


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def purge_view_restrictions(sender, instance, **kwargs) -> None:
    """A page made private (or public again) disappears from (or returns to) every listing."""
    django_cache.delete(RESTRICTED_PATHS_CACHE_KEY)
    transaction.on_commit(lambda: django_cache.delete(RESTRICTED_PATHS_CACHE_KEY))
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path:
        listings.sync_articles_under(path)
    purge_public_cache()


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def purge_image(sender, instance, **kwargs) -> None:
    """An image changed (new file, focal point) or went: the pages and fragments that rendered it (they collected
    ``obj:image:<id>``) render again; an image nothing shows yet purges nothing that is cached."""
    purge_tags({object_key(instance)})


# Live coverage: an update shows on its page, the page's updates.json and its feeds, all under ``live:<page id>``.


@receiver(published, sender=LiveUpdate)
@receiver(unpublished, sender=LiveUpdate)
@receiver(post_delete, sender=LiveUpdate)
def purge_live_update(sender, instance: LiveUpdate, **kwargs) -> None:
    purge_tags({f"live:{instance.page_id}"})


@receiver(post_save, sender=LiveUpdate)
def purge_saved_live_update(sender, instance: LiveUpdate, update_fields=None, **kwargs) -> None:
    """A save of a published update outside publishing (a script, a data fix) changes what readers see too; drafts
    saved by the editor change nothing public (their content waits in a revision)."""
    if instance.live:
        purge_tags({f"live:{instance.page_id}"})

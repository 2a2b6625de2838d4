"""Full-page cache for anonymous readers, invalidated through versioned dependency tags.

A view declares what its page shows with ``depends_on(request, "studio:4", "article:12", …)``. Each tag has a
version in the cache; the cached response remembers the versions it was rendered with. Purging a tag writes it a
fresh random version, so every page that showed it is stale at its next request, whichever process cached it.
Versions are only ever compared for equality and never reused, so no backend needs an atomic increment: two purges
racing, or a version evicted from the cache (it is recreated, new), can make pages stale but never wrongly fresh.
Versions are read when a dependency is declared, before the view queries the database, so a change that lands
during rendering leaves the stored page already stale rather than wrongly fresh.

Besides the tags a view declares, a page depends on every object it rendered: while a page or a fragment is
computed, ``collecting()`` gathers the key of each tracked object loaded from the database (``obj:<kind>:<pk>``,
see articles.dependencies), and a fragment served from the cache adds the keys it was rendered with. Nobody lists
them by hand, so a page that shows a studio's name through a film credit goes stale when the studio is renamed.
Those keys are found during rendering, after the queries ran, so their versions cannot be read first; instead every
purge also renews ``@seq``, and a page or fragment is only stored when no purge happened while it was computed.

Tags in use:
    ``everything``           bulk changes (curation, imports); every cached page depends on it
    ``all``                  any published content change (pages that declare nothing depend on it)
    ``listing``              any article appearing, changing or disappearing (home, /feed/, index pages)
    ``nav``                  the topic navigation and footer
    ``corrections``          /corrections/ and its feeds: a story with corrections published or unpublished
    ``article:<id>``         one article
    ``topic:<id>``           one topic's page, rules and membership
    ``studio:<id>``, ``person:<id>``, ``film:<id>``, ``author:<id>``, ``tag:<id>``   an entity and its stories
    ``obj:<kind>:<id>``      one object's own fields (name, slug, file…), purged only when that object changes:
                             collected while rendering, never declared
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest, HttpResponse

from .cdn import mark_cacheable

logger = logging.getLogger(__name__)

VERSION_PREFIX = "dep:"
ENTRY_PREFIX = "page:"
# Query parameters that change what a public page shows; any other parameter is ignored for the cache key
# (the views ignore them too), so junk query strings cannot fill the cache. "p" is a sitemap section's page.
KEY_PARAMETERS = ("page", "q", "sort", "letter", "format", "p")
KEY_PARAMETERS += ("month", "territory", "type")  # the release calendar and its iCalendar feed
KEY_PARAMETERS += ("weekend",)  # the box-office chart (its territory is above)
KEY_PARAMETERS += ("studio", "genre", "status")  # the production slate's filters
# Awards pages' filters (articles.business.awards).
KEY_PARAMETERS += ("kind", "category", "winners")
# Live coverage: ?show=key-events on a live page, and ?since=<time> on its updates.json only (a junk one is a 400,
# never stored; elsewhere it is ignored like any other parameter).
KEY_PARAMETERS += ("show",)
LIVE_UPDATES_PATH, LIVE_UPDATES_PARAMETERS = "/updates.json", (*KEY_PARAMETERS, "since")
API_PREFIX = "/api/"
# Every page shows the navigation, and goes stale on a bulk purge ("everything"); a page whose view declares
# nothing else depends on "all", which every content change purges.
BASE_DEPENDENCIES = ("nav", "everything")
DEFAULT_DEPENDENCIES = ("all",)
# Bumped by every purge: a page or fragment computed while it moved may hold data older than its collected keys.
SEQUENCE = "@seq"

_collectors: ContextVar[tuple[set[str], ...]] = ContextVar("newsroom_dependency_collectors", default=())


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Gather the dependency keys shown (``shown()``) while the block runs; nested blocks feed the outer ones too."""
    keys: set[str] = set()
    token = _collectors.set((*_collectors.get(), keys))
    try:
        yield keys
    finally:
        _collectors.reset(token)


@contextmanager
def covered_by(*tags: str) -> Iterator[None]:
    """Objects loaded in the block are shown under these tags instead (e.g. the navigation's topics: ``nav``), so a
    page depends on the tag, not on whichever objects a cache miss happened to load."""
    token = _collectors.set(())
    try:
        yield
    finally:
        _collectors.reset(token)
    shown(*tags)


def shown(*keys: str) -> None:
    """Record that what is being rendered shows these objects (no-op outside ``collecting()``)."""
    for keys_set in _collectors.get():
        keys_set.update(keys)


def is_collecting() -> bool:
    return bool(_collectors.get())


def _version_keys(tags: Iterable[str]) -> dict[str, str]:
    return {tag: VERSION_PREFIX + tag for tag in tags}


def _new_version() -> str:
    return secrets.token_hex(8)


def current_versions(tags: Iterable[str]) -> dict[str, str]:
    """The current version of each tag; a tag without one (never purged, or evicted) is given a new one."""
    keys = _version_keys(tags)
    # A copy: with IGNORE_EXCEPTIONS, django-redis answers a failed read with one shared dict object, which
    # updating would turn into a store of stale versions while Redis is down.
    found = dict(cache.get_many(list(keys.values())))
    # One write for all missing tags. Another process may write its own version meanwhile: pages stored under the
    # loser's version are stale at once, never wrongly fresh, and ``@seq`` refuses pages computed across a purge.
    missing = {key: _new_version() for key in keys.values() if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return {tag: found[key] for tag, key in keys.items()}


def depends_on(request: HttpRequest, *tags: str) -> None:
    """Declare that the page being rendered shows what these tags stand for."""
    deps = getattr(request, "_cache_dependencies", None)
    if deps is None:
        return  # not a cacheable request
    new = [tag for tag in tags if tag not in deps]
    if new:
        deps.update(current_versions(new))


def purge(*tags: str) -> None:
    """Make every cached page that shows any of these tags stale."""
    if tags:
        # ``@seq`` is renewed before the versions (a page rendering meanwhile is not stored) and again after them
        # (whoever reads its final value reads the new versions too: PageCacheMiddleware's copies rely on it).
        sequence_key = VERSION_PREFIX + SEQUENCE
        cache.set(sequence_key, _new_version(), timeout=None)
        cache.set_many({key: _new_version() for key in _version_keys(tags).values()}, timeout=None)
        cache.set(sequence_key, _new_version(), timeout=None)


def remember(name: str, tags: Iterable[str], compute: Callable[[], Any], timeout: int = 3600) -> Any:
    """``compute()``, cached while none of ``tags`` (nor ``everything``) is purged: for aggregates a page shows.

    The versions are read before computing, so a change that commits meanwhile leaves the stored value already
    stale, never wrongly fresh (the page cache's own rule). ``timeout`` is only a backstop. With
    ``NEWSROOM_TAGGED_CACHE = False`` (the tests' default, whose transactions never commit) it always computes.
    """
    return remember_many(name, {"": tags}, lambda keys: {"": compute()}, timeout)[""]


def remember_many(
    name: str, tags_by_key: dict[Any, Iterable[str]], compute: Callable[[list], dict[Any, Any]], timeout: int = 3600
) -> dict[Any, Any]:
    """``remember`` for many values at once (e.g. the story counts of a page of entities): the stored values and the
    versions of their tags in one cache read, the versions of the objects they showed in another, and
    ``compute(missing keys)`` once for the rest.

    Each value is stored with the versions it was computed under — of its tags (and ``everything``), read before
    computing, and of the objects ``compute`` loaded (``collecting()``) — and served only while every one of them is
    current; a hit passes the objects on to the page being rendered, so the page depends on what the fragment
    showed. Objects loaded for one ``compute`` call count for each value it returns: coarse for a batch, never
    stale."""
    if not getattr(settings, "NEWSROOM_TAGGED_CACHE", True):
        return compute(list(tags_by_key))
    tags_by_key = {key: sorted({*tags, "everything"}) for key, tags in tags_by_key.items()}
    cache_keys = {key: _remember_key(name, key) for key in tags_by_key}
    declared = _version_keys({SEQUENCE, *(tag for tags in tags_by_key.values() for tag in tags)})
    found = dict(cache.get_many([*cache_keys.values(), *declared.values()]))  # never the backend's own object
    versions = {tag: found[key] for tag, key in declared.items() if key in found}
    if len(versions) < len(declared):  # never purged, or evicted: given one now
        versions.update(current_versions(declared.keys() - versions.keys()))
    entries = {
        key: found[cache_key]
        for key, cache_key in cache_keys.items()
        if isinstance(found.get(cache_key), dict) and "versions" in found[cache_key]  # not an older release's entry
    }
    shown_tags = {tag for entry in entries.values() for tag in entry["versions"]} - versions.keys()
    versions.update(current_versions(shown_tags) if shown_tags else {})
    values = {}
    for key, entry in entries.items():
        stored = entry["versions"]
        if stored.keys() >= set(tags_by_key[key]) and all(versions[tag] == version for tag, version in stored.items()):
            values[key] = entry["value"]
            shown(*entry["shown"])
    missing = [key for key in tags_by_key if key not in values]
    if missing:
        with collecting() as keys:
            fresh = compute(missing)
        now = current_versions({SEQUENCE, *keys})
        if now.pop(SEQUENCE) == versions[SEQUENCE]:  # nothing was purged meanwhile: the versions match the data
            cache.set_many(
                {
                    cache_keys[key]: {
                        "value": value,
                        "versions": {**{tag: versions[tag] for tag in tags_by_key[key]}, **now},
                        "shown": sorted(now),
                    }
                    for key, value in fresh.items()
                },
                timeout,
            )
        values.update(fresh)
    return values


def _remember_key(name: str, key: Any) -> str:
    raw = f"remember:{name}:{key}"
    return "remember:" + hashlib.sha256(raw.encode()).hexdigest() if len(raw) > 200 else raw


def _is_cacheable_request(request: HttpRequest) -> bool:
    if not getattr(settings, "NEWSROOM_PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(prefix) for prefix in ("/admin/", "/documents/", "/static/", "/media/")):
        return False
    # A partner's feed (a token, articles.feeds) is private to the partner: never served from, nor stored in, the cache.
    if "token" in request.GET or "authorization" in request.headers:
        return False
    # Editors (with a session) see previews, the userbar and fresh content: never serve them a cached page.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _cache_key(request: HttpRequest) -> str:
    if request.path.startswith(API_PREFIX):
        # Every parameter of the JSON API changes its answer, and it refuses unknown ones with a 400 (never stored).
        params = sorted((name, value) for name, values in request.GET.lists() for value in values)
    else:
        names = LIVE_UPDATES_PARAMETERS if request.path.endswith(LIVE_UPDATES_PATH) else KEY_PARAMETERS
        params = [(name, request.GET.get(name, "")[:200]) for name in names if name in request.GET]
    raw = f"{request.get_host()}|{request.path}|{urlencode(params)}"
    return ENTRY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _is_cacheable_response(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    # "Vary: Cookie" (a template looked at request.user) is fine: only requests without a session are served here.
    vary = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    return "private" not in cache_control and "no-store" not in cache_control and vary <= {"cookie"}


class PageCacheMiddleware:
    """Serves anonymous GET requests for public pages from the cache while their dependencies are unchanged."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.timeout = getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 600)
        # This process's copies of stored pages, so that a hit reads one key of the shared cache (``@seq``) instead
        # of the entry and every dependency's version. A copy is served only while its versions are the shared ones,
        # as the shared entry is: it can be older than the shared entry, never fresher.
        copies = getattr(settings, "NEWSROOM_PAGE_COPIES", 300)
        self.copies = (
            LocMemCache("newsroom-page-copies", {"TIMEOUT": self.timeout, "OPTIONS": {"MAX_ENTRIES": copies}})
            if copies
            else None
        )

    def _stored_page(self, key: str) -> dict | None:
        """The stored page for this key if none of its dependencies changed since it was rendered."""
        if self.copies is not None:
            copy = self.copies.get(key)
            # Every purge renews ``@seq`` before and after its versions: while it holds the value this copy was last
            # found fresh under, nothing was purged anywhere since, and one key answers for all its dependencies.
            if copy is not None and (
                copy["sequence"] == current_versions([SEQUENCE])[SEQUENCE] or self._is_fresh(key, copy)
            ):
                return copy
        entry = cache.get(key)
        return entry if entry is not None and self._is_fresh(key, entry) else None

    def _is_fresh(self, key: str, entry: dict) -> bool:
        """Whether every dependency still has the version the page was rendered with; if so the entry is kept as
        this process's copy, with the ``@seq`` it was found fresh under."""
        now = current_versions({SEQUENCE, *entry["dependencies"]})
        sequence = now.pop(SEQUENCE)
        if now != entry["dependencies"]:
            return False
        self._keep_copy(key, entry, sequence)
        return True

    def _keep_copy(self, key: str, entry: dict, sequence: str) -> None:
        if self.copies is not None:
            self.copies.set(key, {**entry, "sequence": sequence})

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _is_cacheable_request(request):
            return self.get_response(request)
        key = _cache_key(request)
        entry = self._stored_page(key)
        if entry is not None:
            response = HttpResponse(
                entry["content"], status=200, content_type=entry["content_type"], headers=entry["headers"]
            )
            response["X-Page-Cache"] = "hit"
            return response

        base = current_versions((*BASE_DEPENDENCIES, *DEFAULT_DEPENDENCIES, SEQUENCE))
        request._cache_dependencies = {tag: base[tag] for tag in BASE_DEPENDENCIES}
        with collecting() as collected:
            response = self.get_response(request)
            storable = request.method == "GET" and _is_cacheable_response(response)
            if storable and callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()  # inside the collector: templates load what they show
        if storable:
            dependencies = request._cache_dependencies
            if dependencies.keys() <= set(BASE_DEPENDENCIES):
                dependencies.update({tag: base[tag] for tag in DEFAULT_DEPENDENCIES})
            now = current_versions({SEQUENCE, *(collected - dependencies.keys())})
            if now.pop(SEQUENCE) != base[SEQUENCE]:
                # A purge landed while the page rendered: what it collected may be older than these versions.
                response["X-Page-Cache"] = "skip"
                return response
            dependencies.update(now)
            if settings.NEWSROOM_CDN_SECONDS:
                mark_cacheable(response, dependencies)
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in ("content-type", "content-length", "set-cookie")
            }
            entry = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "headers": headers,
                "dependencies": dependencies,
            }
            cache.set(key, entry, self.timeout)
            self._keep_copy(key, entry, base[SEQUENCE])  # every version was read while @seq held this value
            response["X-Page-Cache"] = "miss"
        return response

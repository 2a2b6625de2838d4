from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .cache import covered_by

NAVIGATION_CACHE_KEY = "navigation:topics"


def navigation_topics() -> list[dict[str, str]]:
    """Live, public topics marked "show in menus", as title and URL, in tree order."""
    from .models import TopicPage

    return [
        {"title": topic.title, "url": topic.get_url()}
        for topic in TopicPage.objects.published().in_menu().order_by("path")
    ]


def navigation(request: HttpRequest) -> dict:
    """The site navigation, cached; signals purge it when a topic page changes."""

    def topics() -> list[dict[str, str]]:
        cached = cache.get(NAVIGATION_CACHE_KEY)
        if cached is None:
            with covered_by("nav"):  # purged whenever a topic's title, slug or place in the menu changes
                cached = navigation_topics()
            cache.set(NAVIGATION_CACHE_KEY, cached, 3600)
        return cached

    return {"nav_topics": SimpleLazyObject(topics)}

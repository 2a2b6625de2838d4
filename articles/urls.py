from django.urls import path

from . import converters, feeds, views  # noqa: F401 - converters registers "anyslug"
from .business import reviews, slate  # noqa: F401 - each registers its entity page sections
from .models import KINDS

app_name = "articles"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="autocomplete"),
    # /studios/, /people/, /films/, /authors/, /tags/ and a page for each one: see articles.models.kinds.
    *(path(f"{kind.url_prefix}/", views.index_view(kind), name=f"{kind.key}_index") for kind in KINDS),
    *(path(f"{kind.url_prefix}/<anyslug:slug>/", views.detail_view(kind), name=kind.key) for kind in KINDS),
    # The production slate and its feeds (articles.business.slate).
    path("slate/", slate.slate_view, name="slate"),
    *(
        path(f"slate/{suffix}", feeds.SlateFeed(feed_format), name=feeds.feed_url_name("slate_feed", feed_format))
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
]

from django.urls import path

from . import converters, feeds, views  # noqa: F401 - converters registers "anyslug"
from .models import KINDS

app_name = "articles"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="autocomplete"),
    # /studios/, /people/, /films/, /authors/, /tags/ and a page for each one: see articles.models.kinds.
    *(path(f"{kind.url_prefix}/", views.index_view(kind), name=f"{kind.key}_index") for kind in KINDS),
    *(path(f"{kind.url_prefix}/<anyslug:slug>/", views.detail_view(kind), name=kind.key) for kind in KINDS),
]

# Corrections and updates (issue #19): the archive and its feeds.
urlpatterns += [
    path("corrections/", views.corrections, name="corrections"),
    *(
        path(
            f"corrections/{suffix}",
            feeds.CorrectionFeed(feed_format),
            name=feeds.feed_url_name("corrections_feed", feed_format),
        )
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
]

from django.urls import path

from . import converters, feeds, views  # noqa: F401 - converters registers "anyslug"
from .business import boxoffice
from .models import KINDS

app_name = "articles"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="autocomplete"),
    # /studios/, /people/, /films/, /authors/, /tags/ and a page for each one: see articles.models.kinds.
    *(path(f"{kind.url_prefix}/", views.index_view(kind), name=f"{kind.key}_index") for kind in KINDS),
    *(path(f"{kind.url_prefix}/<anyslug:slug>/", views.detail_view(kind), name=kind.key) for kind in KINDS),
]

# Box office (articles/business/boxoffice.py): the weekly chart and its feeds.
urlpatterns += [
    path("box-office/", boxoffice.box_office, name="box_office"),
    *(
        path(
            f"box-office/{suffix}",
            feeds.BoxOfficeFeed(feed_format),
            name=feeds.feed_url_name("box_office_feed", feed_format),
        )
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
]

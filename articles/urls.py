from django.urls import path

from . import converters, following, views  # noqa: F401 - converters registers "anyslug"
from .business import releases
from .models import KINDS

app_name = "articles"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="autocomplete"),
    path("follow/", following.follow, name="follow"),
    path("following/<str:token>/", following.following, name="following"),
    path("following/<str:token>/confirm/", following.confirm, name="confirm"),
    path("following/<str:token>/unsubscribe/", following.unsubscribe, name="unsubscribe"),
    path("share/site.png", views.share_site_card, name="share_site_card"),
    path("share/<slug:kind>/<anyslug:key>.png", views.share_card, name="share_card"),
    # The film & TV business data (articles/business/).
    path("releases/", releases.calendar, name="releases"),
    path("releases/calendar.ics", releases.calendar_feed, name="releases_ics"),
    # /studios/, /people/, /films/, /authors/, /tags/ and a page for each one: see articles.models.kinds.
    *(path(f"{kind.url_prefix}/", views.index_view(kind), name=f"{kind.key}_index") for kind in KINDS),
    *(path(f"{kind.url_prefix}/<anyslug:slug>/", views.detail_view(kind), name=kind.key) for kind in KINDS),
]

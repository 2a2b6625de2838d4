from django.urls import path, re_path

from . import (  # noqa: F401 - converters registers "anyslug"
    converters,
    feeds,
    following,
    views,
)
from .business import awards, boxoffice, releases, reviews, slate  # noqa: F401 - each registers its entity page sections
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
    # The production slate and its feeds (articles.business.slate).
    path("slate/", slate.slate_view, name="slate"),
    *(
        path(f"slate/{suffix}", feeds.SlateFeed(feed_format), name=feeds.feed_url_name("slate_feed", feed_format))
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
]

# Awards (articles.business.awards): the index, a ceremony, an edition, and the results feeds in every format.
AWARD_EDITION = r"awards/(?P<ceremony>[-a-z0-9_]+)/(?P<year>[0-9]{4})/"
urlpatterns += [
    path("awards/", awards.awards_index, name="awards"),
    *(
        path(
            f"awards/{suffix}", awards.AwardResultsFeed(generator, suffix), name=feeds.feed_url_name("awards_feed", fmt)
        )
        for fmt, (suffix, generator) in feeds.FEED_FORMATS.items()
    ),
    *(
        re_path(
            f"^{AWARD_EDITION}{suffix}$",
            awards.AwardResultsFeed(generator, suffix),
            name=feeds.feed_url_name("award_edition_feed", fmt),
        )
        for fmt, (suffix, generator) in feeds.FEED_FORMATS.items()
    ),
    path("awards/<slug:ceremony>/", awards.ceremony_page, name="award_ceremony"),
    re_path(f"^{AWARD_EDITION}$", awards.edition_page, name="award_edition"),
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

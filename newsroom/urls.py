from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from articles import converters, feeds, views  # noqa: F401 - converters registers "anyslug"
from articles.admin.entities import tag_autocomplete
from articles.api import api_router
from articles.feeds import feed_url_name
from articles.models import KINDS
from articles.sitemaps import news_sitemap, sitemap_index, sitemap_section

from .health import healthz
from .views import authenticate_with_password

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Wagtail's tag-field autocomplete, answered without the tags of drafts the user may not see.
    path("admin/tag-autocomplete/", tag_autocomplete),
    path("admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/", tag_autocomplete),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-news.xml", news_sitemap, name="sitemap_news"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain"), name="robots"),
    # /feed/, /feed/atom/, /feed/json/; then /studios/<slug>/feed/ … /tags/<slug>/feed/json/, per linked kind.
    *(
        path(suffix, feeds.AllStoriesFeed(feed_format), name=feed_url_name("feed", feed_format))
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
    *(
        path(
            f"{kind.url_prefix}/<anyslug:slug>/{suffix}",
            feeds.feed_for(kind, feed_format),
            name=feed_url_name(kind.feed_url_name, feed_format),
        )
        for kind in KINDS
        for feed_format, (suffix, _) in feeds.FEED_FORMATS.items()
    ),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.NEWSROOM_BENCH_FLOOR:
    # bench/load.py's floor: the cheapest Django response this server can give, to compare every page with.
    from django.http import HttpResponse

    urlpatterns.append(path("bench/floor/", lambda request: HttpResponse("ok", content_type="text/plain")))

urlpatterns += [
    # Wagtail's page-password view, throttled (newsroom.views); mounted ahead of Wagtail's own at the same path.
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # A live page's updates.json (articles.models.live.LivePage), which Wagtail's page pattern does not match.
    re_path(r"^(?P<path>(?:[\w\-]+/)*)updates\.json$", views.live_updates, name="live_updates"),
    # Wagtail's URLs, its page view wrapped to find the request's Site from the cache (articles.views.serve).
    path("", include([pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"])),
    re_path(wagtail_urls.serve_pattern, views.serve, name="wagtail_serve"),
]

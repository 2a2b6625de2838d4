"""The private upstream parts that articles/upstream.py relies on are still there and still used the same way.

A failure here after an upgrade means: read the changed upstream code, then fix or drop the adapter.
"""

import inspect

import pytest
from modelcluster.fields import ParentalManyToManyField
from modelsearch.backends.database.postgres.postgres import PostgresIndex, PostgresSearchRebuilder
from wagtail import signal_handlers
from wagtail.models import COMMENTS_RELATION_NAME, Page, Site

from articles import upstream
from articles.models import ArticlePage, Studio
from tests.factories import StudioFactory


def test_modelsearch_still_refreshes_title_norms_through_the_overridden_method():
    """``_refresh_title_norms(full=False)`` exists and is what indexing and rebuilding call."""
    assert list(inspect.signature(PostgresIndex._refresh_title_norms).parameters) == ["self", "full"]
    assert inspect.signature(PostgresIndex._refresh_title_norms).parameters["full"].default is False
    assert "self._refresh_title_norms()" in inspect.getsource(PostgresIndex.add_items)
    assert "_refresh_title_norms(full=True)" in inspect.getsource(PostgresSearchRebuilder.finish)
    assert upstream.TitleNormIndex._refresh_title_norms is not PostgresIndex._refresh_title_norms


def test_wagtail_still_reads_the_site_root_flag_and_the_reference_index_switch():
    """``Page.is_site_root`` answers from ``_is_site_root`` when set; the reference index switch still exists."""
    assert "_is_site_root" in inspect.getsource(Page.is_site_root)
    page = Page(title="x")
    page._is_site_root = False
    assert page.is_site_root() is False
    assert callable(signal_handlers.disable_reference_index_auto_update)
    assert COMMENTS_RELATION_NAME == "wagtail_admin_comments"


def test_modelcluster_still_offers_the_original_manager():
    """A parental many-to-many manager still reaches Django's own manager through ``get_original_manager()``."""
    field = ArticlePage._meta.get_field("studios")
    assert isinstance(field, ParentalManyToManyField)
    manager = ArticlePage().studios
    assert callable(manager.get_original_manager)


@pytest.mark.django_db
def test_add_new_page_writes_links_tags_and_a_revision_that_holds_them(topic_page):
    """What the importer relies on: links and tags saved with the page and serialised in its first revision."""
    studio = StudioFactory()
    page = ArticlePage(title="Adapter story", slug="adapter-story", live=False)
    upstream.add_new_page(topic_page, page, links={"studios": [studio]}, tags=["casting"], tag_relation="tagged_items")
    revision = page.save_revision()
    page = ArticlePage.objects.get(pk=page.pk)
    assert list(page.studios.all()) == [Studio.objects.get(pk=studio.pk)]
    assert [tag.name for tag in page.tags.all()] == ["casting"]
    assert revision.content["studios"] == [studio.pk]
    assert page.get_parent().pk == topic_page.pk


@pytest.mark.django_db
def test_search_values_match_what_the_public_results_hold(topic_page):
    """On the database backend ``get_queryset()`` still exists and gives the public results' ids and scores."""
    from tests.factories import ArticlePageFactory

    for number in range(3):
        ArticlePageFactory(parent=topic_page, title=f"Comet news {number}", standfirst="comet " * number)
    results = ArticlePage.objects.order_by("-date").search("comet", order_by_relevance=False)[:2]
    assert callable(results.get_queryset)
    assert upstream.search_values(results) == [(page.pk,) for page in results]
    ranked = ArticlePage.objects.search("comet").annotate_score("relevance")[:3]
    assert upstream.search_values(ranked, "relevance") == [(page.pk, page.relevance) for page in ranked]
    assert len(upstream.search_values(ranked)) == 3


@pytest.mark.django_db
def test_wagtail_still_keeps_the_requests_site_where_use_site_puts_it(rf, django_assert_num_queries):
    """``Site.find_for_request`` answers from ``_wagtail_site`` once set, without a query."""
    assert "request._wagtail_site" in inspect.getsource(Site.find_for_request)
    site = Site.objects.get(is_default_site=True)
    request = rf.get("/")
    upstream.use_site(request, site)
    with django_assert_num_queries(0):
        assert Site.find_for_request(request) is site

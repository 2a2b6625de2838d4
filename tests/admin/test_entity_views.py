"""The entity view of the content (articles/admin/stories.py, snippets.py): the "Stories" listing's filters and
columns, each entity's "Stories" tab and usage page, and admin search over standfirst and body."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePage
from articles.permissions import CONTRIBUTORS, EDITORS

from ..factories import ArticlePageFactory, AuthorFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db


def stories_url(query: str = "") -> str:
    return reverse("stories:index") + (f"?{query}" if query else "")


def titles(response) -> set[str]:
    assert response.status_code == 200
    return {page.title for page in response.context["object_list"]}


def member(django_user_model, name: str, group: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def netflix():
    return StudioFactory(name="Netflix")


@pytest.fixture
def newsroom(topic_page, netflix):
    """Two Netflix stories (one live, one a draft) and one about another studio."""
    return {
        "live": ArticlePageFactory(parent=topic_page, title="Netflix buys a studio", links={"studios": [netflix]}),
        "draft": ArticlePageFactory(
            parent=topic_page, title="Netflix slate leaks", live=False, links={"studios": [netflix]}
        ),
        "other": ArticlePageFactory(parent=topic_page, title="Warner merger", links={"studios": [StudioFactory()]}),
    }


def test_filtering_by_a_studio_lists_its_drafts_and_live_stories_only(admin_client, newsroom, netflix):
    assert titles(admin_client.get(stories_url(f"studio={netflix.pk}"))) == {
        "Netflix buys a studio",
        "Netflix slate leaks",
    }


def test_the_unfiltered_listing_holds_every_article(admin_client, newsroom):
    assert titles(admin_client.get(stories_url())) == {page.title for page in newsroom.values()}


@pytest.mark.parametrize(
    ("status", "expected"), [("draft", {"Netflix slate leaks"}), ("live", {"Netflix buys a studio"})]
)
def test_status_combines_with_the_studio(admin_client, newsroom, netflix, status, expected):
    assert titles(admin_client.get(stories_url(f"studio={netflix.pk}&status={status}"))) == expected


def test_scheduled_and_in_moderation(admin_client, topic_page, django_user_model):
    scheduled = ArticlePageFactory(parent=topic_page, title="Embargoed", live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()
    submitted = ArticlePageFactory(parent=topic_page, title="Awaiting review", live=False)
    submitted.save_revision()
    submitted.get_workflow().start(submitted, django_user_model.objects.get(is_superuser=True))
    ArticlePageFactory(parent=topic_page, title="Plain draft", live=False)

    assert titles(admin_client.get(stories_url("status=scheduled"))) == {"Embargoed"}
    assert titles(admin_client.get(stories_url("status=in_moderation"))) == {"Awaiting review"}
    assert titles(admin_client.get(stories_url("status=draft"))) == {"Embargoed", "Awaiting review", "Plain draft"}


def test_each_linked_kind_filters(admin_client, topic_page):
    person, film, author = PersonFactory(name="Greta Gerwig"), FilmFactory(name="Barbie"), AuthorFactory()
    ArticlePageFactory(parent=topic_page, title="Person", links={"people": [person]})
    ArticlePageFactory(parent=topic_page, title="Film", links={"films": [film]})
    ArticlePageFactory(parent=topic_page, title="Author", links={"authors": [author]})
    tagged = ArticlePageFactory(parent=topic_page, title="Tag", links={"tags": ["streaming"]})
    tag = tagged.tags.get()

    assert titles(admin_client.get(stories_url(f"person={person.pk}"))) == {"Person"}
    assert titles(admin_client.get(stories_url(f"film={film.pk}"))) == {"Film"}
    assert titles(admin_client.get(stories_url(f"author={author.pk}"))) == {"Author"}
    assert titles(admin_client.get(stories_url(f"tag={tag.pk}"))) == {"Tag"}
    assert titles(admin_client.get(stories_url(f"person={person.pk}&film={film.pk}"))) == set()


def test_topic_filter_follows_the_topics_rules(admin_client, home_page, topic_page, newsroom, netflix):
    streaming = TopicPageFactory(parent=home_page, title="Streaming", rules={"studios": [netflix]})
    ArticlePageFactory(parent=streaming, title="Streaming's own story")
    assert titles(admin_client.get(stories_url(f"topic={streaming.pk}"))) == {
        "Streaming's own story",
        "Netflix buys a studio",
        "Netflix slate leaks",
    }


def test_date_ranges(admin_client, newsroom):
    old = newsroom["live"]
    ArticlePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.make_aware(datetime.datetime(2020, 1, 5)),
        latest_revision_created_at=timezone.make_aware(datetime.datetime(2020, 1, 6)),
    )
    window = "from=2020-01-01&{0}_to=2020-01-31"
    assert titles(admin_client.get(stories_url("first_published_at_" + window.format("first_published_at")))) == {
        old.title
    }
    assert titles(
        admin_client.get(stories_url("latest_revision_created_at_" + window.format("latest_revision_created_at")))
    ) == {old.title}


@pytest.mark.parametrize(
    "query",
    [
        "studio=abc",
        "studio=999999",
        "status=nonsense",
        "topic=x",
        "first_published_at_after=not-a-date",
        "tag=%00",
        "ordering=nope",
        "q=%00%27",
    ],
)
def test_bad_filters_answer_without_failing(admin_client, newsroom, query):
    response = admin_client.get(stories_url(query))
    assert response.status_code == 200


def test_the_chosen_studio_stays_in_the_filter_form(admin_client, newsroom, netflix):
    """The filters live in the URL and the form shows them, so a filtered listing can be shared and refined."""
    html = admin_client.get(stories_url(f"studio={netflix.pk}")).content.decode()
    assert f'<option value="{netflix.pk}" selected>Netflix</option>' in html


def test_rows_show_authors_and_entities(admin_client, topic_page):
    author = AuthorFactory(name="Ann Byline")
    studios = [StudioFactory(name=name) for name in ("A24", "Neon", "Mubi", "Apple")]
    ArticlePageFactory(parent=topic_page, title="Indies", links={"studios": studios, "authors": [author]})
    html = admin_client.get(stories_url()).content.decode()
    assert "Ann Byline" in html
    assert "A24, Apple, Mubi +1" in html  # three names, then how many more


def test_query_count_does_not_grow_with_the_list(admin_client, topic_page):
    def count(number: int) -> int:
        ArticlePage.objects.all().delete()
        author, studio, person = AuthorFactory(), StudioFactory(), PersonFactory()
        for index in range(number):
            ArticlePageFactory(
                parent=topic_page,
                live=index % 2 == 0,
                links={"authors": [author], "studios": [studio], "people": [person], "tags": ["news"]},
            )
        admin_client.get(stories_url())  # warm per-process caches (content types, sites)
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(stories_url()).status_code == 200
        return len(queries)

    assert count(3) == count(30)


def test_contributors_do_not_see_other_peoples_drafts(client, topic_page, netflix, django_user_model):
    contributor = member(django_user_model, "casey", CONTRIBUTORS)
    editor = member(django_user_model, "eddie", EDITORS)
    netflix_story = {"studios": [netflix]}
    ArticlePageFactory(parent=topic_page, title="Editor's draft", live=False, owner=editor, links=netflix_story)
    ArticlePageFactory(parent=topic_page, title="My draft", live=False, owner=contributor, links=netflix_story)
    ArticlePageFactory(parent=topic_page, title="Live story", owner=editor, links={"studios": [netflix]})

    client.force_login(contributor)
    assert titles(client.get(stories_url(f"studio={netflix.pk}"))) == {"My draft", "Live story"}
    # The tab is on the edit view, so give this contributor the right to edit studios.
    contributor.user_permissions.add(Permission.objects.get(codename="change_studio"))
    contributor = django_user_model.objects.get(pk=contributor.pk)  # no cached permissions
    client.force_login(contributor)
    tab = client.get(reverse("wagtailsnippets_articles_studio:edit", args=[netflix.pk])).content.decode()
    assert "My draft" in tab
    assert "Editor's draft" not in tab

    client.force_login(editor)
    assert titles(client.get(stories_url(f"studio={netflix.pk}"))) == {"My draft", "Live story", "Editor's draft"}


def test_explorer_under_a_topic_has_the_same_filters(admin_client, topic_page, newsroom, netflix):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[topic_page.pk]) + f"?studio={netflix.pk}")
    assert titles(response) == {"Netflix buys a studio", "Netflix slate leaks"}


def test_the_stories_tab_lists_drafts_and_live_stories_with_a_link_to_the_listing(admin_client, newsroom, netflix):
    html = admin_client.get(reverse("wagtailsnippets_articles_studio:edit", args=[netflix.pk])).content.decode()
    tab = html[html.index("2 stories link here") :]
    assert "Netflix buys a studio" in tab
    assert "Netflix slate leaks" in tab
    assert "Warner merger" not in tab
    assert f'href="{stories_url(f"studio={netflix.pk}")}"' in tab
    assert ">draft<" in tab.replace(" ", "").replace("\n", "")


def test_a_new_entity_has_an_empty_stories_tab(admin_client):
    html = admin_client.get(reverse("wagtailsnippets_articles_studio:add")).content.decode()
    assert "No stories link here yet." in html


def test_usage_counts_the_stories_and_topics_that_link_an_entity(admin_client, home_page, newsroom, netflix):
    TopicPageFactory(parent=home_page, title="Streaming", rules={"studios": [netflix]})
    response = admin_client.get(reverse("wagtailsnippets_articles_studio:usage", args=[netflix.pk]))
    assert response.status_code == 200
    rows = {str(row["object"]): row for row in response.context["table"].data}
    assert set(rows) == {"Netflix buys a studio", "Netflix slate leaks", "Streaming"}
    assert rows["Streaming"]["references"][0].describe_source_field() == "Studios"


def test_usage_paginates_story_links(admin_client, topic_page, netflix):
    for _ in range(25):
        ArticlePageFactory(parent=topic_page, live=False, links={"studios": [netflix]})
    usage = reverse("wagtailsnippets_articles_studio:usage", args=[netflix.pk])
    first, second = admin_client.get(usage), admin_client.get(usage + "?p=2")
    assert len(first.context["table"].data) == 20
    assert len(second.context["table"].data) == 5
    assert first.context["page_obj"].paginator.count == 25


def test_admin_search_matches_standfirst_and_body(admin_client, topic_page):
    ArticlePageFactory(parent=topic_page, title="Quiet headline", standfirst="Streamers court the zeitgeist.")
    ArticlePageFactory(
        parent=topic_page, title="Another headline", body=[("paragraph", "<p>An obscure marmalade clause.</p>")]
    )
    search = reverse("wagtailadmin_pages:search")
    assert titles(admin_client.get(search, {"q": "zeitgeist"})) == {"Quiet headline"}
    assert titles(admin_client.get(search, {"q": "marmalade"})) == {"Another headline"}
    assert titles(admin_client.get(stories_url("q=marmalade"))) == {"Another headline"}


def test_the_filter_widgets_search_but_never_create(admin_client, newsroom):
    """Filtering reads: the entity filters use the autocomplete without its "Create" button (no create URL)."""
    html = admin_client.get(stories_url()).content.decode()
    assert html.count('data-create-url=""') == 6  # studio, person, film, series, author, tag
    assert reverse("newsroom_entity_create", args=["studio"]) not in html


def test_deleting_a_studio_warns_of_the_stories_that_link_it(admin_client, newsroom, netflix):
    response = admin_client.get(reverse("wagtailsnippets_articles_studio:delete", args=[netflix.pk]))
    assert response.status_code == 200
    assert response.context["usage_count"] == 2
    assert not response.context["is_protected"]

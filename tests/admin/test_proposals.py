"""Contributors propose studios, people and films; readers see one only once an editor accepts it (or merges it);
editors review them from the dashboard: Accept, Merge into…, Reject."""

import json
import re
from html import unescape

import pytest
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import ModelLogEntry

from articles import curation
from articles.models import KINDS, ArticlePage, CurationChange

from ..factories import (
    ArticlePageFactory,
    FilmFactory,
    PersonFactory,
    SeriesFactory,
    StudioFactory,
    TopicPageFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {"studio": StudioFactory, "person": PersonFactory, "film": FilmFactory, "series": SeriesFactory}
NAMES = {
    "studio": "Nova Lumen Pictures",
    "person": "Quillon Marchbanks",
    "film": "The Glass Orchard",
    "series": "Harbour Lights Quarterly",
}
ENTITY_KINDS = [kind.key for kind in KINDS.entities()]


def proposal(kind: str, user=None):
    return FACTORIES[kind](name=NAMES[kind], review_status="proposed", proposed_by=user)


def as_user(client, user):
    client.force_login(user)
    return client


# What readers see.


@pytest.fixture
def public_site(home_page):
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    return topic


@pytest.mark.parametrize("kind", ENTITY_KINDS)
def test_a_proposal_linked_to_a_live_story_is_on_no_public_surface_until_accepted(client, public_site, kind):
    """Its page and feed 404; the story's page (chips, JSON-LD, body links), the feeds, sitemap, API, A–Z,
    search, search autocomplete, home and a topic naming it in a rule never show its name."""
    entity = proposal(kind)
    field = KINDS.get(kind).article_field
    known = StudioFactory(name="Known Studio Co")
    links = {"studios": [known]}
    links[field] = [*links.get(field, []), entity]
    story = ArticlePageFactory(parent=public_site, title="A story with a new name", links=links)
    TopicPageFactory(parent=public_site.get_parent(), title="Watch", slug="watch", rules={field: [entity]})
    prefix, api = KINDS.get(kind).url_prefix, KINDS.get(kind).api_endpoint

    assert client.get(f"/{prefix}/{entity.slug}/").status_code == 404
    assert client.get(f"/{prefix}/{entity.slug}/feed/").status_code == 404
    assert client.get(f"/api/v2/{api}/{entity.pk}/").status_code == 404
    surfaces = [
        story.url,
        "/",
        "/watch/",
        "/feed/",
        "/movie-news/feed/",
        "/feed/json/",
        "/sitemap-stories.xml",
        f"/sitemap-{prefix}.xml",
        f"/{prefix}/",
        f"/{prefix}/?letter={NAMES[kind][0]}",
        f"/api/v2/{api}/",
        f"/api/v2/pages/{story.pk}/",
        f"/api/v2/pages/?type=articles.ArticlePage&fields={field}",
        f"/search/?q={NAMES[kind].split()[-1]}",
        f"/search/autocomplete/?q={NAMES[kind][:4]}",
    ]
    for url in surfaces:
        response = client.get(url)
        assert response.status_code == 200, url
        assert NAMES[kind] not in response.content.decode(), url
        assert entity.get_absolute_url() not in response.content.decode(), url
    assert "Known Studio Co" in client.get(story.url).content.decode()  # the story itself shows the rest

    curation.accept_entity(entity)

    assert client.get(f"/{prefix}/{entity.slug}/").status_code == 200
    assert client.get(f"/api/v2/{api}/{entity.pk}/").status_code == 200
    for url in (story.url, "/watch/", f"/{prefix}/", f"/api/v2/pages/{story.pk}/"):
        assert NAMES[kind] in client.get(url).content.decode(), url
    assert entity.get_absolute_url() in client.get(f"/sitemap-{prefix}.xml").content.decode()


# Proposing.


def create(client, kind: str, name: str):
    return client.post(reverse("newsroom_entity_create", args=[kind]), {"name": name})


def test_a_contributor_proposes_and_proposing_again_finds_the_proposal(client, people):
    as_user(client, people["contributor"])
    first = create(client, "studio", "Nova  Lumen Pictures")
    again = create(client, "studio", "nova lumen pictures")

    assert first.status_code == 201
    assert first.json()["proposed"] is True
    studio = KINDS.get("studio").model.objects.get(pk=first.json()["id"])
    assert (studio.name, studio.review_status, studio.proposed_by) == (
        "Nova Lumen Pictures",
        "proposed",
        people["contributor"],
    )
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["created"], again.json()["proposed"]) == (studio.pk, False, True)
    assert KINDS.get("studio").model.objects.filter(name__iexact="nova lumen pictures").count() == 1


def test_an_editor_creates_accepted_entities(client, people):
    response = create(as_user(client, people["editor"]), "person", "Quillon Marchbanks")

    assert response.status_code == 201
    assert response.json()["proposed"] is False
    assert KINDS.get("person").model.objects.get(pk=response.json()["id"]).review_status == "accepted"


def test_a_user_who_may_neither_create_nor_propose_gets_403_and_nothing_is_made(client, people):
    response = create(as_user(client, people["other"]), "film", "The Glass Orchard")

    assert response.status_code == 403
    assert "may not create" in response.json()["error"]
    assert not KINDS.get("film").model.objects.exists()


def test_a_bad_name_from_a_contributor_is_a_400_and_nothing_is_made(client, people):
    response = create(as_user(client, people["contributor"]), "studio", " -- ")

    assert response.status_code == 400
    assert "letter or digit" in response.json()["error"]
    assert not KINDS.get("studio").model.objects.exists()


@pytest.mark.parametrize(("role", "action"), [("contributor", "propose"), ("editor", "create"), ("other", "")])
def test_the_autocomplete_search_says_which_button_will_work(client, people, role, action):
    proposal("studio")
    response = as_user(client, people[role]).get(reverse("newsroom_entity_search", args=["studio"]), {"q": "nova"})

    assert response.json()["create"] == action
    assert [(item["label"], item["proposed"]) for item in response.json()["results"]] == [(NAMES["studio"], True)]


@pytest.mark.parametrize(("role", "action"), [("contributor", "propose"), ("editor", "create")])
def test_the_suggestions_panel_offers_contributors_propose_and_editors_create(
    client, people, public_site, role, action
):
    story = ArticlePageFactory(parent=public_site, title="Draft", live=False, owner=people[role])
    html = as_user(client, people[role]).get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()

    actions = json.loads(unescape(re.search(r'data-create-actions="([^"]*)"', html).group(1)))
    assert actions == {"studio": action, "person": action, "film": action, "series": action}


# The dashboard.


@pytest.fixture
def proposed(people, public_site):
    studio = proposal("studio", people["contributor"])
    story = ArticlePageFactory(
        parent=public_site,
        title="Nova signs a deal",
        live=False,
        owner=people["contributor"],
        links={"studios": [studio]},
    )
    story.save_revision()
    return {"studio": studio, "story": story}


def dashboard(client, user) -> str:
    return as_user(client, user).get(reverse("wagtailadmin_home")).content.decode()


def test_editors_see_proposals_with_who_proposed_them_and_the_stories_linking_them(client, people, proposed):
    html = dashboard(client, people["editor"])

    assert "Proposed entities awaiting review" in html
    row = re.search(r'<tr data-proposal="studio-\d+">.*?</tr>', html, re.S).group(0)
    assert NAMES["studio"] in row
    assert "Casey" in row
    assert "Nova signs a deal" in row
    assert reverse("newsroom_proposal_accept", args=["studio", proposed["studio"].pk]) in row
    assert reverse("newsroom_proposal_reject", args=["studio", proposed["studio"].pk]) in row
    assert "Merge into" not in row  # editors may not merge entities
    assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', row)  # the Accept form can be posted


def test_admins_also_see_merge(client, people, proposed):
    row = re.search(r'<tr data-proposal="studio-\d+">.*?</tr>', dashboard(client, people["admin"]), re.S).group(0)

    assert f"{reverse('curation_entity_merge')}?kind=studio&amp;source={proposed['studio'].pk}" in row


def test_contributors_see_no_review_panel(client, people, proposed):
    assert "Proposed entities awaiting review" not in dashboard(client, people["contributor"])


# Accept, reject, merge.


def test_accepting_makes_it_public_and_is_logged(client, people, proposed):
    studio = proposed["studio"]
    url = reverse("newsroom_proposal_accept", args=["studio", studio.pk])

    response = as_user(client, people["editor"]).post(url)

    assert response.status_code == 302
    studio.refresh_from_db()
    assert studio.review_status == "accepted"
    assert ModelLogEntry.objects.filter(action="newsroom.entity.accept", object_id=str(studio.pk)).exists()
    assert as_user(client, people["editor"]).post(url).status_code == 404  # accepted already: nothing to accept


def test_a_contributor_cannot_accept_or_reject(client, people, proposed):
    studio = proposed["studio"]
    as_user(client, people["contributor"])

    assert client.post(reverse("newsroom_proposal_accept", args=["studio", studio.pk])).status_code == 403
    assert client.get(reverse("newsroom_proposal_reject", args=["studio", studio.pk])).status_code == 403
    assert client.post(reverse("newsroom_proposal_reject", args=["studio", studio.pk])).status_code == 403
    studio.refresh_from_db()
    assert studio.review_status == "proposed"


def test_accept_answers_get_with_405_and_unknown_kinds_with_404(client, people, proposed):
    as_user(client, people["editor"])

    assert client.get(reverse("newsroom_proposal_accept", args=["studio", proposed["studio"].pk])).status_code == 405
    assert client.post(reverse("newsroom_proposal_accept", args=["author", 1])).status_code == 404
    assert client.post(reverse("newsroom_proposal_accept", args=["studio", 999999])).status_code == 404


def test_rejecting_asks_first_then_unlinks_it_from_the_story_and_its_draft_and_deletes_it(client, people, proposed):
    studio, story = proposed["studio"], proposed["story"]
    url = reverse("newsroom_proposal_reject", args=["studio", studio.pk])
    as_user(client, people["editor"])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Nova signs a deal" in confirm.content.decode()
    assert KINDS.get("studio").model.objects.filter(pk=studio.pk).exists()

    assert client.post(url).status_code == 302
    assert not KINDS.get("studio").model.objects.filter(pk=studio.pk).exists()
    story = ArticlePage.objects.get(pk=story.pk)
    assert list(story.studios.all()) == []
    assert story.latest_revision.content["studios"] == []
    assert story.latest_revision.as_object().studios.count() == 0  # the draft still opens

    change = CurationChange.objects.get(action="reject_entity")
    curation.undo_change(change, user=people["admin"])
    restored = KINDS.get("studio").model.objects.get(pk=studio.pk)
    assert restored.is_proposed
    story = ArticlePage.objects.get(pk=story.pk)
    assert list(story.studios.all()) == [restored]
    assert story.latest_revision.content["studios"] == [studio.pk]


def test_merging_a_proposal_into_an_existing_entity_keeps_the_story_linked(people, proposed):
    existing = StudioFactory(name="Nova Lumen Studios")

    curation.merge_entities(proposed["studio"], into=existing, user=people["admin"])

    story = ArticlePage.objects.get(pk=proposed["story"].pk)
    assert list(story.studios.all()) == [existing]
    assert NAMES["studio"] in existing.alias_list


def test_merging_a_public_entity_into_a_proposal_makes_the_survivor_public_and_undo_restores_both(people, proposed):
    public = StudioFactory(name="Nova Lumen Studios")

    result = curation.merge_entities(public, into=proposed["studio"], user=people["admin"])

    survivor = type(public).objects.get(pk=proposed["studio"].pk)
    assert not survivor.is_proposed
    assert type(public).objects.public().filter(pk=survivor.pk).exists()

    curation.undo_change(CurationChange.objects.get(pk=result.change_id), user=people["admin"])

    survivor.refresh_from_db()
    assert survivor.is_proposed
    assert type(public).objects.public().filter(name="Nova Lumen Studios").exists()


def test_merging_a_proposal_into_a_proposal_leaves_it_for_review(people, proposed):
    other = StudioFactory(name="Nova Lumen Pictures", review_status="proposed", proposed_by=people["contributor"])

    curation.merge_entities(other, into=proposed["studio"], user=people["admin"])

    assert type(other).objects.get(pk=proposed["studio"].pk).is_proposed


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_accepting_shows_it_at_once_on_the_cached_pages_of_its_stories(client, settings, home_page):
    settings.NEWSROOM_PAGE_CACHE = True
    settings.NEWSROOM_TAGGED_CACHE = True
    cache.clear()
    topic = TopicPageFactory(parent=home_page, title="Movie News", slug="movie-news")
    studio = proposal("studio")
    story = ArticlePageFactory(parent=topic, title="Nova signs a deal", links={"studios": [studio]})
    TopicPageFactory(parent=home_page, title="Watch", slug="watch", rules={"studios": [studio]})
    for url in (story.url, "/watch/"):
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        assert NAMES["studio"] not in response.content.decode(), url

    curation.accept_entity(studio)

    for url in (story.url, "/watch/"):
        assert NAMES["studio"] in client.get(url).content.decode(), url

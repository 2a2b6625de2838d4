"""The article editor's "Suggested entities" panel, its endpoint and the inline create it relies on."""

import json
import re
from html import unescape

import factory
import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry

from articles.admin.suggestions import MAX_FACTS
from articles.models import FilmCompany, FilmCredit, Person, PersonAffiliation

from ..factories import ArticlePageFactory, FilmFactory, PersonFactory, StudioFactory, TopicPageFactory

pytestmark = pytest.mark.django_db

TEXT = "STX Entertainment signed the deal. The film is directed by Jane Examplewoman. Robert Zemeckis produces."
SUGGEST = "newsroom_suggest_entities"


@pytest.fixture
def known():
    return {
        "studio": StudioFactory(name="STX Entertainment"),
        "person": PersonFactory(name="Robert Zemeckis"),
        "film": FilmFactory(name="Steel Soldiers"),
    }


@pytest.fixture
def writer(django_user_model, topic_page):
    """A desk writer who may open the admin and add stories under ``topic_page`` only."""
    user = django_user_model.objects.create_user("writer", "writer@example.com", "writer-password-1")
    group = Group.objects.create(name="Desk writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=topic_page, permission_type="add")
    GroupPagePermission.objects.create(group=group, page=topic_page, permission_type="change")
    user.groups.add(group)
    return user


def test_endpoint_groups_known_matches_by_field_and_lists_new_candidates(admin_client, known):
    """An editor sees the studio and person named in the unsaved text, each under its field, plus new names."""
    response = admin_client.post(reverse(SUGGEST), {"title": "A deal", "standfirst": "", "body": TEXT})

    assert response.status_code == 200
    data = response.json()
    assert set(data["matches"]) == {"studios", "people", "films", "series"}
    assert [(m["id"], m["name"], m["selected"]) for m in data["matches"]["studios"]] == [
        (known["studio"].pk, "STX Entertainment", False)
    ]
    assert [m["id"] for m in data["matches"]["people"]] == [known["person"].pk]
    assert data["matches"]["films"] == []
    jane = next(item for item in data["candidates"] if item["name"] == "Jane Examplewoman")
    assert (jane["type"], jane["field"], jane["id"]) == ("person", "people", None)
    assert jane["evidence"], "a candidate says why it was proposed"


def test_endpoint_reads_the_title_and_standfirst_too(admin_client, known):
    """Names in the headline and standfirst count, not only the body."""
    data = admin_client.post(
        reverse(SUGGEST), {"title": "Steel Soldiers gets a sequel", "standfirst": "Robert Zemeckis returns."}
    ).json()
    assert [m["name"] for m in data["matches"]["films"]] == ["Steel Soldiers"]
    assert [m["name"] for m in data["matches"]["people"]] == ["Robert Zemeckis"]


def test_endpoint_flags_entities_already_chosen_in_the_unsaved_form(admin_client, known):
    """Entities the editor has already picked (not yet saved) are marked as on the article; junk ids are ignored."""
    data = admin_client.post(
        reverse(SUGGEST),
        {"body": TEXT, "studios": [str(known["studio"].pk), "nonsense"], "people": ["-1", "9" * 40, "²"]},
    ).json()
    assert data["matches"]["studios"][0]["selected"] is True
    assert data["matches"]["people"][0]["selected"] is False


def test_endpoint_refuses_anonymous_and_non_admin_users(client, django_user_model, known):
    """Only people who may use the admin get suggestions."""
    url = reverse(SUGGEST)
    anonymous = client.post(url, {"body": TEXT})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client.post(url, {"body": TEXT}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403

    django_user_model.objects.create_user("reader", "reader@example.com", "reader-password-1")
    client.login(username="reader", password="reader-password-1")
    assert client.post(url, {"body": TEXT}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    assert client.post(url, {"body": TEXT}).status_code == 302


def test_endpoint_needs_permission_to_write_pages(client, django_user_model, known):
    """Admin access alone (for example a snippet curator) is not enough: the user must be able to edit pages."""
    user = django_user_model.objects.create_user("curator", "curator@example.com", "curator-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.post(reverse(SUGGEST), {"body": TEXT})
    assert response.status_code == 403
    assert "permission" in response.json()["error"]


def test_endpoint_checks_the_page_being_edited(client, writer, topic_page, home_page, known):
    """A writer gets suggestions for stories in their section but not for a page they cannot edit."""
    client.force_login(writer)
    url = reverse(SUGGEST)
    own = ArticlePageFactory(parent=topic_page)
    other = ArticlePageFactory(parent=TopicPageFactory(parent=home_page, title="Elsewhere", slug="elsewhere"))

    assert client.post(url, {"body": TEXT, "page": own.pk}).status_code == 200
    assert client.post(url, {"body": TEXT, "parent": topic_page.pk}).status_code == 200
    assert client.post(url, {"body": TEXT, "page": other.pk}).status_code == 403
    assert client.post(url, {"body": TEXT, "parent": home_page.pk}).status_code == 403
    unknown = client.post(url, {"body": TEXT, "page": "x1"})
    assert unknown.status_code == 400 and unknown.json()["error"] == "Unknown page."
    assert client.post(url, {"body": TEXT, "parent": "9" * 40}).status_code == 400
    assert client.post(url, {"body": TEXT, "page": "²"}).status_code == 400


def test_endpoint_rejects_oversize_text_and_get(admin_client, known):
    """A huge paste gets a clear 400 instead of tying up the server; the endpoint only answers POST."""
    url = reverse(SUGGEST)
    response = admin_client.post(url, {"title": "A deal", "body": "x" * 200_000})
    assert response.status_code == 400
    assert "too long" in response.json()["error"]
    assert admin_client.post(url, {"body": "x" * 199_000}).status_code == 200
    assert admin_client.get(url).status_code == 405


def test_endpoint_needs_a_csrf_token(client, django_user_model, known):
    """The endpoint is protected like any admin form post."""
    from django.test import Client

    django_user_model.objects.create_superuser("boss", "boss@example.com", "boss-password-1")
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="boss", password="boss-password-1")
    assert strict.post(reverse(SUGGEST), {"body": TEXT}).status_code == 403


def test_the_panel_tops_the_entities_tab_of_the_article_editor(admin_client, topic_page, known):
    """Editing a story shows the panel, with its script, above the studios field on the Entities tab."""
    story = ArticlePageFactory(parent=topic_page)
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    entities_tab = html[html.index('id="tab-entities_tags"') :]
    assert entities_tab.index('class="newsroom-suggestions"') < entities_tab.index('name="studios"')
    assert 'data-suggest-url="/admin/newsroom/suggest-entities/"' in html
    assert 'data-add-fact-url="/admin/newsroom/suggest-entities/add-fact/"' in html
    assert f'data-page-id="{story.pk}"' in html
    create_urls = json.loads(unescape(re.search(r'data-create-urls="([^"]*)"', html).group(1)))
    assert create_urls["person"] == "/admin/newsroom/entities/person/create/"
    fields = json.loads(unescape(re.search(r'data-fields="([^"]*)"', html).group(1)))
    assert fields == {"studios": "Studios", "people": "People", "films": "Films", "series": "Series"}
    assert 'aria-live="polite"' in html
    assert "articles/admin/suggestions.js" in html and "articles/admin/suggestions.css" in html


def test_the_panel_is_on_the_new_article_form(admin_client, topic_page):
    """A story not yet saved has the panel too, checked against the section it is being written in."""
    response = admin_client.get(reverse("wagtailadmin_pages:add", args=["articles", "articlepage", topic_page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="newsroom-suggestions"' in html
    assert f'data-parent-id="{topic_page.pk}"' in html and 'data-page-id=""' in html


def test_create_and_add_validates_the_new_entity(admin_client, client, writer, known):
    """Creating a suggested name makes the entity once; a blank name or a writer without rights gets a clear no."""
    url = reverse("newsroom_entity_create", args=["person"])
    created = admin_client.post(url, {"name": "Jane  Examplewoman"})
    assert created.status_code == 201
    person = Person.objects.get(name="Jane Examplewoman")
    assert created.json() == {
        "id": person.pk,
        "label": "Jane Examplewoman",
        "created": True,
        "proposed": False,
    }

    again = admin_client.post(url, {"name": "jane examplewoman"})
    assert again.status_code == 200 and again.json()["id"] == person.pk
    assert Person.objects.filter(name__iexact="jane examplewoman").count() == 1

    blank = admin_client.post(url, {"name": "   "})
    assert blank.status_code == 400 and blank.json()["error"]

    client.force_login(writer)
    refused = client.post(reverse("newsroom_entity_create", args=["studio"]), {"name": "Examplewoman Pictures"})
    assert refused.status_code == 403 and "studios" in refused.json()["error"]


# Facts (issue #17 item 3) ------------------------------------------------------------------------------------

ADD_FACT = "newsroom_add_fact"
FACTS_TEXT = (
    "Steel Soldiers, directed by Robert Zemeckis, starts shooting in May. "
    "STX Entertainment will distribute Steel Soldiers in China. "
    "The film was announced by Robert Zemeckis, President of STX Entertainment."
)


def _facts(client) -> list[dict]:
    response = client.post(reverse(SUGGEST), {"title": "A deal", "body": FACTS_TEXT})
    assert response.status_code == 200
    return response.json()["facts"]


def _credit(known, **changes) -> dict:
    data = {"kind": "credit", "subject": known["person"].pk, "target": known["film"].pk, "role": "director"}
    return {**data, **changes}


def test_payload_lists_the_facts_the_text_states_with_their_sentence(admin_client, known):
    """A credit, a company role with its territory and an affiliation with its title, each with its evidence."""
    facts = {
        (f["kind"], f["subject"]["id"], f["target"]["id"], f["role"], f["territory"], f["title"]): f
        for f in _facts(admin_client)
    }
    person, studio, film = known["person"].pk, known["studio"].pk, known["film"].pk
    assert set(facts) == {
        ("credit", person, film, "director", "", ""),
        ("company", studio, film, "distributor", "China", ""),
        ("affiliation", person, studio, "", "", "President"),
    }
    credit = facts[("credit", person, film, "director", "", "")]
    assert credit["evidence"]["text"] == "Steel Soldiers, directed by Robert Zemeckis, starts shooting in May."
    assert credit["label"] == "Robert Zemeckis — Director of Steel Soldiers"
    assert credit["can_add"] is True
    assert facts[("company", studio, film, "distributor", "China", "")]["label"] == (
        "STX Entertainment — Distributor of Steel Soldiers (China)"
    )


def test_payload_leaves_out_facts_the_database_already_holds(admin_client, known):
    """A credit, company role or affiliation already recorded is not suggested again; another role still is."""
    FilmCredit.objects.create(film=known["film"], person=known["person"], role="director")
    FilmCompany.objects.create(film=known["film"], studio=known["studio"], role="distributor", territory="china")
    PersonAffiliation.objects.create(person=known["person"], studio=known["studio"], title="Chairman")
    assert [(f["kind"], f["title"]) for f in _facts(admin_client)] == [("affiliation", "President")]


def test_adding_a_fact_creates_the_row_once_and_purges_both_pages(
    admin_client, known, monkeypatch, django_capture_on_commit_callbacks
):
    """One click records the credit on the film (and logs the edit); a second click changes nothing; the change
    pipeline purges the film's and the person's pages."""
    purged: list[str] = []
    monkeypatch.setattr("articles.signals.cache.purge", lambda *tags: purged.extend(tags))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse(ADD_FACT), _credit(known))
    assert response.status_code == 201 and response.json()["created"] is True
    credit = FilmCredit.objects.get()
    assert (credit.film, credit.person, credit.role) == (known["film"], known["person"], "director")
    assert {f"film:{known['film'].pk}", f"person:{known['person'].pk}"} <= set(purged)
    assert ModelLogEntry.objects.filter(object_id=str(known["film"].pk), action="wagtail.edit").exists()

    again = admin_client.post(reverse(ADD_FACT), _credit(known))
    assert again.status_code == 200 and again.json() == {"id": credit.pk, "created": False, "label": str(credit)}
    assert FilmCredit.objects.count() == 1


def test_adding_company_roles_and_affiliations(admin_client, known):
    """A company row keeps its territory (the same territory in other case is the same row); an affiliation its
    title."""
    company = {"kind": "company", "subject": known["studio"].pk, "target": known["film"].pk, "role": "distributor"}
    assert admin_client.post(reverse(ADD_FACT), {**company, "territory": "Greater  China"}).status_code == 201
    assert admin_client.post(reverse(ADD_FACT), {**company, "territory": "greater china"}).status_code == 200
    assert admin_client.post(reverse(ADD_FACT), {**company, "territory": "Japan"}).status_code == 201
    assert sorted(FilmCompany.objects.values_list("territory", flat=True)) == ["Greater China", "Japan"]

    affiliation = {"kind": "affiliation", "subject": known["person"].pk, "target": known["studio"].pk, "role": ""}
    assert admin_client.post(reverse(ADD_FACT), {**affiliation, "title": "President"}).status_code == 201
    row = PersonAffiliation.objects.get()
    assert (row.person, row.studio, row.title) == (known["person"], known["studio"], "President")


def test_adding_a_fact_needs_permission_to_change_its_film_or_person(client, writer, known, django_user_model):
    """A writer without "change film" is refused and not offered the button; "change person" allows
    affiliations only."""
    client.force_login(writer)
    refused = client.post(reverse(ADD_FACT), _credit(known))
    assert refused.status_code == 403 and "films" in refused.json()["error"]
    assert {f["can_add"] for f in client.post(reverse(SUGGEST), {"body": FACTS_TEXT}).json()["facts"]} == {False}

    writer.user_permissions.add(Permission.objects.get(codename="change_person"))
    writer = django_user_model.objects.get(pk=writer.pk)  # permissions are cached on the instance
    client.force_login(writer)
    affiliation = {"kind": "affiliation", "subject": known["person"].pk, "target": known["studio"].pk, "role": ""}
    assert client.post(reverse(ADD_FACT), {**affiliation, "title": "President"}).status_code == 201
    assert client.post(reverse(ADD_FACT), _credit(known)).status_code == 403
    assert FilmCredit.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": "rumour"}, "Unknown kind of fact"),
        ({"role": "caterer"}, "Unknown role"),
        ({"subject": "x1"}, "by id"),
        ({"target": "9" * 40}, "by id"),
        ({"subject": ""}, "by id"),
        ({"target": "999999"}, "no longer exists"),
    ],
)
def test_adding_a_malformed_or_stale_fact_is_a_clear_400(admin_client, known, changes, message):
    """Junk, an unknown role or an entity deleted since the suggestions ran: 400 with the reason, no row."""
    response = admin_client.post(reverse(ADD_FACT), _credit(known, **changes))
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert FilmCredit.objects.count() == 0


def test_adding_a_fact_is_a_csrf_protected_post(admin_client, known, django_user_model):
    """GET is refused; a post without the CSRF token changes nothing."""
    from django.test import Client

    assert admin_client.get(reverse(ADD_FACT)).status_code == 405
    django_user_model.objects.create_superuser("boss", "boss@example.com", "boss-password-1")
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="boss", password="boss-password-1")
    assert strict.post(reverse(ADD_FACT), _credit(known)).status_code == 403
    assert FilmCredit.objects.count() == 0


def test_an_overlong_title_or_territory_is_a_clear_400(admin_client, known):
    """What the row cannot hold is refused with the field's own message, not cut short or a 500."""
    affiliation = {"kind": "affiliation", "subject": known["person"].pk, "target": known["studio"].pk, "role": ""}
    response = admin_client.post(reverse(ADD_FACT), {**affiliation, "title": "Head of " + "x" * 200})
    assert response.status_code == 400 and "at most 150 characters" in response.json()["error"]
    company = {"kind": "company", "subject": known["studio"].pk, "target": known["film"].pk, "role": "distributor"}
    response = admin_client.post(reverse(ADD_FACT), {**company, "territory": "y" * 101})
    assert response.status_code == 400 and "at most 100 characters" in response.json()["error"]
    assert admin_client.post(reverse(ADD_FACT), {**affiliation, "role": "director"}).status_code == 400
    assert admin_client.post(reverse(ADD_FACT), {**affiliation, "title": "Vice\x00President"}).status_code == 201
    assert PersonAffiliation.objects.get().title == "Vice President"
    PersonAffiliation.objects.all().delete()
    assert not PersonAffiliation.objects.exists() and not FilmCompany.objects.exists()


def test_a_story_stating_hundreds_of_facts_gets_the_strongest_hundred(admin_client, known):
    """A pasted filmography is answered, not a database error: at most ``MAX_FACTS`` facts, recorded ones left out
    whichever batch they fall in."""
    films = FilmFactory.create_batch(150, name=factory.Sequence(lambda n: f"Harbor Lights {n}"))
    FilmCredit.objects.create(film=films[5], person=known["person"], role="director")
    body = "\n".join(f"{film.name}, directed by Robert Zemeckis, opened in {1950 + n}." for n, film in enumerate(films))
    response = admin_client.post(reverse(SUGGEST), {"body": body})
    assert response.status_code == 200
    facts = response.json()["facts"]
    assert len(facts) == MAX_FACTS
    assert {fact["target"]["id"] for fact in facts} == {film.pk for film in films[: MAX_FACTS + 1]} - {films[5].pk}

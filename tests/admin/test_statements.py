"""Business statements in the suggestions panel (``linking.statements``): the panel asks every registered finder
and records a chosen statement through it, in a transaction, with the finder's permission."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.linking import statements
from articles.models import Film

from ..factories import ArticlePageFactory, ExchangeRateFactory, FilmFactory

pytestmark = pytest.mark.django_db

SUGGEST = "newsroom_suggest_entities"
ADD = "newsroom_add_statement"


def _find_loglines(text, matches):
    """Test finder: "<film> is about <logline>." for a film the matcher found."""
    films = {match.name: match for match in matches if match.entity_type == "film"}
    for found in re.finditer(r"(?P<film>[A-Z][\w ]+?) is about (?P<logline>[^.]+)\.", text):
        match = films.get(found["film"])
        if match is not None:
            yield statements.Statement(
                kind="logline",
                label=f"{match.name} — logline",
                payload={"film": match.entity_id, "logline": found["logline"]},
                confidence=0.9,
                evidence=found[0],
                start=found.start(),
                end=found.end(),
            )


def _add_logline(payload, user):
    film = Film.objects.filter(pk=payload.get("film")).first()
    if film is None:
        raise ValidationError("That film no longer exists.")
    film.logline = str(payload.get("logline", ""))
    film.save(update_fields=["logline"])
    if film.logline == "forbidden":
        # Written first, refused after: the view's transaction must undo the write.
        raise ValidationError("Loglines may not say that.")
    return f"Recorded the logline of {film.name}."


@pytest.fixture
def logline_finder():
    finder = statements.register(
        statements.Finder(
            kind="logline", label="Loglines", find=_find_loglines, add=_add_logline, permission="articles.change_film"
        )
    )
    yield finder
    del statements.FINDERS["logline"]


@pytest.fixture
def film():
    return FilmFactory(name="Steel Soldiers", logline="")


def test_the_panel_lists_what_each_finder_finds_under_its_label(admin_client, logline_finder, film):
    text = "Steel Soldiers is about soldiers made of steel. Nothing else."
    data = admin_client.post(reverse(SUGGEST), {"title": "", "standfirst": "", "body": text}).json()

    [statement] = [item for item in data["statements"] if item["kind"] == "logline"]
    assert statement["group"] == "Loglines"
    assert statement["label"] == "Steel Soldiers — logline"
    assert statement["payload"] == {"film": film.pk, "logline": "soldiers made of steel"}
    assert statement["evidence"]["text"] == "Steel Soldiers is about soldiers made of steel."
    assert statement["can_add"] is True


def test_adding_a_statement_records_it_through_its_finder(admin_client, logline_finder, film):
    payload = json.dumps({"film": film.pk, "logline": "soldiers made of steel"})
    response = admin_client.post(reverse(ADD), {"kind": "logline", "payload": payload})

    assert response.status_code == 200
    assert response.json() == {"message": "Recorded the logline of Steel Soldiers."}
    film.refresh_from_db()
    assert film.logline == "soldiers made of steel"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "nonsense", "payload": "{}"}, "Unknown kind of statement"),
        ({"kind": "logline", "payload": "not json"}, "missing or malformed"),
        ({"kind": "logline", "payload": "[1, 2]"}, "missing or malformed"),
        ({"kind": "logline", "payload": "x" * 20_000}, "missing or malformed"),
        ({"kind": "logline", "payload": json.dumps({"film": 0})}, "That film no longer exists."),
    ],
)
def test_a_malformed_statement_is_a_clear_400(admin_client, logline_finder, film, data, message):
    response = admin_client.post(reverse(ADD), data)

    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_refused_statement_writes_nothing(admin_client, logline_finder, film):
    payload = json.dumps({"film": film.pk, "logline": "forbidden"})
    response = admin_client.post(reverse(ADD), {"kind": "logline", "payload": payload})

    assert response.status_code == 400
    assert response.json()["error"] == "Loglines may not say that."
    film.refresh_from_db()
    assert film.logline == ""


def test_adding_needs_the_finders_permission(client, django_user_model, logline_finder, film):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("desk", "desk@example.com", "desk-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    payload = json.dumps({"film": film.pk, "logline": "soldiers made of steel"})

    response = client.post(reverse(ADD), {"kind": "logline", "payload": payload})

    assert response.status_code == 403
    film.refresh_from_db()
    assert film.logline == ""


def test_adding_is_a_post(admin_client, logline_finder):
    assert admin_client.get(reverse(ADD)).status_code == 405


def test_the_story_being_edited_dates_the_statement(admin_client, logline_finder, film, topic_page):
    from articles.admin.suggestions import add_statement_view  # noqa: F401 - the view under test

    seen = {}

    def remember(payload, user):
        seen.update(payload)
        return "ok"

    statements.FINDERS["logline"] = statements.Finder(
        kind="logline", label="Loglines", find=_find_loglines, add=remember, permission="articles.change_film"
    )
    story = ArticlePageFactory(parent=topic_page, title="A story")
    payload = json.dumps({"film": film.pk})
    data = {"kind": "logline", "payload": payload, "page": story.pk, "date": "2015-08-02"}
    assert admin_client.post(reverse(ADD), data).status_code == 200
    assert seen == {"film": film.pk, "article": story.pk, "date": "2015-08-02"}
    # A date that does not exist is left out; a page that does not exist is refused.
    seen.clear()
    assert admin_client.post(reverse(ADD), {**data, "date": "2015-02-30"}).status_code == 200
    assert "date" not in seen
    assert admin_client.post(reverse(ADD), {**data, "page": "999999"}).status_code == 400


def test_the_panel_offers_release_dates_grosses_and_status_changes_from_real_finders(admin_client, topic_page):
    """The registered finders (releases, box office, slate) answer through the panel, and one click records each."""
    from articles.models import Gross, Release, StatusChange

    real = FilmFactory(name="Steel Soldiers", year=2026)
    ExchangeRateFactory(currency="CNY", date=datetime.date(2026, 11, 27), usd_rate="0.1400")
    story = ArticlePageFactory(parent=topic_page, title="Business roundup")
    text = (
        "Steel Soldiers opens in China on March 3, 2027. "
        "Steel Soldiers has grossed $137 million in China. "
        "Steel Soldiers starts production in May 2026."
    )
    data = admin_client.post(reverse(SUGGEST), {"title": "", "standfirst": "", "body": text, "page": story.pk}).json()
    groups = {statement["group"] for statement in data["statements"]}
    assert {"Release dates", "Box office", "Production status"} <= groups, data["statements"]
    for statement in data["statements"]:
        if statement["group"] in ("Release dates", "Box office", "Production status"):
            response = admin_client.post(
                reverse(ADD),
                {
                    "kind": statement["kind"],
                    "payload": json.dumps(statement["payload"]),
                    "page": story.pk,
                    "date": "2026-12-01",
                },
            )
            assert response.status_code == 200, response.json()
    assert Release.objects.filter(film=real, territory="CN").exists()
    assert Gross.objects.filter(film=real).exists()
    assert StatusChange.objects.filter(film=real).exists()

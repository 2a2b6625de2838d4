"""Business statements in the suggestions panel (``linking.statements``): the panel asks every registered finder
and records a chosen statement through it, in a transaction, with the finder's permission."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.linking import statements
from articles.models import Film

from ..factories import FilmFactory

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

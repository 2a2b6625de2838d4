"""Award statements in story text ("won the Palme d'Or", "won Best Actor at the 88th Academy Awards", "nominated
for Best Picture") between known entities and known categories, and recording them in one click."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from articles.linking import Match, Mention, statements
from articles.linking.award_statements import add, find
from articles.models import AwardCategory, AwardCeremony, AwardEdition, AwardNomination

from ..factories import FilmFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards():
    oscars = AwardCeremony.objects.create(name="Academy Awards", aliases="Oscars")
    cannes = AwardCeremony.objects.create(name="Cannes Film Festival", aliases="Cannes", kind="festival")
    categories = {
        "picture": AwardCategory.objects.create(ceremony=oscars, name="Best Picture", honours="film"),
        "actor": AwardCategory.objects.create(ceremony=oscars, name="Best Actor", honours="person"),
        "director": AwardCategory.objects.create(ceremony=oscars, name="Best Director", honours="person"),
        "palme": AwardCategory.objects.create(ceremony=cannes, name="Palme d'Or", honours="film"),
    }
    editions = {
        "88th": AwardEdition.objects.create(ceremony=oscars, number=88, year=2016, date=datetime.date(2016, 2, 28)),
        "87th": AwardEdition.objects.create(ceremony=oscars, number=87, year=2015),
        "cannes": AwardEdition.objects.create(ceremony=cannes, number=69, year=2016),
    }
    entities = {
        "spotlight": FilmFactory(name="Spotlight", year=2015),
        "revenant": FilmFactory(name="The Revenant", year=2015),
        "blake": FilmFactory(name="I, Daniel Blake", year=2016),
        "dicaprio": PersonFactory(name="Leonardo DiCaprio"),
        "inarritu": PersonFactory(name="Alejandro G. Iñárritu"),
    }
    return {"categories": categories, "editions": editions, "entities": entities}


def matches(text: str, *entities) -> list[Match]:
    """The matcher's answer for these entities: every place their names appear."""
    found = []
    for entity in entities:
        mentions, start = [], text.find(entity.name)
        while start >= 0:
            mentions.append(Mention(start, start + len(entity.name), entity.name, "name"))
            start = text.find(entity.name, start + 1)
        if mentions:
            found.append(Match(entity.entity_type, entity.pk, entity.name, 0.9, mentions))
    return found


def found(text: str, awards) -> list:
    return find(text, matches(text, *awards["entities"].values()))


def test_a_win_at_a_named_edition_is_found(awards):
    text = "Leonardo DiCaprio won Best Actor for The Revenant at the 88th Academy Awards on Sunday."
    [statement] = found(text, awards)
    e = awards["entities"]
    assert statement.kind == "award"
    assert statement.payload == {
        "edition": awards["editions"]["88th"].pk,
        "category": awards["categories"]["actor"].pk,
        "person": e["dicaprio"].pk,
        "film": e["revenant"].pk,
        "won": True,
    }
    assert statement.label == "Leonardo DiCaprio for The Revenant — won Best Actor, 88th Academy Awards"
    assert statement.evidence == text


def test_initials_and_titles_do_not_end_a_sentence(awards):
    text = "Mr. Iñárritu's film was long. Alejandro G. Iñárritu won Best Director for The Revenant at the 2016 Oscars."
    [statement] = found(text, awards)
    assert statement.payload["person"] == awards["entities"]["inarritu"].pk
    assert statement.evidence.startswith("Alejandro G. Iñárritu won")


def test_the_edition_is_inferred_from_the_films_year_by_the_kind_of_ceremony(awards):
    [palme] = found("Ken Loach's I, Daniel Blake won the Palme d'Or.", awards)
    assert palme.payload["edition"] == awards["editions"]["cannes"].pk  # a festival: the film's own year
    [picture] = found("Spotlight, the newsroom drama, was nominated for Best Picture.", awards)
    assert picture.payload["edition"] == awards["editions"]["88th"].pk  # an awards show: the year after
    assert picture.payload["won"] is False and picture.confidence < palme.confidence + 0.2


def test_a_ceremony_named_before_the_category_is_understood(awards):
    [statement] = found("Leonardo DiCaprio finally won the Oscar for Best Actor at the 2016 Academy Awards.", awards)
    assert statement.payload["category"] == awards["categories"]["actor"].pk
    assert statement.payload["edition"] == awards["editions"]["88th"].pk


@pytest.mark.parametrize(
    "text",
    [
        "The Revenant won Best Actor at the 88th Academy Awards.",  # a film cannot win an acting award
        "Leonardo DiCaprio won Best Picture at the 88th Academy Awards.",  # a person cannot win Best Picture
        "Spotlight won Best Editing at the 88th Academy Awards.",  # no such category
        "Leonardo DiCaprio won Best Actor.",  # no edition to pin it to
        "Spotlight won Best Picture at the 12th Academy Awards.",  # no such edition
        "Spotlight, which many critics said deserved far more attention than it got at the time, won Best Picture.",
        "Leonardo DiCaprio praised the film. Spotlight won nothing.",
        "Critics said Spotlight would have won Best Picture in another year.",
    ],
)
def test_precision_over_recall(awards, text):
    assert found(text, awards) == [], text


def test_what_is_recorded_is_left_out_and_a_recorded_nomination_can_become_a_win(awards):
    e, c, ed = awards["entities"], awards["categories"], awards["editions"]
    AwardNomination.objects.create(edition=ed["88th"], category=c["picture"], film=e["spotlight"])
    assert found("Spotlight was nominated for Best Picture at the 88th Academy Awards.", awards) == []
    [win] = found("Spotlight won Best Picture at the 88th Academy Awards.", awards)
    assert win.payload["won"] is True


def test_a_text_without_award_verbs_runs_no_query(awards, django_assert_num_queries):
    text = "Spotlight opens in China next week."
    with django_assert_num_queries(0):
        assert find(text, matches(text, awards["entities"]["spotlight"])) == []


def test_add_records_a_statement_as_the_admin_would(awards, admin_user):
    [statement] = found("Leonardo DiCaprio won Best Actor for The Revenant at the 88th Academy Awards.", awards)
    message = add(statement.payload, admin_user)
    assert message.startswith("Recorded: Leonardo DiCaprio for The Revenant — Best Actor (won)")
    row = AwardNomination.objects.get()
    assert (row.person, row.film, row.won) == (awards["entities"]["dicaprio"], awards["entities"]["revenant"], True)
    assert add(statement.payload, admin_user).startswith("Already recorded")
    assert AwardNomination.objects.count() == 1


def test_add_turns_a_recorded_nomination_into_the_win(awards, admin_user):
    e, c, ed = awards["entities"], awards["categories"], awards["editions"]
    row = AwardNomination.objects.create(edition=ed["88th"], category=c["picture"], film=e["spotlight"])
    payload = {"edition": ed["88th"].pk, "category": c["picture"].pk, "film": e["spotlight"].pk, "won": True}
    assert add(payload, admin_user).startswith("Recorded the win")
    row.refresh_from_db()
    assert row.won


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"film": "revenant", "won": True}, "Best Picture has one winner"),  # Spotlight has won already
        ({"film": "blake"}, r"I, Daniel Blake \(2016\) was made after the 87th Academy Awards"),
        ({"person": "dicaprio", "film": None}, "Best Picture honours a film"),
        ({"edition": 999999}, "no longer exists"),
        ({"film": "x"}, "film is not valid"),
        ({"won": "yes"}, "won is not valid"),
    ],
)
def test_add_refuses_what_the_admin_refuses_and_writes_nothing(awards, admin_user, change, message):
    e, c, ed = awards["entities"], awards["categories"], awards["editions"]
    AwardNomination.objects.create(edition=ed["87th"], category=c["picture"], film=e["spotlight"], won=True)
    payload = {"edition": ed["87th"].pk, "category": c["picture"].pk, "film": e["spotlight"].pk, "won": False}
    for name, value in change.items():
        payload[name] = e[value].pk if value in e else value
    payload = {name: value for name, value in payload.items() if value is not None}
    before = list(AwardNomination.objects.values_list("pk", "won"))
    with pytest.raises(ValidationError, match=message):
        add(payload, admin_user)
    assert list(AwardNomination.objects.values_list("pk", "won")) == before


def test_the_finder_is_registered_with_the_statements_registry():
    finder = next(finder for finder in statements.finders() if finder.kind == "award")
    assert finder.find is find and finder.add is add
    assert finder.permission == "articles.add_awardnomination"

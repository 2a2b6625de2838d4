"""TV series in article text (articles/linking/series.py): new names typed as series from television's words, with
evidence; films stay films; a known one-word series needs context as a one-word film does."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.linking import Gazetteer
from articles.linking import evaluation as ev

KNOWN = [
    ("studio", 1, "HBO", []),
    ("studio", 2, "Netflix", []),
    ("person", 3, "Pedro Pascal", []),
    ("series", 4, "Wednesday", []),
    ("series", 5, "Lost", []),
    ("film", 6, "Evil Dead Rise", []),
]
EVALUATION_SET = Path(__file__).resolve().parent.parent / "fixtures" / "recognition" / "stories"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_names(KNOWN)


def candidates(gazetteer: Gazetteer, text: str) -> dict[str, str]:
    """Candidate name → its type."""
    return {c.name: c.entity_type for c in gazetteer.suggest(text).candidates}


@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        (
            "Pedro Pascal stars in the HBO series The Last of Us, which returns in April.",
            "The Last of Us",
            "HBO series …",
        ),
        ("Netflix's Stranger Things returns for a fifth season next year.", "Stranger Things", "… returns for a fifth"),
        ("Dan Erickson, the showrunner of Severance, wrote the finale first.", "Severance", "showrunner of …"),
        ("The streamer renewed Abbott Elementary for a fifth season.", "Abbott Elementary", "renewed …"),
        ("Vikings, which ran six seasons on History, ends its run.", "Vikings", "…, which ran six seasons"),
        ("Succession's fourth and final season aired in the spring.", "Succession", "…'s fourth and final season"),
        ("Kim's TV drama My Love Story made him a star in China.", "My Love Story", "TV drama …"),
        ("The Bear won comedy series at the ceremony.", "The Bear", "… won comedy series"),
        ("The cable network cancelled the limited series Beef after one run.", "Beef", "limited series …"),
        ("Slow Horses season two premiered on Friday.", "Slow Horses", "… season two"),
        ("Viewers chose Dark Matter among streaming shows.", "Dark Matter", "… among streaming shows"),
    ],
)
def test_new_series_are_typed_from_the_words_of_television(gazetteer, text, name, rule):
    """The issue's examples and their kin: the candidate is a series, and its evidence names the words that said so."""
    found = {c.name: c for c in gazetteer.suggest(text).candidates}
    assert found[name].entity_type == "series"
    assert any(rule in e.rule for e in found[name].evidence), found[name].evidence


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A film franchise is a series of films.
        ("It is the best start for any film in the Dark Harvest series that Sam Raimi began.", "Dark Harvest"),
        # A streamer's possessive names films too; awards season is not television.
        (
            "Netflix's The Power of the Dog, the favourite for much of the season, won one award.",
            "The Power of the Dog",
        ),
        ("The film series Morning Glory had three entries.", "Morning Glory"),
    ],
)
def test_films_stay_films(gazetteer, text, name):
    """Words shared by films and series ("series" after a name, a streamer's possessive, "season") are no proof."""
    assert candidates(gazetteer, text)[name] == "film"


def test_a_cue_before_an_owner_is_not_a_series(gazetteer):
    """ "renewed Jimmy Kimmel's contract": the name owns what was renewed."""
    assert candidates(gazetteer, "The network renewed Jimmy Kimmel's contract.").get("Jimmy Kimmel") == "person"


def test_an_episode_title_is_no_candidate(gazetteer):
    """An episode's title is neither a film nor a series."""
    text = 'Mark Mylod won for directing the episode "Crimson Sky." Armstrong won for the finale, "With Open Eyes."'
    found = candidates(gazetteer, text)
    assert "Crimson Sky" not in found
    assert "With Open Eyes" not in found


def test_a_seasons_number_is_left_out_of_the_series_name(gazetteer):
    """ "Stranger Things 4" is the fourth season of Stranger Things; a film's number stays ("Inside Out 2")."""
    found = candidates(gazetteer, "Viewing was second only to Stranger Things 4 among English-language series.")
    assert found == {"Stranger Things": "series"}


def test_a_day_is_a_new_series_only_when_television_says_so():
    """ "renewed Thursday" names a show; "on Thursday" a day."""
    gazetteer = Gazetteer.from_names([("studio", 1, "Netflix", [])])
    assert candidates(gazetteer, "Netflix renewed Thursday for a second season.") == {"Thursday": "series"}
    assert "Thursday" not in candidates(gazetteer, "Netflix said on Thursday that viewing rose.")


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("The Walt Disney Company on Wednesday completed its deal.", False),
        ("The streamer renewed Wednesday for a second season.", True),
        ("Netflix's Wednesday, its Addams Family series, drew 1.2 billion hours.", True),
        ("Everyone was Lost in the fog, the headline said.", False),
        ("Abrams co-created the series Lost in 2004.", True),
    ],
)
def test_a_known_one_word_series_needs_context_like_a_film(gazetteer, text, linked):
    """A known series named by one word is linked only with context; a common word used to raise a KeyError."""
    names = {(m.entity_type, m.name) for m in gazetteer.suggest(text).matches}
    assert (("series", "Wednesday") in names or ("series", "Lost") in names) is linked


def test_the_evaluation_counts_series_as_their_own_kind():
    """Annotated series are series to the gazetteer and must come back typed as series: on dev, most of the
    series the stories name are proposed as series, and no candidate is wrongly called one."""
    data = ev.load(EVALUATION_SET)
    assert {row[0] for row in data.rows() if data.entity_list()[row[1] - 1].kind == "series"} == {"series"}
    score = ev.score_candidates(data, data.split("dev"))
    assert score.recall("series") >= 0.8, score.missed
    series_typed = [m for m in score.wrong if ": series " in m]
    assert len(series_typed) <= 1, series_typed


def test_a_title_opening_with_the_lord_is_no_honorific(gazetteer):
    """ "The Lord of the Rings: The Rings of Power" is a title around a known one; "Lord Grantham" stays a character."""
    known = Gazetteer.from_names([("film", 1, "The Lord of the Rings", [])])
    text = "Its series The Lord of the Rings: The Rings of Power began last September. Lord Grantham returns."
    found = candidates(known, text)
    assert found["The Lord of the Rings: The Rings of Power"] == "series"
    assert "Lord Grantham" not in found

"""Candidates from ordinary copy (articles/linking/spans.py): names with no cue word before them, typed."""

from __future__ import annotations

import pytest

from articles.linking import Gazetteer
from articles.linking.spans import NameTyper, sentences, spans

KNOWN = [
    ("studio", 1, "Warner Bros. Pictures", ["Warner Bros."]),
    ("studio", 2, "Legendary Entertainment", []),
    ("person", 3, "Greta Gerwig", []),
    ("person", 4, "Margot Robbie", []),
    ("film", 5, "Dune", []),
    ("film", 6, "Shutter Island", []),
    ("film", 7, "The Perfect Storm", []),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_names(KNOWN)


def candidates(gazetteer: Gazetteer, text: str) -> dict[str, str]:
    """Candidate name → its type."""
    return {c.name: c.entity_type for c in gazetteer.suggest(text).candidates}


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        ("Rebecca Ferguson and Josh Brolin return for the sequel.", "Rebecca Ferguson", "person"),
        ("Rebecca Ferguson and Josh Brolin return for the sequel.", "Josh Brolin", "person"),
        ("The deal gives Sony Pictures Entertainment the rights.", "Sony Pictures Entertainment", "studio"),
        ("It stars Ewan McGregor, who plays the lead.", "Ewan McGregor", "person"),
        ("Critics compared it with Killers of the Flower Moon last year.", "Killers of the Flower Moon", "film"),
        ("Denis Villeneuve's Dune: Part Two opened strongly.", "Dune: Part Two", "film"),
        ("The show is streaming on Hulu.", "Hulu", "studio"),
        ("Lionsgate's Saw X opened second.", "Lionsgate", "studio"),
        ("It went to M. Night Shyamalan for a thriller.", "M. Night Shyamalan", "person"),
    ],
)
def test_names_without_a_cue_word_are_proposed_with_a_type(gazetteer, text, name, entity_type):
    """A name in ordinary copy is a candidate of the right type, with its sentence as evidence."""
    suggestions = gazetteer.suggest(text)
    found = next((c for c in suggestions.candidates if c.name == name), None)
    assert found is not None, [c.name for c in suggestions.candidates]
    assert found.entity_type == entity_type
    assert 0 < found.confidence <= 1
    assert all(text[e.start : e.end] == e.text and name in e.text for e in found.evidence)


def test_names_stop_at_line_breaks_and_sentence_ends(gazetteer):
    """A name never runs across a line break or a full stop: «Ewan Mc» and «Streaming Release Village …» are
    not proposed."""
    text = "Streaming Release\n\nVillage Roadshow Pictures sued. Ewan McGregor\nsaid nothing."
    names = candidates(gazetteer, text)
    assert "Village Roadshow Pictures" in names
    assert "Ewan McGregor" in names
    assert not any("\n" in name or "Release" in name for name in names)


def test_everyday_words_opening_a_sentence_are_not_names(gazetteer):
    """«The director said», «Meanwhile», «Producers Emma Thomas»: the capital is the sentence's, not a name's."""
    text = "The director said little. Meanwhile the studio waited. Producers Emma Thomas and Charles Roven spoke."
    names = candidates(gazetteer, text)
    assert "Emma Thomas" in names
    assert not any(name.startswith(("The", "Meanwhile", "Producers")) for name in names)


def test_a_surname_after_the_full_name_is_the_same_person(gazetteer):
    """«Villeneuve» after «Denis Villeneuve» is a repeat, not a second candidate; a known name is a match."""
    text = "Denis Villeneuve directed it. Villeneuve's cut ran long. Greta Gerwig's film followed."
    names = candidates(gazetteer, text)
    assert names.get("Denis Villeneuve") == "person"
    assert "Villeneuve" not in names
    assert "Greta Gerwig" not in names


def test_a_longer_name_around_a_known_one_is_new(gazetteer):
    """«Warner Bros. Discovery Studios» contains the known «Warner Bros.» but names another company."""
    names = candidates(gazetteer, "The film is a Warner Bros. Discovery Studios release.")
    assert names.get("Warner Bros. Discovery Studios") == "studio"


def test_headlines_dates_and_awards_are_not_candidates(gazetteer):
    """A title-case headline, weekdays and months, award names: capitals that name no studio, person or film."""
    text = "Sequel Tops the Box Office Again\n\nIt won at the 96th Academy Awards on Sunday, in March."
    assert candidates(gazetteer, text) == {}


def test_sentences_split_after_stops_but_not_after_initials_or_bros():
    """«J. K. Simmons» and «Warner Bros. Pictures» stay in one sentence; a line break ends one."""
    text = "J. K. Simmons joined Warner Bros. Pictures. Then\nit ended."
    pieces = [text[start:end] for start, end in sentences(text)]
    assert pieces == ["J. K. Simmons joined Warner Bros. Pictures.", "Then", "it ended."]
    assert [span.name for span in spans(text)] == ["J. K. Simmons", "Warner Bros. Pictures", "Then"]


def test_the_name_typer_learns_from_the_newsrooms_names():
    """Trained on known names, the typer tells a company, a person and a title apart by their words."""
    typer = NameTyper(
        [("studio", "Blue Harbor Pictures"), ("studio", "Red Harbor Media"), ("person", "Anna Kowalczyk")]
        + [("person", "Piotr Kowalczyk"), ("film", "The Long Night"), ("film", "Night Train")]
    )
    assert typer.classify(["Green", "Harbor"])[0] == "studio"
    assert typer.classify(["Marta", "Kowalczyk"])[0] == "person"
    assert typer.classify(["The", "Night", "Bus"])[0] == "film"


def test_matching_known_names_can_skip_the_candidates(gazetteer):
    """``candidates=False`` returns the same matches and no candidates, for callers that only link."""
    text = "Greta Gerwig joined Rebecca Ferguson on Dune."
    full = gazetteer.suggest(text)
    quick = gazetteer.suggest(text, candidates=False)
    assert [m.as_dict() for m in quick.matches] == [m.as_dict() for m in full.matches]
    assert full.candidates and quick.candidates == []


FRESH_STORY = """Greta Gerwig to Direct Narnia Film for Netflix

Universal Pictures has set Greta Gerwig to direct the next Barbie follow-up, with Margot Robbie producing through \
LuckyChap Entertainment. Gerwig is also writing and directing two films based on The Chronicles of Narnia for \
Netflix, the streamer confirmed on Tuesday. Robbie starred in Barbie, which Gerwig directed for Warner Bros."""


def test_a_fresh_story_proposes_every_new_name_with_its_type():
    """Issue #17's example, with none of its names known: people, studios, a streamer and both titles."""
    found = candidates(Gazetteer.from_names([]), FRESH_STORY)

    assert {name: found.get(name) for name in EXPECTED_FRESH} == EXPECTED_FRESH


EXPECTED_FRESH = {
    "Greta Gerwig": "person",
    "Margot Robbie": "person",
    "Universal Pictures": "studio",
    "LuckyChap Entertainment": "studio",
    "Netflix": "studio",
    "The Chronicles of Narnia": "film",
    "Barbie": "film",
}


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        ("The film will stream on Mubi, the streamer said.", "Mubi", "studio"),
        ("Lupita Nyong'o starred in Us before the sequel.", "Us", None),  # an everyday word stays a word
        ("A Zorblax remake is in the works.", "Zorblax", "film"),
    ],
)
def test_context_for_one_word_names(text, name, entity_type):
    assert candidates(Gazetteer.from_names([]), text).get(name) == entity_type


@pytest.mark.parametrize(
    ("text", "name", "entity_type"),
    [
        ("Fans compared it with Avengers: Endgame at the time.", "Avengers: Endgame", "film"),
        ("It outgrossed Saw VI and Creed III in its first week.", "Saw VI", "film"),
        ("It outgrossed Saw VI and Creed III in its first week.", "Creed III", "film"),
        ("The revival was watched by Henry VIII fans.", "Henry VIII", "person"),
        ("The deal was approved by NBCUniversal yesterday.", "NBCUniversal", "studio"),
    ],
)
def test_shapes_that_tell_the_kind(gazetteer, text, name, entity_type):
    """A colon makes a title, a closing Roman numeral a sequel (not after a given name), a fused acronym a company."""
    assert candidates(gazetteer, text).get(name) == entity_type

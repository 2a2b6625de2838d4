"""Facts a story states (issue #17 item 3): credits, company roles with territories, affiliations with titles,
each with its sentence; precision held on the evaluation set's dev and held-out test splits."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.linking import Gazetteer, extract_facts
from articles.linking import evaluation as ev
from articles.linking import facts as facts_module
from articles.models import FilmCompany, FilmCredit

STORIES = Path(__file__).resolve().parents[1] / "fixtures" / "recognition" / "stories"

NAMES = [
    ("person", 1, "Robert Zemeckis", []),
    ("person", 2, "Tom Hanks", []),
    ("person", 3, "Zhang Wei", []),
    ("studio", 10, "Alibaba Pictures", ["Alibaba Pictures Group"]),
    ("studio", 11, "Sony Pictures Classics", []),
    ("film", 20, "Here", []),
    ("film", 21, "Forrest Gump", []),
    ("film", 22, "Cast Away", []),
]


def facts_of(text: str) -> list[tuple]:
    matches = Gazetteer.from_names(NAMES).suggest(text, candidates=False).matches
    found = extract_facts(text, matches)
    return [(f.kind, f.subject.name, f.target.name, f.role, f.territory, f.title) for f in found]


def test_directed_by_names_the_director_of_the_sentences_film():
    """ "directed by X" after a film credits X as its director, with the sentence as evidence."""
    text = 'Sony will open "Forrest Gump" again next month. The film, directed by Robert Zemeckis, won six Oscars.'
    assert facts_of(text) == []  # the sentence naming the director names no film
    text = "Forrest Gump, directed by Robert Zemeckis, won six Oscars in 1995."
    matches = Gazetteer.from_names(NAMES).suggest(text, candidates=False).matches
    [fact] = extract_facts(text, matches)
    assert (fact.kind, fact.subject.entity_id, fact.target.entity_id, fact.role) == ("credit", 1, 21, "director")
    assert fact.evidence == text
    text = "Sony said so.\n  Forrest Gump, directed by Robert Zemeckis, won six Oscars.  \nMore later."
    matches = Gazetteer.from_names(NAMES).suggest(text, candidates=False).matches
    [fact] = extract_facts(text, matches)
    assert text[fact.start : fact.end] == fact.evidence == "Forrest Gump, directed by Robert Zemeckis, won six Oscars."
    assert fact.as_dict()["subject"] == {"type": "person", "id": 1, "name": "Robert Zemeckis"}


def test_a_company_that_will_distribute_in_a_territory():
    """ "X will distribute Y in China": the company, the distributor role and the territory."""
    text = "Alibaba Pictures will distribute Forrest Gump in China, the company said on Monday."
    assert facts_of(text) == [("company", "Alibaba Pictures", "Forrest Gump", "distributor", "China", "")]
    text = "Cast Away returns to cinemas in the spring. Alibaba Pictures will distribute it in Greater China."
    assert facts_of(text) == []  # "it" is in another sentence than its film
    text = "Cast Away returns in the spring, and Alibaba Pictures will distribute the film in Greater China."
    assert facts_of(text) == [("company", "Alibaba Pictures", "Cast Away", "distributor", "Greater China", "")]
    text = "Sony Pictures Classics released Cast Away in the U.S. in 2001."
    assert facts_of(text) == [("company", "Sony Pictures Classics", "Cast Away", "distributor", "U.S.", "")]
    text = "Sony Pictures Classics released Cast Away in the U.S. and Canada."
    assert facts_of(text) == [("company", "Sony Pictures Classics", "Cast Away", "distributor", "North America", "")]


def test_a_title_of_a_company_is_an_affiliation():
    """ "Zhang Wei, President of Alibaba Pictures" and "Alibaba Pictures president Zhang Wei"."""
    expected = [("affiliation", "Zhang Wei", "Alibaba Pictures", "", "", "President")]
    assert facts_of("The deal was signed by Zhang Wei, President of Alibaba Pictures, in Busan.") == expected
    assert facts_of("Alibaba Pictures President Zhang Wei signed the deal.") == expected


def test_cast_lists_and_person_first_credits():
    """A list after "starring" is one credit each; "X directed Y" names the film in the pattern."""
    assert set(facts_of("Here, starring Tom Hanks and Robin Wright, reunites the Forrest Gump team.")) >= {
        ("credit", "Tom Hanks", "Here", "cast", "", "")
    }
    assert facts_of("Tom Hanks, who had a small part in Here, is back. Tom Hanks plays a pilot in Cast Away.") == [
        ("credit", "Tom Hanks", "Here", "cast", "", ""),
        ("credit", "Tom Hanks", "Cast Away", "cast", "", ""),
    ]
    assert facts_of("Robert Zemeckis directed Cast Away and Forrest Gump.") == [
        ("credit", "Robert Zemeckis", "Cast Away", "director", "", ""),
        ("credit", "Robert Zemeckis", "Forrest Gump", "director", "", ""),
    ]


def test_what_the_text_does_not_state_is_not_proposed():
    """Two names in a sentence are not a fact; a franchise is not the film; a source is not a credit."""
    assert facts_of("Tom Hanks met Robert Zemeckis at the Alibaba Pictures party.") == []
    assert facts_of("The fourth Forrest Gump film, directed by Robert Zemeckis, opens in May.") == []
    assert facts_of("It is based on Tom Hanks's Forrest Gump, a novel.") == []


def test_roles_are_the_models_choices():
    """Every role the extractor can propose is a value of FilmCredit.Role or FilmCompany.Role."""
    for rule in facts_module.RULES:
        allowed = {"credit": FilmCredit.Role.values, "company": FilmCompany.Role.values, "affiliation": [""]}
        assert rule.role in allowed[rule.kind], rule


@pytest.fixture(scope="module")
def scores() -> dict[str, ev.FactScore]:
    data = ev.load(STORIES)
    gazetteer = Gazetteer.from_names(data.rows())
    return {split: ev.score_facts(data, data.split(split), gazetteer) for split in ("dev", "test")}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_facts_precision_meets_the_issue_target(scores, split):
    """Precision ≥ 0.90 on each split (issue #17 item 3: wrong facts are worse than none)."""
    score = scores[split]
    assert score.counts["all"].tp >= 15, score.missed
    assert score.counts["all"].precision >= 0.90, score.wrong


def test_a_wall_of_names_costs_linear_time():
    """A pasted list of thousands of names in one sentence is read in about a second, not minutes (lists are
    bounded, so no match runs from every name to the end of the list)."""
    import time

    text = "Cast Away, directed by " + "Robert Zemeckis, Tom Hanks, " * 4000 + "opens."
    matches = Gazetteer.from_names(NAMES).suggest(text, candidates=False).matches
    started = time.perf_counter()
    found = extract_facts(text, matches)
    assert time.perf_counter() - started < 5
    assert {(f.subject.name, f.role) for f in found} == {("Robert Zemeckis", "director"), ("Tom Hanks", "director")}

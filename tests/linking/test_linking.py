"""Entity recognition: known names and aliases, case and punctuation variants, short forms, common words,
new-entity candidates, and the cached gazetteer."""

from __future__ import annotations

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import linking
from articles.importing import ATTACH_THRESHOLD
from articles.linking import Gazetteer, name_key, normalize, suggest
from articles.models import KINDS
from tests.factories import FilmFactory, PersonFactory, StudioFactory

NAMES = [
    ("studio", 1, "STX Entertainment", ["STXfilms", "STX"]),
    ("studio", 2, "Alibaba Pictures", []),
    ("studio", 3, "Alibaba Group", []),
    ("studio", 4, "ImageMovers", []),
    ("studio", 5, "Amblin Partners", []),
    ("studio", 6, "Universal Pictures", ["Universal"]),
    ("person", 10, "Robert Zemeckis", []),
    ("person", 11, "Jack Rapke", []),
    ("person", 12, "Kim Soo-hyun", []),
    ("person", 13, "Zhang Wei", []),
    ("person", 14, "Steven Spielberg", []),
    ("film", 20, "Steel Soldiers", []),
    ("film", 21, "Real", []),
    ("film", 22, "Mission: Impossible – Rogue Nation", []),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_names(NAMES)


def found(gazetteer: Gazetteer, text: str) -> dict[str, list[str]]:
    """Entity name → the surfaces it was found as."""
    return {m.name: [mention.surface for mention in m.mentions] for m in gazetteer.suggest(text).matches}


def candidate(gazetteer: Gazetteer, text: str, name: str):
    return next((c for c in gazetteer.suggest(text).candidates if c.name == name), None)


def test_full_names_and_aliases_are_found_with_offsets(gazetteer):
    """A name or alias in the text is matched to its entity, with where it was seen."""
    text = "Sheroum Kim will oversee the project for STX, a unit of STX Entertainment."
    suggestions = gazetteer.suggest(text)
    [match] = suggestions.matches
    assert (match.entity_type, match.entity_id, match.name) == ("studio", 1, "STX Entertainment")
    assert [text[start:end] for start, end in match.offsets] == ["STX", "STX Entertainment"]
    assert 0 < match.confidence <= 1


def test_case_variants_of_a_name_match(gazetteer):
    """Stray capitals and brand spellings still find the studio: "STXFilms", "Alibaba PIctures"."""
    text = "Adam Fogelson, Chairman of STXFilms, spoke. Shujin Lan-Shuster oversees it for Alibaba PIctures."
    result = found(gazetteer, text)
    assert result["STX Entertainment"] == ["STXFilms"]
    assert result["Alibaba Pictures"] == ["Alibaba PIctures"]


def test_curly_quotes_and_apostrophes_do_not_hide_names(gazetteer):
    """Curly quotes and possessives around a name do not stop it matching."""
    text = "STX’s slate grows with “Steel Soldiers,” and Alibaba Pictures’ backing."
    result = found(gazetteer, text)
    assert result["STX Entertainment"] == ["STX"]
    assert result["Steel Soldiers"] == ["Steel Soldiers"]
    assert result["Alibaba Pictures"] == ["Alibaba Pictures"]


def test_hyphen_and_space_variants_match(gazetteer):
    """ "Kim Soo Hyun" and "Mission: Impossible-Rogue Nation" match the names as stored."""
    result = found(gazetteer, "Kim Soo Hyun stars. It follows Mission: Impossible-Rogue Nation in China.")
    assert result["Kim Soo-hyun"] == ["Kim Soo Hyun"]
    assert result["Mission: Impossible – Rogue Nation"] == ["Mission: Impossible-Rogue Nation"]


def test_names_match_only_on_word_boundaries(gazetteer):
    """A name inside a longer word is not a mention (the whole word "Alibaba" is a studio's short name)."""
    result = found(gazetteer, "The STXtreme Alibaba Groupie and Steel Soldiersmith")
    assert [surface for surfaces in result.values() for surface in surfaces] == ["Alibaba"]


def test_lower_case_never_matches_a_capitalised_name(gazetteer):
    """ "stx entertainment" or "steel soldiers" in lower case are not the entities."""
    assert found(gazetteer, "stx entertainment makes steel soldiers.") == {}


@pytest.mark.parametrize(
    "text",
    [
        'Alibaba Pictures is set to distribute the Korean film "Real," starring Kim Soo-hyun.',
        "the Korean movie 'Real' will mark another milestone",
        "Real will be directed by Lee Jeong-sub.",
        "We're investing in ‘Real’ because the Korean film industry is creative.",
    ],
)
def test_a_common_word_title_matches_with_quotes_or_a_film_cue(gazetteer, text):
    """The film "Real" is found when quoted, after "film"/"movie", or before "will be directed by"."""
    assert "Real" in found(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "forced to turn them into “real” elite military officers",
        'turn them into "real" elite military officers',
        "Real estate prices in Burbank keep rising.",
        "It is a REAL milestone.",
        "The real story is the deal.",
    ],
)
def test_a_common_word_title_does_not_fire_on_the_word(gazetteer, text):
    """The word "real" (any case, quoted or not) without a film cue is not the film "Real"."""
    assert "Real" not in found(gazetteer, text)


def test_a_title_established_earlier_counts_again_in_title_case(gazetteer):
    """After "the film 'Real'", a later bare "Real" in title case is the same film."""
    text = "The film 'Real' opens soon. Kim will star in Real as a casino mogul."
    assert found(gazetteer, text)["Real"] == ["Real", "Real"]


def test_a_common_word_alias_needs_context(gazetteer):
    """The alias "Universal" needs a cue; "Universal Pictures" in full does not."""
    assert "Universal Pictures" not in found(gazetteer, "Universal appeal is what the film lacks.")
    assert found(gazetteer, "The studio Universal said so.")["Universal Pictures"] == ["Universal"]


def test_surname_resolves_to_the_person_named_in_full_earlier(gazetteer):
    """ "Zemeckis" after "Robert Zemeckis" is the same person; before any full mention it is not."""
    text = "Robert Zemeckis and Jack Rapke will produce. Zemeckis and Rapke are represented by WME."
    result = found(gazetteer, text)
    assert result["Robert Zemeckis"] == ["Robert Zemeckis", "Zemeckis"]
    assert result["Jack Rapke"] == ["Jack Rapke", "Rapke"]
    how = {m.surface: m.how for m in gazetteer.suggest(text).matches[0].mentions}
    assert "short form" in how.values()
    assert found(gazetteer, "Zemeckis will produce.") == {}


def test_family_name_first_short_form(gazetteer):
    """ "Kim" after "Kim Soo-hyun" is the actor."""
    text = "The film stars Kim Soo-hyun. Kim will star as a ruthless mogul."
    assert found(gazetteer, text)["Kim Soo-hyun"] == ["Kim Soo-hyun", "Kim"]


def test_company_first_word_resolves_to_the_company_named_before(gazetteer):
    """ "Alibaba" means the Alibaba company most recently named in full."""
    text = "Alibaba Pictures signed the deal. Alibaba is a trailblazer."
    assert found(gazetteer, text)["Alibaba Pictures"] == ["Alibaba Pictures", "Alibaba"]
    text = "Alibaba Pictures is part of Alibaba Group. Alibaba is big."
    assert found(gazetteer, text)["Alibaba Group"] == ["Alibaba Group", "Alibaba"]
    assert found(gazetteer, "Alibaba is big. Alibaba Pictures signed.")["Alibaba Pictures"] == ["Alibaba Pictures"]


def test_two_entities_with_one_name_are_both_less_certain():
    """Homonyms are both suggested, each less surely than a unique name."""
    gazetteer = Gazetteer.from_names([("person", 1, "Zhang Wei", []), ("person", 2, "Zhang Wei", [])])
    unique = Gazetteer.from_names([("person", 1, "Zhang Wei", [])])
    matches = gazetteer.suggest("Zhang Wei spoke.").matches
    assert {m.entity_id for m in matches} == {1, 2}
    assert all(m.confidence < unique.suggest("Zhang Wei spoke.").matches[0].confidence for m in matches)


@pytest.mark.parametrize(
    ("text", "name", "entity_type", "rule"),
    [
        ('the South Korean film "Ode to My Father" opens', "Ode to My Father", "film", "quoted title"),
        ("the movie Midnight Runners opens in May", "Midnight Runners", "film", "the movie …"),
        ("an action thriller starring Tom Cruise and more", "Tom Cruise", "person", "starring …"),
        ("Real will be directed by Lee Jeong-sub, who starts soon.", "Lee Jeong-sub", "person", "directed by …"),
        ("The film is produced by Jackie Levine for the label.", "Jackie Levine", "person", "produced by …"),
        ("said Zhang Qiang, CEO of Alibaba Pictures.", "Zhang Qiang", "person", "…, CEO of"),
        ("Sheroum Kim, SVP of Production, will oversee it.", "Sheroum Kim", "person", "…, SVP of"),
        ("said Jane Roe, President of Example Films.", "Jane Roe", "person", "…, President of"),
        ("formerly known as DreamWorks Studios, it grew.", "DreamWorks Studios", "studio", "name ending in Studios"),
        ("a deal with Wanda Media was signed", "Wanda Media", "studio", "name ending in Media"),
        ("Participant Partners will co-finance it.", "Participant Partners", "studio", "name ending in Partners"),
    ],
)
def test_new_entity_candidates_carry_type_and_evidence(gazetteer, text, name, entity_type, rule):
    """Names not yet known are proposed with a guessed type, a confidence and the evidence's offsets."""
    found_candidate = candidate(gazetteer, text, name)
    assert found_candidate is not None, [c.name for c in gazetteer.suggest(text).candidates]
    assert found_candidate.entity_type == entity_type
    assert 0 < found_candidate.confidence <= 1
    [evidence] = found_candidate.evidence
    assert evidence.rule == rule
    assert text[evidence.start : evidence.end] == evidence.text
    assert name in evidence.text
    assert [text[start:end] for start, end in found_candidate.offsets] == [name]


def test_candidates_skip_known_names_and_quoted_sentences(gazetteer):
    """Known entities are matches, not candidates; a quoted sentence is not a title."""
    text = '"We are delighted to partner with STX," said the head of Alibaba Pictures, starring Robert Zemeckis.'
    names = [c.name for c in gazetteer.suggest(text).candidates]
    assert "Alibaba Pictures" not in names
    assert "Robert Zemeckis" not in names
    assert not any(name.startswith("We are") for name in names)


def test_repeated_evidence_raises_a_candidates_confidence(gazetteer):
    """A name seen twice, by two rules, is proposed more surely than once."""
    once = candidate(gazetteer, "a film starring Tom Cruise.", "Tom Cruise")
    twice = candidate(gazetteer, "a film starring Tom Cruise. Also directed by Tom Cruise.", "Tom Cruise")
    assert twice.confidence > once.confidence
    assert len(twice.offsets) == 2


def test_suggestions_serialise_for_the_editor(gazetteer):
    """The JSON shape the editor panel reads: type, id, name, confidence, offsets."""
    data = gazetteer.suggest('STX Entertainment backs the film "Night Shift", starring Ana Ruiz.').as_dict()
    assert data["matches"][0] | {"confidence": None} == {
        "type": "studio",
        "id": 1,
        "name": "STX Entertainment",
        "confidence": None,
        "offsets": [[0, 17]],
        "mentions": ["STX Entertainment"],
    }
    kinds = {(c["type"], c["name"]) for c in data["candidates"]}
    assert {("film", "Night Shift"), ("person", "Ana Ruiz")} <= kinds
    assert all(c["id"] is None and c["evidence"] for c in data["candidates"])


def test_empty_gazetteer_and_empty_text():
    """Nothing known, or nothing written, suggests nothing known."""
    assert Gazetteer.from_names([]).suggest("STX Entertainment").matches == []
    assert Gazetteer.from_names(NAMES).suggest("").matches == []


def test_normalize_keeps_a_map_back_to_the_text():
    """Folded characters point back at their source characters."""
    text = "Kim  Soo–hyun’s “Real”"
    folded, starts, ends = normalize(text)
    assert folded == 'kim soo hyun\'s "real"'
    assert text[starts[4] : ends[7]] == "Soo–"
    assert name_key("Mission: Impossible – Rogue Nation") == "mission impossible rogue nation"


name_text = st.text(
    alphabet=st.sampled_from(list("STXReal Zmckis-–:’'\"“”.,İßAlibaPctures\n\u00a0")), max_size=120
) | st.text(max_size=200)


@settings(max_examples=300, deadline=None)
@given(text=name_text)
def test_suggest_never_raises_and_offsets_point_at_the_text(gazetteer, text):
    """Any text at all: no error, and every offset frames the surface it reports."""
    suggestions = gazetteer.suggest(text)
    known_keys = {name_key(name) for _, _, name, aliases in NAMES for name in [name, *aliases]}
    for match in suggestions.matches:
        for mention in match.mentions:
            assert 0 <= mention.start < mention.end <= len(text)
            assert text[mention.start : mention.end] == mention.surface
            if mention.how in ("name", "alias"):
                assert name_key(mention.surface) in known_keys | {k.replace(" ", "") for k in known_keys}
    for found_candidate in suggestions.candidates:
        for start, end in found_candidate.offsets:
            assert 0 <= start < end <= len(text)
            assert name_key(text[start:end]) == name_key(found_candidate.name)
        for evidence in found_candidate.evidence:
            assert text[evidence.start : evidence.end] == evidence.text


@pytest.mark.django_db
def test_database_gazetteer_is_cached_and_rebuilt_when_entities_change(django_assert_max_num_queries):
    """suggest() builds the gazetteer once, and sees a new, renamed or deleted entity straight away."""
    linking.invalidate()
    studio = StudioFactory(name="Wicked Curve")
    PersonFactory(name="Keith Fleer")
    FilmFactory(name="Cast Away")
    assert {m.name for m in suggest("Wicked Curve hired Keith Fleer for Cast Away.").matches} == {
        "Wicked Curve",
        "Keith Fleer",
        "Cast Away",
    }
    first = linking.get_gazetteer()
    with django_assert_max_num_queries(2 * len(KINDS.recognised())):  # the version check: two queries per kind
        suggest("Keith Fleer again")
    assert linking.get_gazetteer() is first

    studio.name = "Wicked Curve Management"
    studio.save()
    assert suggest("Wicked Curve Management hired him.").matches[0].name == "Wicked Curve Management"
    studio.delete()
    assert suggest("Wicked Curve Management hired him.").matches == []


def test_a_one_word_title_in_a_filmography_matches():
    """ "Robert Zemeckis (Cast Away, Flight)": the film "Flight" is named; "a flight" or "(Flight 9)" alone is not."""
    gazetteer = Gazetteer.from_names([("film", 1, "Flight", []), ("film", 2, "Allied", [])])
    text = "Robert Zemeckis (Cast Away, Flight) and Jackie Levine (Allied, The Walk) will produce."
    assert {m.name for m in gazetteer.suggest(text).matches} == {"Flight", "Allied"}
    assert gazetteer.suggest("Flight delays hit the festival (again).").matches == []


# Folding and context (issue #17) -----------------------------------------------------------------------------

FOLDING = [
    ("person", 30, "Alfonso Cuarón", []),
    ("person", 31, "J. R. R. Tolkien", []),
    ("person", 32, "Robert W. Sweet", []),
    ("person", 33, "Christopher Nolan", []),
    ("person", 34, "Dustin Hoffman", []),
    ("film", 40, "Shōgun", []),
    ("film", 41, "GoldenEye", ["Goldeneye"]),
    ("film", 42, "The Matrix", []),
    ("film", 43, "Oppenheimer", []),
    ("film", 44, "Outbreak", []),
    ("film", 45, "Old", []),
    ("film", 46, "Knock at the Cabin", []),
    ("film", 47, "Aquaman", []),
    ("film", 48, "Splash", []),
    ("film", 49, "Saw", []),
    ("film", 50, "The Director", []),
    ("film", 51, "May", []),
    ("film", 52, "Wednesday", []),
    ("film", 53, "Real", []),
    ("studio", 60, "The Walt Disney Company", []),
    ("studio", 61, "Warner Bros. Pictures", []),
    ("studio", 62, "Metro-Goldwyn-Mayer", []),
    ("studio", 63, "20th Century Studios", ["Fox"]),
    ("studio", 64, "Fox Corporation", ["Fox"]),
]


@pytest.fixture(scope="module")
def folding() -> Gazetteer:
    return Gazetteer.from_names(FOLDING)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Roma, from Alfonso Cuaron, won.", "Alfonso Cuarón"),
        ("a novel by JRR Tolkien", "J. R. R. Tolkien"),
        ("a novel by J.R.R. Tolkien", "J. R. R. Tolkien"),
        ("Judge Robert W Sweet ruled.", "Robert W. Sweet"),
        ("FX's Shogun won 18 Emmys.", "Shōgun"),
        ("The studio behind the Matrix trilogy sued.", "The Matrix"),
        ("Walt Disney Company shares rose.", "The Walt Disney Company"),
        ("The Director opens in May.", "The Director"),
    ],
)
def test_spelling_variants_fold_to_the_known_name(folding, text, name):
    """Accents, dotted or spaced initials and a leading "the" do not hide a name."""
    assert name in found(folding, text)


def test_an_alias_that_differs_only_in_case_is_kept(folding):
    """ "Goldeneye" is an alias of "GoldenEye"; a one-word title must be written as one of them."""
    assert found(folding, "Goldeneye, the 1995 Bond film, launched Pierce Brosnan.")["GoldenEye"] == ["Goldeneye"]
    assert "GoldenEye" not in found(folding, "GOLDENeye, the 1995 Bond film, launched Pierce Brosnan.")


@pytest.mark.parametrize(
    "text",
    [
        "The director said the film was done.",  # a capital from the sentence, not from the title
        "They made an action film. May brought the first reviews.",  # the cue is in the sentence before
        "It is set for release in May.",  # "release" is not about "May"
        "The show premiered on Wednesday, Nov. 23.",
        "The weekend saw critics warm to it, and the divers could splash through real water.",
    ],
)
def test_words_and_sentence_capitals_are_not_titles(folding, text):
    """Capitals at a sentence start, cues from another sentence, dates and verbs link nothing."""
    result = found(folding, text)
    assert not {"The Director", "May", "Wednesday", "Saw", "Splash", "Real"} & set(result)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Christopher Nolan's Oppenheimer took best picture.", "Oppenheimer"),
        ("He directed Dustin Hoffman in Outbreak.", "Outbreak"),
        ("as he did with Old and Knock at the Cabin for Universal", "Old"),
        ("Wan made Aquaman for Warner Bros. Pictures.", "Aquaman"),
        ("They first worked together on Splash, the 1984 mermaid comedy.", "Splash"),
    ],
)
def test_one_word_titles_are_found_from_the_sentence_around_them(folding, text, title):
    """A one-word title counts after an owner's possessive, a known person and "in", beside another title, before
    "for" and a known studio, or before an appositive that calls it a film."""
    assert title in found(folding, text)


def test_a_studio_is_found_by_its_name_without_corporate_words(folding):
    """ "Warner Bros." is Warner Bros. Pictures and "MGM" Metro-Goldwyn-Mayer, without aliases entered."""
    result = found(folding, "Warner Bros. and MGM both passed.")
    assert result["Warner Bros. Pictures"] == ["Warner Bros."]
    assert result["Metro-Goldwyn-Mayer"] == ["MGM"]


def test_a_shared_alias_goes_to_the_entity_the_text_names_in_full(folding):
    """ "Fox" after "20th Century Studios" is that studio; alone, neither owner of the alias is attached."""
    text = "20th Century Studios released it. Fox had made the first two."
    assert found(folding, text)["20th Century Studios"] == ["20th Century Studios", "Fox"]
    assert "Fox Corporation" not in found(folding, text)
    alone = folding.suggest("Fox had made the first two.").matches
    assert {m.name for m in alone} == {"20th Century Studios", "Fox Corporation"}
    assert all(m.confidence < ATTACH_THRESHOLD for m in alone)


def test_normalize_folds_accents_and_joins_initials_keeping_the_map():
    """ "J. R. R. Tolkien" and "Cuarón" fold to "jrr tolkien" and "cuaron", each character pointing back."""
    text = "J. R. R. Tolkien, Cuarón"
    folded, starts, ends = normalize(text)
    assert folded == "jrr tolkien, cuaron"
    assert text[starts[0] : ends[2]] == "J. R. R"
    assert text[starts[-2] : ends[-2]] == "ó"  # "o" in the folded text, "ó" in the source
    assert name_key("The Matrix") == name_key("Matrix") == "matrix"


# Incremental update (issue #17, item 4) ----------------------------------------------------------------------


def test_an_updated_gazetteer_sees_changes_and_leaves_the_original_alone(gazetteer):
    """Added, renamed and deleted entities are seen by the update; the gazetteer it came from is unchanged."""
    text = "Robert Zemeckis made Cast Away. Alibaba Pictures and Alibaba Film Group signed."
    updated = gazetteer.updated(
        changed=[("film", 99, "Cast Away", []), ("studio", 2, "Alibaba Film Group", [])],
        deleted=[("person", 10)],
    )
    assert set(found(updated, text)) == {"Cast Away", "Alibaba Film Group"}
    assert set(found(gazetteer, text)) == {"Robert Zemeckis", "Alibaba Pictures"}
    assert updated.changes == 2
    again = updated.updated(changed=[("film", 99, "Cast Away Again", [])])
    assert set(found(again, "Cast Away Again and Cast Away")) == {"Cast Away Again"}
    assert again.changes == 2


@pytest.mark.django_db
def test_the_database_gazetteer_compiles_only_the_changes(monkeypatch):
    """After an entity is saved or deleted, the cached gazetteer is updated with the change, not rebuilt, until
    REBUILD_AFTER changes have piled up."""
    linking.invalidate()
    studio = StudioFactory(name="Wicked Curve")
    built = linking.get_gazetteer()
    assert built.changes == 0
    studio.name = "Wicked Curve Films"
    studio.save()
    person = PersonFactory(name="Keith Fleer")
    updated = linking.get_gazetteer()
    assert updated.changes == 2
    assert {m.name for m in suggest("Wicked Curve Films hired Keith Fleer.").matches} == {
        "Wicked Curve Films",
        "Keith Fleer",
    }
    person.delete()
    assert [m.name for m in suggest("Keith Fleer again").matches] == []
    monkeypatch.setattr(linking, "REBUILD_AFTER", 1)
    FilmFactory(name="Cast Away")
    assert linking.get_gazetteer().changes == 0
    assert [m.name for m in suggest("Cast Away opens.").matches] == ["Cast Away"]


# The gazetteer's freshness at scale (issue #17 item 4): the change pipeline's tags first, the tables only after.


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_panel_asks_the_database_nothing_until_the_change_pipeline_announces_an_entity_change(
    django_assert_num_queries,
):
    """Outside a transaction, a call checks one cache key set and no table while no entity changed; a committed
    create, rename or delete (which purges the kind's index tag) is seen by the very next call."""
    linking.invalidate()
    studio = StudioFactory(name="Wicked Curve")
    linking.get_gazetteer()
    with django_assert_num_queries(0):
        assert [m.name for m in suggest("Wicked Curve hired him.").matches] == ["Wicked Curve"]
    person = PersonFactory(name="Keith Fleer")
    assert [m.name for m in suggest("Keith Fleer again.").matches] == ["Keith Fleer"]
    studio.name = "Wicked Curve Films"
    studio.save()
    assert [m.name for m in suggest("Wicked Curve Films hired him.").matches] == ["Wicked Curve Films"]
    person.delete()
    assert suggest("Keith Fleer again.").matches == []
    assert linking.get_gazetteer().changes == 1  # the rename, compiled beside the build (the person came and went)
    with django_assert_num_queries(0):
        suggest("Keith Fleer again.")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_that_bypasses_the_pipeline_is_seen_after_the_recheck_interval(monkeypatch):
    """``QuerySet.update`` (here setting ``updated_at`` as a bulk load would) purges nothing; the tables are checked
    again once ``RECHECK_AFTER`` has passed."""
    linking.invalidate()
    studio = StudioFactory(name="Wicked Curve")
    linking.get_gazetteer()
    type(studio).objects.filter(pk=studio.pk).update(name="Crooked Line", updated_at=timezone.now())
    assert [m.name for m in suggest("Wicked Curve hired him.").matches] == ["Wicked Curve"]  # not announced yet
    monkeypatch.setattr(linking, "RECHECK_AFTER", 0.0)
    assert [m.name for m in suggest("Crooked Line hired him.").matches] == ["Crooked Line"]


@pytest.mark.django_db
def test_deleted_entities_are_found_by_bucket_without_reading_every_id(monkeypatch):
    """Deletions among many entities are found from per-bucket row counts; only the buckets that lost rows are
    read."""
    monkeypatch.setattr(linking, "DELETION_BUCKET", 4)
    studios = [StudioFactory(name=f"Studio Number {n}") for n in range(12)]
    known = {studio.pk for studio in studios} | {10_000}  # an id deleted long ago, in a bucket of its own
    gone = {studios[1].pk, studios[6].pk}
    for studio in (studios[1], studios[6]):
        studio.delete()
    assert linking._deleted_ids(type(studios[0]), known) == gone | {10_000}


FRESH_STORY = (
    "Greta Gerwig to direct a musical for Universal\n\n"
    "Universal Pictures has set Greta Gerwig to direct an original musical, with Margot Robbie producing through "
    "LuckyChap Entertainment. Gerwig is also writing and directing two films based on The Chronicles of Narnia for "
    "Netflix, the streamer that bought the rights to the C. S. Lewis books in 2018. She and Robbie last worked "
    "together on Barbie, the 2023 comedy that took more than $1.4 billion worldwide.\n"
)


@pytest.mark.django_db
def test_the_importer_attaches_and_reports_what_the_panel_recognises(topic_page):
    """An imported item gets the same recognition as the editor's panel: the known entities it links and the new
    names it reports are ``linking.suggest``'s, on the text the importer keeps."""
    from articles.importing import ATTACH_THRESHOLD, import_sources, parse_text

    linking.invalidate()
    StudioFactory(name="Universal Pictures")
    PersonFactory(name="Margot Robbie")
    item = parse_text(FRESH_STORY)
    report = import_sources([("fresh.txt", FRESH_STORY.encode())], topic=topic_page, dry_run=True).items[0]
    expected = suggest(item.text)
    assert report.status == "would create"
    assert report.entities == {
        "studios": ["Universal Pictures"],
        "people": ["Margot Robbie"],
        "films": [],
        "series": [],
    }
    assert {m.name for m in expected.matches if m.confidence >= ATTACH_THRESHOLD} == {
        "Universal Pictures",
        "Margot Robbie",
    }
    reported = {(c.entity_type, c.name) for c in report.candidates}
    assert reported == {(c.entity_type, c.name) for c in expected.candidates if c.confidence >= 0.4}
    assert {("person", "Greta Gerwig"), ("studio", "Netflix"), ("film", "Barbie")} <= reported
    assert ("film", "The Chronicles of Narnia") in reported

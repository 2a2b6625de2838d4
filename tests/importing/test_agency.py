"""Reading agency items: ninjs 1.x–3.x validated against the IPTC's schemas, NewsML-G2 and RSS/Atom feeds."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, Draft202012Validator

from articles.importing.agency import AgencyItem, parse_agency_file, parse_feed, parse_newsml, parse_ninjs
from articles.importing.ninjs import SCHEMA_DIR, SCHEMA_FILES, major_version
from articles.importing.parsers import MalformedFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"


def read(name: str) -> list[AgencyItem | MalformedFile]:
    return parse_agency_file(name, (FIXTURES / name).read_bytes())


def only(name: str) -> AgencyItem:
    (item,) = read(name)
    assert isinstance(item, AgencyItem), item
    return item


@pytest.mark.parametrize("name", SCHEMA_FILES.values())
def test_the_shipped_schemas_are_valid_json_schemas(name):
    """Each schema file is a valid schema of the JSON Schema draft it declares."""
    schema = json.loads((SCHEMA_DIR / name).read_text())
    validator = Draft4Validator if "draft-04" in schema["$schema"] else Draft202012Validator
    validator.check_schema(schema)


def test_ninjs_1_reads_headline_body_byline_and_credit():
    item = only("ninjs-1.5.json")
    assert item.format == "ninjs 1.x"
    assert item.guid == "urn:newsml:wire.example:20261201:harbor-light-1001"
    assert item.headline == "Northlight Pictures sets spring start for harbour thriller"
    assert item.paragraphs[0].startswith("Northlight Pictures will begin shooting")
    assert len(item.paragraphs) == 2
    assert item.standfirst.startswith("The studio's first production")
    assert item.authors == ["Dana Whitcombe"]
    assert item.credit == "Example Wire"
    assert item.version == "1"
    assert item.version_created == dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def test_ninjs_2_reads_its_arrays():
    item = only("ninjs-2.1.json")
    assert item.format == "ninjs 2.x"
    assert item.headline == "Quarry Lane Films buys festival opener"
    assert item.standfirst == "The distributor takes North American rights after a late-night auction."
    assert item.paragraphs == [
        "Quarry Lane Films has bought North American rights to the drama that opened the winter festival.",
        "Mara Ellison, who directed it, said the film would reach cinemas in the autumn.",
    ]
    assert item.authors == ["Sam Okafor"]
    assert item.subjects == ["film festivals"]


def test_ninjs_3_reads_camel_case_properties_and_plain_text_bodies():
    item = only("ninjs-3.0.json")
    assert item.format == "ninjs 3.x"
    assert item.pub_status == "usable"
    assert item.version_created == dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)
    assert len(item.paragraphs) == 2
    assert item.credit == "Example Wire"
    assert item.authors == ["Example Wire staff"]


def test_ninjs_version_comes_from_the_standard_or_the_shape():
    assert major_version({"uri": "urn:x", "$standard": {"version": "1.5"}}) == "1"
    assert major_version({"uri": "urn:x", "standard": {"version": "3.0"}}) == "3"
    assert major_version({"uri": "urn:x", "headline": "H", "body_text": "B"}) == "1"
    assert major_version({"uri": "urn:x", "headlines": [{"value": "H"}]}) == "2"
    assert major_version({"uri": "urn:x", "pubStatus": "usable"}) == "3"


def test_a_ninjs_item_against_its_schema_is_reported_with_version_and_property():
    """An item breaking its schema fails with the version, the rule and where; the others in the file still read."""
    items = read("malformed-ninjs.json")
    assert all(isinstance(item, MalformedFile) for item in items)
    assert "not valid ninjs 2.1" in str(items[0])
    assert "'withdrawn' is not one of" in str(items[0])
    assert "(at pubstatus)" in str(items[0])
    assert "'uri' is a required property" in str(items[1])
    assert "no body text" in str(items[2])


def test_a_2x_property_in_a_3x_item_is_refused():
    """3.x spells its properties in camelCase; the 2.x spelling is not valid 3.x."""
    data = {"uri": "urn:x:1", "standard": {"version": "3.0"}, "pubstatus": "usable", "headlines": [{"value": "H"}]}
    (item,) = parse_ninjs(json.dumps(data))
    assert isinstance(item, MalformedFile)
    assert "ninjs 3.0" in str(item)


def test_an_unknown_ninjs_version_is_refused():
    (item,) = parse_ninjs(json.dumps({"uri": "urn:x:1", "standard": {"version": "4.0"}}))
    assert "4.0" in str(item) and "1.x, 2.x or 3.x" in str(item)


def test_newsml_g2_reads_embargo_byline_and_xhtml_body():
    item = only("newsml-embargoed.xml")
    assert item.format == "newsml"
    assert item.guid == "urn:newsml:wire.example:20261202:awards-shortlist-4001"
    assert item.embargo == dt.datetime(2031, 1, 15, 9, 0, tzinfo=dt.UTC)
    assert item.headline == "Harbour thriller leads the craft awards shortlist"
    assert item.standfirst == "Northlight Pictures' thriller has six nominations."
    assert item.authors == ["Dana Whitcombe"]
    assert item.credit == "Example Wire"
    assert len(item.paragraphs) == 2  # the XHTML title is not a paragraph
    assert item.language == "en"


def test_newsml_g2_reads_plain_text_bodies_and_withdrawals():
    story = only("newsml-story.xml")
    assert story.paragraphs == [
        "Mara Ellison will direct a drama set on a remote lighthouse, Quarry Lane Films said.",
        "Shooting is planned for the summer on the west coast.",
    ]
    withdrawn = only("newsml-story-withdrawn.xml")
    assert withdrawn.guid == story.guid
    assert withdrawn.pub_status == "canceled"
    assert withdrawn.version == "2"


def test_a_news_message_holds_several_items():
    item = (FIXTURES / "newsml-story.xml").read_text()
    inner = item.split("?>", 1)[1]
    message = (
        '<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2026-12-02T12:00:00Z</sent></header>'
        f"<itemSet>{inner}{inner.replace('casting-5001', 'casting-5002')}</itemSet></newsMessage>"
    )
    items = parse_newsml(message.encode())
    assert [item.guid[-4:] for item in items] == ["5001", "5002"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("malformed-newsml.xml", "not well-formed XML"),
        ("malformed-entities.xml", "declares a DTD or entities"),
    ],
)
def test_broken_or_hostile_xml_is_refused_with_a_reason(name, reason):
    with pytest.raises(MalformedFile, match=reason):
        read(name)


def test_xml_that_is_not_newsml_is_named():
    with pytest.raises(MalformedFile, match="not NewsML-G2"):
        parse_agency_file("item.xml", b"<article><title>Hi</title></article>", format="newsml")


def test_rss_entries_become_items_with_the_feeds_credit():
    items = parse_feed((FIXTURES / "agency-feed.rss").read_bytes(), credit="Example Wire")
    assert [item.guid for item in items] == ["wire.example:film:6001", "wire.example:film:6002"]
    first, second = items
    assert first.format == "rss"
    assert first.credit == "Example Wire"
    assert first.paragraphs == [
        "Quarry Lane Films has opened an office in London to buy European films.",
        "It will be run by a former festival programmer.",
    ]
    assert first.source_url == "https://wire.example/film/quarry-lane-london"
    assert first.date == dt.datetime(2026, 12, 2, 16, 0, tzinfo=dt.UTC)
    assert second.authors == ["Example Wire"]  # no byline: the agency is the byline


def test_atom_entries_are_read():
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id><updated>2026-12-02T10:00:00Z</updated>
<entry><title>An Atom story</title><id>urn:wire:1</id><updated>2026-12-02T10:00:00Z</updated>
<author><name>Sam Okafor</name></author>
<content type="html">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content></entry>
</feed>"""
    (item,) = parse_agency_file("wire.atom", atom, credit="Example Wire")
    assert item.format == "atom"
    assert item.paragraphs == ["One.", "Two."]
    assert item.version_created == dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)
    assert item.authors == ["Sam Okafor"]


def test_a_file_that_is_neither_json_nor_xml_is_refused():
    with pytest.raises(MalformedFile, match="neither JSON"):
        parse_agency_file("notes.txt", b"Just some words.")


def test_the_import_key_follows_the_agency_id_not_the_words():
    """A new version with other words is the same story to the importer."""
    first = only("ninjs-2.1.json").news_item()
    second = only("ninjs-2.1-v2.json").news_item()
    assert first.headline != second.headline
    assert first.import_key == second.import_key


def test_items_survive_the_round_trip_through_the_queue():
    item = only("newsml-embargoed.xml")
    assert AgencyItem.from_json(json.loads(json.dumps(item.as_json()))) == item

"""Photo captions and credit lines in plain-text items: never the headline when the item has one, never body."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.importing import parse_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED_002 = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "002_dec2d8d89659d3e6.txt"


def test_the_real_headline_wins_over_a_caption_bullet_above_it():
    """A caption bullet above the headline (repeated with its photo credit below) is dropped, with the credit line."""
    item = parse_text((FIXTURES / "caption-before-headline.txt").read_text(encoding="utf-8"))
    assert item.headline == "Alibaba Pictures Takes Korean Action Film Real to China"
    text = " ".join([item.standfirst, *item.paragraphs])
    assert "Busan International Film Festival, where the deal" not in text  # the caption, either copy
    assert "Photo" not in text and "Example Picture Agency" not in text
    assert item.paragraphs[0].startswith("Alibaba Pictures will be the only distributor")
    assert item.paragraphs[-1].startswith("Lee Jeong-sub directs the film")


def test_an_item_without_a_headline_falls_back_to_its_caption():
    """Seed 002's shape: caption bullet, the caption with its credit, then body sentences. No line reads as a
    headline, so the caption (without bullet, credit or full stop) stands in; the body starts with the story."""
    item = parse_text(
        "• Alibaba Pictures picks up Korean film Real.\n\n"
        "Alibaba Pictures picks up Korean film Real. (Photo : www.example.com/stills)\n\n"
        "In a statement on Monday, Alibaba Pictures said it will invest in the Korean film Real, starring Kim "
        "Soo-hyun, according to a report in the trade press this week.\n\n"
        "Lee Jeong-sub will direct the film, with shooting due to begin before the end of the year.\n"
    )
    assert item.headline == "Alibaba Pictures picks up Korean film Real"
    assert item.paragraphs[0].startswith("In a statement on Monday")
    assert not any("example.com" in paragraph for paragraph in item.paragraphs)


@pytest.mark.parametrize(
    "credit",
    ["Photo: Reuters", "(Image courtesy of Amblin Partners)", "Photo credit - Example Agency", "Pictures by Jo Lee"],
)
def test_credit_lines_are_dropped(credit):
    item = parse_text(f"Amblin and Alibaba sign a film deal\n\n{credit}\n\nThe two companies will co-finance films.")
    assert item.headline == "Amblin and Alibaba sign a film deal"
    assert item.paragraphs == ["The two companies will co-finance films."]


def test_a_first_line_that_is_a_headline_stays_the_headline_with_a_caption_further_down():
    item = parse_text(
        "Steel Soldiers Finds Its Studio\n\nA still from the film. (Photo: STX)\n\nSTX will distribute the film."
    )
    assert item.headline == "Steel Soldiers Finds Its Studio"
    assert item.paragraphs == ["STX will distribute the film."]


@pytest.mark.skipif(not SEED_002.exists(), reason="the real seed stories are not beside the checkout")
def test_seed_002_caption_is_not_repeated_in_the_body():
    """The real seed: its caption is the only summary line it has; the body starts with the story's first sentence."""
    item = parse_text(SEED_002.read_text(encoding="utf-8"))
    assert not item.headline.startswith("•") and "Photo" not in item.headline and not item.headline.endswith(".")
    assert item.paragraphs[0].startswith("Alibaba Pictures issued a statement on Monday, Oct. 12")
    assert not any("centriotimes" in paragraph or "Like Us on" in paragraph for paragraph in item.paragraphs)

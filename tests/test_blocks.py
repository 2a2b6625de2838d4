"""Article body blocks: an empty paragraph never blocks publishing, and is not stored."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.rich_text import RichText

from articles.blocks import ArticleBodyBlock


def body(*children):
    block = ArticleBodyBlock()
    return block, block.to_python([{"type": kind, "value": value} for kind, value in children])


def test_an_empty_paragraph_is_dropped_when_the_body_is_cleaned():
    """Draftail's empty paragraph (what the editor's "+" adds) passes full validation, as for publishing, and goes."""
    block, value = body(("paragraph", "<p>Kept.</p>"), ("paragraph", '<p data-block-key="x1"></p>'), ("paragraph", ""))
    cleaned = block.clean(value)
    assert [child.value.source for child in cleaned] == ["<p>Kept.</p>"]


def test_a_paragraph_with_text_is_kept_and_other_required_fields_still_refused():
    block, value = body(("paragraph", "<p><b>Bold</b></p>"), ("heading", {"text": "", "level": "h2"}))
    with pytest.raises(ValidationError) as refused:
        block.clean(value)
    assert list(refused.value.block_errors) == [1]  # the heading, at its own position in the editor


def test_a_draft_clean_keeps_the_text_of_every_paragraph():
    block, value = body(("paragraph", "<p>One</p>"), ("paragraph", "<p>Two</p>"))
    cleaned = block.clean(value)
    assert [child.value for child in cleaned] == [RichText("<p>One</p>"), RichText("<p>Two</p>")]

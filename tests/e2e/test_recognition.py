"""Issue #17's fresh story, typed into a new article: the "Suggested entities" panel proposes the people, the
streamer and the films it names that the newsroom does not know yet, each with its type, and one click creates
(an editor) or proposes (a contributor) each and chooses it on the article."""

import pytest

from articles.models import Film, Person, Studio

from .helpers import log_in, start_story

# No serialized_rollback: the live server flushes anyway, and demo_site restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Greta Gerwig to direct a musical for Universal"
STANDFIRST = "The Barbie director reunites with Margot Robbie."
PARAGRAPH = (
    "Universal Pictures has set Greta Gerwig to direct an original musical, with Margot Robbie producing through "
    "LuckyChap Entertainment. Gerwig is also writing and directing two films based on The Chronicles of Narnia for "
    "Netflix, the streamer that bought the rights to the C. S. Lewis books in 2018. She and Robbie last worked "
    "together on Barbie, the 2023 comedy that took more than $1.4 billion worldwide."
)
# (type, name, model, the article field's select and label)
EXPECTED = [
    ("person", "Greta Gerwig", Person, "people", "People"),
    ("person", "Margot Robbie", Person, "people", "People"),
    ("studio", "Netflix", Studio, "studios", "Studios"),
    ("film", "The Chronicles of Narnia", Film, "films", "Films"),
    ("film", "Barbie", Film, "films", "Films"),
]


def open_suggestions(page, base: str, username: str):
    log_in(page, base, username)
    start_story(page, base, title=TITLE, standfirst=STANDFIRST, paragraph=PARAGRAPH)
    page.get_by_role("tab", name="Entities & tags").click()
    return page.locator(".newsroom-suggestions")


def chosen(page, field: str, entity) -> None:
    """Wait until the entity is chosen in the article's (unsaved) field."""
    page.locator(f"select[name={field}] option[value='{entity.pk}']:checked").wait_for(state="attached")


def test_an_editor_creates_and_adds_each_new_name_the_story_gives(page, demo_site):
    panel = open_suggestions(page, demo_site.url, "editor")
    for kind, name, model, field, label in EXPECTED:
        button = panel.get_by_role("button", name=f"Create {kind} {name} and add to {label}", exact=True)
        button.click()
        # The status line, not the item: another item's evidence may quote the name.
        panel.get_by_role("status").filter(has_text=f"Created and added {name} to {label}.").wait_for()
        entity = model.objects.get(name=name)
        assert entity.review_status == "accepted"
        chosen(page, field, entity)
    # Universal Pictures and LuckyChap Entertainment are offered too, as studios; nothing was created twice.
    for studio in ("Universal Pictures", "LuckyChap Entertainment"):
        panel.get_by_role("button", name=f"Create studio {studio} and add to Studios", exact=True).wait_for()
    assert [Person.objects.filter(name=n).count() for n in ("Greta Gerwig", "Margot Robbie")] == [1, 1]
    page.goto("about:blank")  # leave the editor (and its pings) before the live server's database is flushed


def test_a_contributor_proposes_and_adds_each_new_name_the_story_gives(page, demo_site):
    panel = open_suggestions(page, demo_site.url, "contributor")
    for kind, name, model, field, label in EXPECTED:
        button = panel.get_by_role("button", name=f"Propose {kind} {name} and add to {label}", exact=True)
        button.click()
        panel.get_by_role("status").filter(has_text=f"Proposed and added {name} to {label}.").wait_for()
        entity = model.objects.get(name=name)
        assert (entity.review_status, entity.proposed_by.username) == ("proposed", "contributor")
        chosen(page, field, entity)
    assert panel.get_by_role("button", name="Create and add").count() == 0
    page.goto("about:blank")

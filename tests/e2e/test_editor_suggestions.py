"""An editor writes a paragraph naming a known studio and a new person, adds both from the "Suggested entities"
panel, publishes, and sees them on the public article; and records a credit the paragraph states."""

import re

import pytest
from django.contrib.auth import get_user_model

from articles.models import ArticlePage, Film, FilmCredit, Person

from .helpers import log_in, start_story

# No serialized_rollback: the live server flushes anyway, and demo_site (tests/e2e/conftest.py) restores the
# migration rows itself, so this test also passes when run alone.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARAGRAPH = "STX Entertainment has signed a new thriller, and the film is directed by Jane Examplewoman."


def test_editor_adds_suggested_entities_and_publishes(page, demo_site):
    """Suggestions appear when the Entities tab opens; one click adds a known studio, one creates a new person."""
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    base = demo_site.url
    log_in(page, base, "desk", "desk-password-123")
    start_story(
        page,
        base,
        title="Examplewoman to direct a thriller",
        standfirst="A first feature for the documentary maker.",
        paragraph=PARAGRAPH,
    )

    # Opening the tab runs the suggestions on the unsaved text; no click on "Suggest entities" needed.
    page.get_by_role("tab", name="Entities & tags").click()
    panel = page.locator(".newsroom-suggestions")
    add_studio = panel.get_by_role("button", name="Add STX Entertainment to Studios", exact=True)
    add_studio.click()
    create_person = panel.get_by_role("button", name="Create person Jane Examplewoman and add to People", exact=True)
    create_person.click()
    status = panel.get_by_role("status")
    # A locator, not wait_for_function: the admin's CSP refuses the eval Playwright would use for a string predicate.
    page.locator("select[name=people] option:checked").first.wait_for(state="attached")
    assert re.search(r"Created and added Jane Examplewoman to People\.", status.inner_text())
    assert panel.locator("li", has_text="Jane Examplewoman").get_by_role("button").count() == 0

    studios_widget = page.locator(".entity-autocomplete", has=page.locator("select[name=studios]"))
    people_widget = page.locator(".entity-autocomplete", has=page.locator("select[name=people]"))
    assert "STX Entertainment" in studios_widget.inner_text()
    assert "Jane Examplewoman" in people_widget.inner_text()

    # A second run knows both are on the (still unsaved) article.
    panel.get_by_role("button", name="Suggest entities", exact=True).click()
    panel.locator("li", has_text="STX Entertainment").get_by_text("On the article").wait_for()
    panel.locator("li", has_text="Jane Examplewoman").get_by_text("On the article").wait_for()

    page.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/**")

    article = ArticlePage.objects.get(title="Examplewoman to direct a thriller")
    assert article.live
    assert [studio.name for studio in article.studios.all()] == ["STX Entertainment"]
    assert Person.objects.filter(name="Jane Examplewoman").count() == 1
    assert [person.name for person in article.people.all()] == ["Jane Examplewoman"]

    page.goto(base + article.url)
    footer = page.locator(".article__footer")
    assert footer.get_by_role("link", name="STX Entertainment").count() >= 1
    assert footer.get_by_role("link", name="Jane Examplewoman").count() >= 1


def test_editor_records_a_credit_the_story_states_with_one_click(page, demo_site):
    """ "… directed by Robert Zemeckis …" about a known film: the panel offers the credit with its sentence, one click
    records it on the film, and the film's public page (cached before) shows it at once."""
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    base = demo_site.url
    film = Film.objects.get(name="Steel Soldiers")
    assert not FilmCredit.objects.filter(film=film, person__name="Robert Zemeckis", role="director").exists()
    page.goto(base + film.get_absolute_url())
    assert "Robert Zemeckis — Director" not in page.locator("main").text_content()  # now in the page cache

    log_in(page, base, "desk", "desk-password-123")
    start_story(
        page,
        base,
        title="Zemeckis takes the helm",
        standfirst="A change of director for the robot thriller.",
        paragraph="Steel Soldiers, directed by Robert Zemeckis, starts shooting in Toronto in May.",
    )
    page.get_by_role("tab", name="Entities & tags").click()
    panel = page.locator(".newsroom-suggestions")
    fact = panel.locator("li", has_text="Robert Zemeckis — Director of Steel Soldiers")
    assert "directed by Robert Zemeckis, starts shooting" in fact.inner_text()
    fact.get_by_role("button", name="Add fact: Robert Zemeckis — Director of Steel Soldiers", exact=True).click()
    fact.get_by_text("Recorded", exact=True).wait_for()
    assert "Recorded: Robert Zemeckis — Director of Steel Soldiers." in panel.get_by_role("status").inner_text()
    assert FilmCredit.objects.filter(film=film, person__name="Robert Zemeckis", role="director").count() == 1

    # Run again: the recorded fact is no longer offered.
    panel.get_by_role("button", name="Suggest entities", exact=True).click()
    panel.locator(".newsroom-suggestions__status", has_text="Found").wait_for()  # the status said "Recorded" before
    assert panel.locator("li", has_text="Steel Soldiers").count() >= 1
    assert panel.locator("li", has_text="Director of Steel Soldiers").count() == 0

    page.goto(base + film.get_absolute_url())
    assert "Robert Zemeckis — Director" in page.locator("main").text_content()

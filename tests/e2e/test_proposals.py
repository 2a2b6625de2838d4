"""A contributor proposes a new person from the "Suggested entities" panel and a new film from the autocomplete;
readers see neither on the published story until an editor accepts the person from the dashboard."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from articles.models import ArticlePage, Film, Person

from .helpers import log_in, start_story

# No serialized_rollback: the live server flushes anyway, and demo_site restores the migration rows itself.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARAGRAPH = "STX Entertainment has signed a new thriller, and the film is directed by Jane Examplewoman."
TITLE = "Examplewoman to direct a thriller"


def test_a_contributor_proposes_an_entity_and_an_editor_accepts_it(browser, page, demo_site):
    base = demo_site.url
    log_in(page, base, "contributor")
    start_story(page, base, title=TITLE, standfirst="A first feature for the documentary maker.", paragraph=PARAGRAPH)

    page.get_by_role("tab", name="Entities & tags").click()
    panel = page.locator(".newsroom-suggestions")
    propose = panel.get_by_role("button", name="Propose person Jane Examplewoman and add to People", exact=True)
    propose.wait_for()
    assert panel.get_by_role("button", name="Create and add").count() == 0  # nothing that would fail
    propose.click()
    page.locator("select[name=people] option:checked").first.wait_for(state="attached")
    panel.locator("li", has_text="Jane Examplewoman").get_by_text("Proposed and added").wait_for()
    assert "Readers see it once an editor accepts it." in panel.get_by_role("status").inner_text()

    # The autocomplete offers "Propose", never "Create", to a contributor.
    films = page.locator(".entity-autocomplete", has=page.locator("select[name=films]"))
    films.get_by_role("searchbox").fill("The Glass Orchard")
    films.get_by_role("button", name="Propose “The Glass Orchard”").click()
    films.locator(".entity-autocomplete__chip", has_text="The Glass Orchard").wait_for()
    assert films.get_by_role("button", name="Create “The Glass Orchard”").count() == 0

    page.get_by_role("button", name="Save draft").click()
    try:
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=90_000)
    except PlaywrightTimeout:
        errors = page.locator(".error-message, .help-critical, [role=alert]").all_inner_texts()
        raise AssertionError(f"the draft was not saved: {errors}") from None
    article = ArticlePage.objects.get(title=TITLE)
    jane = Person.objects.get(name="Jane Examplewoman")
    assert (jane.review_status, jane.proposed_by.username) == ("proposed", "contributor")
    assert Film.objects.get(name="The Glass Orchard").review_status == "proposed"
    assert [person.pk for person in article.people.all()] == [jane.pk]

    # The story goes out (the editorial review is not what this test is about); readers do not see the proposals.
    article.save_revision().publish()
    reader = browser.new_context()
    public = reader.new_page()
    public.goto(base + article.url)
    assert public.get_by_role("heading", name=TITLE).count() == 1
    assert "Jane Examplewoman" not in public.locator(".article__footer").inner_text()
    assert public.goto(base + jane.get_absolute_url()).status == 404

    # An editor accepts the person from the dashboard.
    desk = browser.new_context()
    editor_page = desk.new_page()
    log_in(editor_page, base, "editor")
    review = editor_page.locator("#proposed-entities-section")
    row = review.locator("tr", has_text="Jane Examplewoman")
    assert TITLE in row.inner_text()
    assert "Contributor" in row.inner_text()
    assert row.get_by_role("link", name="Merge Jane Examplewoman into another person").count() == 0  # admins only
    row.get_by_role("button", name="Accept Jane Examplewoman").click()
    editor_page.get_by_text("readers now see it").wait_for()
    assert review.locator("tr", has_text="Jane Examplewoman").count() == 0
    assert review.locator("tr", has_text="The Glass Orchard").count() == 1

    # At once on the cached story page, and the person has a page.
    public.goto(base + article.url)
    footer = public.locator(".article__footer")
    assert footer.get_by_role("link", name="Jane Examplewoman").count() >= 1
    assert "The Glass Orchard" not in footer.inner_text()
    assert public.goto(base + jane.get_absolute_url()).status == 200
    reader.close()
    desk.close()
    # The contributor's editor pings the server every few seconds: leave it before the live server's database is
    # flushed (the page fixture closes after the database fixtures, and a request in flight broke the flush).
    page.goto("about:blank")

"""An editor writes a paragraph naming a known studio and a new person, adds both from the "Suggested entities"
panel, publishes, and sees them on the public article."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import ArticlePage, Person

# No serialized_rollback: the live server flushes anyway, and demo_site restores the migration rows itself.
pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_adds_suggested_entities_and_publishes(page, demo_site):
    get_user_model().objects.create_superuser("desk", "desk@example.com", "desk-password-123")
    base = demo_site.url
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", "desk")
    page.fill("input[name=password]", "desk-password-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")

    from articles.models import TopicPage

    topic = TopicPage.objects.get(slug="movie-news")
    page.goto(f"{base}/admin/pages/add/articles/articlepage/{topic.pk}/")
    page.fill("#id_title", "Wicked new deal")
    page.fill("#id_standfirst", "STX Entertainment hires a director.")
    # Add a paragraph to the body and type into its rich-text editor.
    page.locator("[data-streamfield-list-container] button, button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").or_(page.get_by_text("Paragraph", exact=True)).first.click()
    editor = page.locator("[contenteditable='true']").first
    editor.click()
    editor.type("STX Entertainment has hired Jane Examplewoman, and the film is directed by Jane Examplewoman.")

    page.get_by_role("tab", name="Entities & tags").click()
    page.get_by_role("button", name="Suggest entities").click()
    panel = page.locator(".newsroom-suggestions")
    panel.get_by_role("button", name="Add").first.click()
    panel.locator("li", has_text="Jane Examplewoman").get_by_role("button", name="Create and add").click()
    page.wait_for_function("document.querySelector('select[name=people]').selectedOptions.length > 0")
    assert (
        "STX Entertainment"
        in page.locator(".entity-autocomplete", has=page.locator("select[name=studios]")).inner_text()
    )

    page.locator("button.dropdown-toggle, [data-w-dropdown-target='toggle']").last.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/admin/pages/**")

    article = ArticlePage.objects.get(title="Wicked new deal")
    assert article.live
    assert [studio.name for studio in article.studios.all()] == ["STX Entertainment"]
    assert Person.objects.filter(name="Jane Examplewoman").exists()
    assert [person.name for person in article.people.all()] == ["Jane Examplewoman"]

    page.goto(base + article.url)
    footer = page.locator(".article__footer").inner_text()
    assert "STX Entertainment" in footer and "Jane Examplewoman" in footer

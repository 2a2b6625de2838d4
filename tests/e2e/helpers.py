"""Steps the browser tests share: signing in to the admin, and starting a story with one paragraph."""

from articles.models import TopicPage
from articles.permissions import DEMO_PASSWORD


def log_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(base + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def start_story(page, base: str, *, title: str, standfirst: str, paragraph: str) -> None:
    """Open a new article under Movie News, fill its title and standfirst, and type one paragraph into its body."""
    topic = TopicPage.objects.get(slug="movie-news")
    page.goto(f"{base}/admin/pages/add/articles/articlepage/{topic.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_standfirst", standfirst)
    page.locator("[data-streamfield-list-container] button, button[title='Insert a block']").first.click()
    page.get_by_role("option", name="Paragraph").or_(page.get_by_text("Paragraph", exact=True)).first.click()
    editor = page.locator("[data-contentpath='body'] [contenteditable='true']").first
    editor.click()
    editor.type(paragraph)

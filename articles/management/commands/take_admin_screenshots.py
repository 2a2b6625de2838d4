"""Screenshots of the admin screens that docs/editors.md and docs/admins.md walk through (`make admin-screenshots`).

``SCREENS`` is the one list of them: add a screen there (and its image to the docs) when the admin grows one.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.demo.builder import ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD
from articles.permissions import DEMO_PASSWORD

from .take_screenshots import CHROMIUM, CHROMIUM_ARGS, demo_server, query_demo

LOGINS = {
    "contributor": ("contributor", DEMO_PASSWORD),
    "editor": ("editor", DEMO_PASSWORD),
    "admin": (ADMIN_USERNAME, DEFAULT_ADMIN_PASSWORD),
}
SEEDS = Path(settings.BASE_DIR) / "tests" / "fixtures" / "import"
# The story the import screen uploads (a dry run): the demo already has it live, so the report flags it.
IMPORTED = SEEDS / "000_steel-soldiers-announcement.txt"

# Sets up what the screens show in the scratch database, as the newsroom's own services would: a draft that repeats
# a live story (imported), a contributor's draft with a proposed studio, and a tag renamed (so that the curation
# history has a change to undo). Prints the ids of the demo rows the screens open.
DEMO_SETUP = f"""
import json
from django.contrib.auth import get_user_model
from taggit.models import Tag
from wagtail.rich_text import RichText
from articles import curation
from articles.importing import import_paths
from articles.models import ArticlePage, CurationChange, Studio, TopicPage
users = get_user_model().objects
editor, contributor, admin = (users.get(username=name) for name in ("editor", "contributor", "{ADMIN_USERNAME}"))
article = ArticlePage.objects.get(slug="stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers")
draft = ArticlePage.objects.filter(live=False).order_by("pk").first()
topic = TopicPage.objects.get(slug="movie-news")
studio = Studio.objects.get(slug="alibaba-pictures")
report = import_paths(["{SEEDS / "001_alibaba-first-hollywood-film.txt"}"], topic=topic, user=editor)
repeat = report.items[0].page_id
proposal = Studio.objects.create(
    name="Lantern Hill Pictures", review_status=Studio.Review.PROPOSED, proposed_by=contributor
)
pitch = ArticlePage(
    title="Lantern Hill Pictures backs a Steel Soldiers spin-off",
    standfirst="The new studio will co-finance the series with Alibaba Pictures.",
    body=[("paragraph", RichText("<p>Lantern Hill Pictures will co-finance the spin-off with Alibaba Pictures and "
        "STX Entertainment. Director Mara Okonkwo and Blue Harbor Films are attached, Alibaba Pictures said.</p>"))],
    studios=[proposal],
    owner=contributor,
    live=False,
)
topic.add_child(instance=pitch)
pitch.save_revision(user=contributor)
curation.rename_tag(Tag.objects.get(name="Korea"), new_name="South Korea", user=admin)
change = CurationChange.objects.latest("pk")
print(json.dumps({{
    "article": article.pk, "draft": draft.pk, "topic": topic.pk, "studio": studio.pk,
    "repeat": repeat, "pitch": pitch.pk, "change": change.pk,
}}))
"""


def open_entities_tab(page) -> None:
    page.get_by_role("tab", name="Entities & tags").click()
    page.locator(".newsroom-suggestions__run, .newsroom-suggestions__results li").first.wait_for(timeout=10000)
    page.wait_for_timeout(1500)  # the panel asks for suggestions as the tab opens


def open_status(page) -> None:
    page.get_by_role("button", name="Toggle status").click()
    page.get_by_role("button", name="Set schedule").wait_for()


def open_schedule(page) -> None:
    open_status(page)
    page.get_by_role("button", name="Set schedule").click()
    page.locator("input[name=go_live_at]").wait_for()


def open_more_actions(page) -> None:
    page.get_by_role("button", name="More actions").click()
    page.wait_for_timeout(300)


def submit_for_review(page) -> None:
    """Submits the draft, so that the review screens that follow have a story waiting."""
    open_more_actions(page)
    page.get_by_role("button", name="Submit to Editorial review").click()
    page.wait_for_load_state()


def open_bulk_more(page) -> None:
    boxes = page.locator("input[type=checkbox][data-bulk-action-checkbox]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="More", exact=True).click()
    page.get_by_text("Tag and link").first.wait_for()
    page.wait_for_timeout(500)  # the menu fades in


def confirm_tag_merge(page) -> None:
    """Asks to merge the first group of likely duplicate tags: the answer is the dry run, nothing is merged."""
    page.get_by_role("button", name="Merge this group…").first.click()
    page.get_by_role("heading", name="What this will change").wait_for()


def import_story(page) -> None:
    """A dry run of importing a story the demo already has live."""
    page.locator("input[type=file]").set_input_files(str(IMPORTED))
    page.get_by_label("Dry run").check()
    page.get_by_role("button", name="Import").click()
    page.locator(".import-report").wait_for()


def open_stories_tab(page) -> None:
    page.get_by_role("tab", name="Stories").click()
    page.evaluate("document.activeElement.blur()")  # no focus ring on the tab
    page.wait_for_timeout(300)


def show_proposals(page) -> None:
    heading = page.get_by_role("heading", name="Proposed entities awaiting review")
    heading.evaluate("element => element.closest('section').scrollIntoView()")
    page.wait_for_timeout(300)


@dataclass(frozen=True)
class Screen:
    name: str  # docs/screenshots/admin/<name>.png
    user: str  # a key of LOGINS
    path: str  # formatted with DEMO_IDS
    steps: Callable | None = None  # what to click before the picture
    full_page: bool = False


SCREENS = [
    Screen("dashboard", "editor", "/admin/"),
    Screen("page-explorer", "editor", "/admin/pages/{topic}/"),
    Screen("article-content", "editor", "/admin/pages/{article}/edit/"),
    Screen("article-entities-suggestions", "editor", "/admin/pages/{article}/edit/", open_entities_tab),
    Screen("status-panel", "editor", "/admin/pages/{article}/edit/", open_status),
    Screen("schedule-dialog", "editor", "/admin/pages/{article}/edit/", open_schedule),
    Screen("publishing-menu", "editor", "/admin/pages/{article}/edit/", open_more_actions),
    Screen("submit-for-review", "editor", "/admin/pages/{draft}/edit/", open_more_actions),
    Screen("submitted", "editor", "/admin/pages/{draft}/edit/", submit_for_review),
    Screen("dashboard-awaiting-review", "editor", "/admin/"),
    Screen("review-actions", "editor", "/admin/pages/{draft}/edit/", open_more_actions),
    Screen("workflow-report", "editor", "/admin/reports/workflow/"),
    Screen("bulk-actions-more", "editor", "/admin/pages/{topic}/", open_bulk_more),
    Screen("studios", "editor", "/admin/snippets/articles/studio/"),
    Screen("people", "editor", "/admin/snippets/articles/person/"),
    Screen("films", "editor", "/admin/snippets/articles/film/"),
    Screen("authors", "editor", "/admin/snippets/articles/author/"),
    Screen("dashboard-proposals", "editor", "/admin/", show_proposals),
    Screen("suggestions-propose", "contributor", "/admin/pages/{pitch}/edit/", open_entities_tab),
    Screen("stories-by-studio", "editor", "/admin/stories/?studio={studio}"),
    Screen("studio-stories-tab", "editor", "/admin/snippets/articles/studio/edit/{studio}/", open_stories_tab),
    Screen("duplicate-warning", "editor", "/admin/pages/{repeat}/edit/"),
    Screen("importer", "editor", "/admin/import-stories/"),
    Screen("import-duplicate", "editor", "/admin/import-stories/", import_story),
    Screen("tag-manager", "admin", "/admin/curation/tags/"),
    Screen("likely-duplicates", "admin", "/admin/curation/tags/duplicates/"),
    Screen("merge-entities", "admin", "/admin/curation/entities/merge/"),
    Screen("curation-confirm", "admin", "/admin/curation/tags/duplicates/", confirm_tag_merge),
    Screen("curation-history", "admin", "/admin/curation/history/"),
    Screen("curation-undo", "admin", "/admin/curation/history/{change}/undo/"),
    Screen("site-history", "admin", "/admin/reports/site-history/"),
]
WIDTH, HEIGHT = 1280, 800


def save_small(png: bytes, target: Path) -> None:
    """A 256-colour PNG: admin screens are flat colours, so a fifth of the size and no visible loss."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


class Command(BaseCommand):
    help = "Log into the admin of a scratch demo newsroom and save the screens the docs show (docs/screenshots/admin/)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots" / "admin"))
        parser.add_argument("--only", nargs="*", help="Names of the screens to take (default: all).")

    def handle(self, *args, **options) -> None:
        from playwright.sync_api import sync_playwright

        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        wanted = [screen for screen in SCREENS if not options["only"] or screen.name in options["only"]]
        with demo_server() as (base, env), sync_playwright() as playwright:
            ids = query_demo(env, DEMO_SETUP)
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            contexts = {}
            for screen in wanted:
                if screen.user not in contexts:
                    contexts[screen.user] = self.log_in(browser, base, *LOGINS[screen.user])
                page = contexts[screen.user]
                page.evaluate("localStorage.clear()")  # the admin reopens the side panel the last screen left open
                page.goto(base + screen.path.format(**ids))
                page.wait_for_load_state("networkidle")
                if screen.steps:
                    screen.steps(page)
                page.mouse.move(0, 0)  # no hover states
                target = out / f"{screen.name}.png"
                save_small(page.screenshot(full_page=screen.full_page), target)
                self.stdout.write(f"wrote {target}")
            browser.close()

    def log_in(self, browser, base: str, username: str, password: str):
        context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
        page = context.new_page()
        page.goto(base + "/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        return page

"""axe-core (the engine behind Lighthouse's accessibility audit, shipped by axe-playwright-python) on every public
page type of the demo at desktop and phone widths: no serious or critical violation (issue #20 item 4)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import ArticlePage, TopicPage

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Width, height and colour scheme: the dark scheme (prefers-color-scheme) is held to the same contrast.
VIEWS = {"desktop": (1280, 900, "light"), "phone": (375, 812, "light"), "phone, dark": (375, 812, "dark")}


def page_types() -> dict[str, str]:
    """One URL of each public page type in the demo."""
    story = ArticlePage.objects.live().order_by("-first_published_at").first()
    topic = TopicPage.objects.live().first()
    return {
        "home": "/",
        "topic": topic.url,
        "article": story.url,
        "studio": "/studios/stx-entertainment/",
        "person": "/people/robert-zemeckis/",
        "film": "/films/steel-soldiers/",
        "series": "/series/wandavision/",
        "author": story.authors.first().get_absolute_url() if story.authors.exists() else "/authors/",
        "tag": "/tags/",
        "studio index": "/studios/",
        "film index": "/films/?letter=S",
        "search": "/search/?q=soldiers",
        "not found": "/no-such-page/",
    }


def test_no_serious_or_critical_violations_on_any_page_type(browser, demo_site):
    axe = Axe()
    failures = []
    urls = page_types()
    for width_name, (width, height, scheme) in VIEWS.items():
        # bypass_csp lets the test inject axe; the pages themselves run no inline script.
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, bypass_csp=True)
        page = context.new_page()
        for name, url in urls.items():
            page.goto(demo_site.url + url)
            results = axe.run(page)
            assert results.response["testEngine"]["name"] == "axe-core", url  # axe really ran on the page
            for violation in results.response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    failures.append(f"{width_name} {name} {url}: {violation['id']} ({violation['impact']}) {targets}")
        context.close()
    assert not failures, "\n".join(failures)

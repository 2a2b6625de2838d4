"""The story grids in Chromium: with any number of cards and at any width, every row is full (no holes, no
orphan card beside empty columns), with and without a lead."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

CARD = (
    '<article class="card"><a class="card__image" href="#"><img src="data:image/gif;base64,'
    'R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==" width="480" height="270" alt=""></a>'
    '<div class="card__body"><h3 class="card__title"><a href="#">Story {n}</a></h3>'
    '<p class="card__standfirst">A short summary.</p><p class="card__meta">1 Jan 2026</p></div></article>'
)

ROWS = """() => {
    const grid = document.querySelector('.card-grid');
    const box = grid.getBoundingClientRect();
    const rows = {};
    for (const card of grid.children) {
        const r = card.getBoundingClientRect();
        (rows[Math.round(r.top)] ||= []).push([r.left - box.left, box.right - r.right]);
    }
    return Object.values(rows).map(row => [Math.min(...row.map(c => c[0])), Math.min(...row.map(c => c[1]))]);
}"""


@pytest.mark.parametrize("width", [360, 700, 1100, 1400])
@pytest.mark.parametrize("lead", [False, True])
def test_story_grids_leave_no_holes(browser, width, lead):
    css = Path(finders.find("css/site.css")).read_text()
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        for count in range(1, 13):
            cards = "".join(CARD.format(n=n) for n in range(count))
            grid = "card-grid card-grid--lead" if lead else "card-grid"
            page.set_content(f'<style>{css}</style><main class="wrap"><div class="{grid}">{cards}</div></main>')
            for left_gap, right_gap in page.evaluate(ROWS):
                # Each row starts at the grid's left edge and ends at its right edge.
                assert left_gap < 1 and right_gap < 1, (width, lead, count, left_gap, right_gap)
    finally:
        page.close()


@pytest.mark.parametrize(
    ("scheme", "paper", "ink"),
    [("light", "rgb(255, 255, 255)", "rgb(26, 26, 26)"), ("dark", "rgb(20, 20, 20)", "rgb(235, 232, 227)")],
)
def test_the_colour_scheme_follows_the_reader(browser, scheme, paper, ink):
    css = Path(finders.find("css/site.css")).read_text()
    page = browser.new_page(color_scheme=scheme)
    try:
        page.set_content(f"<style>{css}</style><p>Text</p>")
        colours = page.evaluate(
            "() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; }"
        )
        assert colours == [paper, ink]
    finally:
        page.close()

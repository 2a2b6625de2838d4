"""The demo's production slate and reviews (issue #18): status histories from the seed story and public knowledge,
and a Reviews section with a few reviews written in our own words. Idempotent like the rest of the demo."""

from __future__ import annotations

from datetime import date, datetime

from ..models import ArticlePage, Film, HomePage, ReviewIndexPage, ReviewPage, Series, StatusChange

# (kind, title, status, date, slug of the story reporting it or "", note)
STATUS_CHANGES = [
    (
        "film",
        "Steel Soldiers",
        "announced",
        "2018-02-06",
        "stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers",
        "STX Entertainment and Alibaba Pictures announce the project together.",
    ),
    (
        "film",
        "Steel Soldiers",
        "in_development",
        "2018-02-06",
        "stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers",
        "The two studios will co-develop it from an original screenplay by Ken Kaufman.",
    ),
    ("film", "Wonder Woman", "in_production", "2015-11-21", "", "Cameras roll in the United Kingdom."),
    ("film", "Wonder Woman", "completed", "2016-05-09", "", "Principal photography ends."),
    ("film", "Wonder Woman", "released", "2017-06-02", "", ""),
    ("film", "Black Panther", "in_production", "2017-01-21", "", "Filming begins in Atlanta."),
    ("film", "Black Panther", "completed", "2017-04-19", "", ""),
    ("film", "Black Panther", "released", "2018-02-16", "", ""),
    ("film", "Avengers: Endgame", "in_production", "2017-08-10", "", "Shot back to back with Infinity War."),
    ("film", "Avengers: Endgame", "completed", "2018-01-11", "", ""),
    ("film", "Avengers: Endgame", "released", "2019-04-26", "", ""),
    ("series", "WandaVision", "in_production", "2019-11-01", "", "Filming starts in Atlanta."),
    ("series", "WandaVision", "running", "2021-01-15", "", "The first two episodes premiere on Disney+."),
    ("series", "WandaVision", "ended", "2021-03-05", "", "The ninth and last episode airs."),
    ("series", "Peacemaker", "running", "2022-01-13", "", "The first three episodes premiere on HBO Max."),
    ("series", "Peacemaker", "renewed", "2022-02-10", "", "HBO Max orders a second season."),
    ("series", "Peacemaker", "running", "2025-08-21", "", "Season two premieres."),
]

REVIEWS_SECTION = {"title": "Reviews", "slug": "reviews", "intro": "<p>Our critics on films and series.</p>"}

REVIEWS = [
    {
        "title": "Black Panther review: a superhero film with a world worth visiting",
        "slug": "black-panther-review",
        "date": "2025-02-16T09:00:00+00:00",
        "film": "Black Panther",
        "rating": 4,
        "verdict": "Ryan Coogler builds Wakanda with such care that the action almost feels secondary.",
        "standfirst": "Seven years on, Marvel's story of a king and his challenger still stands apart from the "
        "studio's other films.",
        "body": "<p>The pleasure of the film is its setting: a hidden nation whose costumes, architecture and "
        "politics feel thought through rather than decorated. The design team's Oscars were earned.</p><p>Chadwick "
        "Boseman plays T'Challa as a ruler unsure of his inheritance, and Michael B. Jordan gives the villain a "
        "grievance the film takes seriously. The last battle is more routine than what leads up to it, but the "
        "argument at the film's heart lingers.</p>",
    },
    {
        "title": "Back to the Future review: a time-travel comedy that still runs like clockwork",
        "slug": "back-to-the-future-review",
        "date": "2025-07-03T09:00:00+00:00",
        "film": "Back to the Future",
        "rating": 5,
        "verdict": "Forty years on, every set-up still pays off.",
        "standfirst": "Robert Zemeckis's 1985 hit is a lesson in economy: not a scene is wasted.",
        "body": "<p>What stands out on a fresh viewing is how tightly the script is built. Every detail planted in "
        "the first act — a flyer about the clock tower, a photograph that fades, a skateboard — returns when the "
        "story needs it, so the finale feels both surprising and inevitable.</p><p>The performances keep the "
        "machinery light. Michael J. Fox plays panic as comedy, and Christopher Lloyd's inventor is all elbows "
        "and exclamation marks. It remains the rare blockbuster that a whole family can agree on.</p>",
    },
    {
        "title": "Forrest Gump review: sentiment and spectacle in equal measure",
        "slug": "forrest-gump-review",
        "date": "2024-07-06T09:00:00+00:00",
        "film": "Forrest Gump",
        "rating": 7,
        "best_rating": 10,
        "verdict": "Tom Hanks holds together a film that sometimes leans too hard on the heartstrings.",
        "standfirst": "Three decades after its release, Zemeckis's trip through American history divides as much as "
        "it delights.",
        "body": "<p>The technical tricks that placed its hero beside presidents were headline news in 1994; today "
        "they are less striking than the film's pacing, which moves through decades with the ease of a jukebox.</p>"
        "<p>Not every episode lands, and the film's view of the people around Forrest can feel thin. But Hanks's "
        "unguarded performance carries it, and the feather that bookends the story is still a lovely image.</p>",
    },
    {
        "title": "WandaVision review: a sitcom puzzle box that finds its heart",
        "slug": "wandavision-season-1-review",
        "date": "2021-03-08T09:00:00+00:00",
        "series": "WandaVision",
        "season": 1,
        "rating": 4,
        "verdict": "Playful with form for most of its run, and moving when it counts.",
        "spoilers": True,
        "standfirst": "Marvel's first Disney+ series turns decades of television into a study of grief.",
        "body": "<p>The early episodes are a pastiche of black-and-white and then colour sitcoms, with laugh tracks "
        "and commercials that hint at something wrong. The reveal that the town is a world Wanda built around her "
        "loss gives the jokes a sadness in hindsight.</p><p>The finale falls back on a familiar superhero battle, "
        "but the quiet scene between Wanda and Vision before it is among the best moments the franchise has "
        "given either character.</p>",
    },
]


def ensure_status_changes(report) -> None:
    titles = {"film": Film, "series": Series}
    stories = {page.slug: page for page in ArticlePage.objects.filter(slug__in={row[4] for row in STATUS_CHANGES})}
    for kind, name, status, day, story, note in STATUS_CHANGES:
        title = titles[kind].objects.filter(name=name).first()
        if title is None:
            continue
        change, created = StatusChange.objects.get_or_create(
            **{kind: title},
            status=status,
            date=date.fromisoformat(day),
            defaults={"article": stories.get(story), "note": note},
        )
        report.count("status changes", created)


def ensure_reviews(report, home: HomePage, admin, *, authors) -> None:
    section = ReviewIndexPage.objects.child_of(home).filter(slug=REVIEWS_SECTION["slug"]).first()
    if section is None:
        section = home.add_child(
            instance=ReviewIndexPage(
                title=REVIEWS_SECTION["title"], slug=REVIEWS_SECTION["slug"], intro=REVIEWS_SECTION["intro"], live=False
            )
        )
        section.save_revision(user=admin).publish(user=admin)
        report.count("pages", True)
    critic = authors["Daniel Okafor"]
    for row in REVIEWS:
        if ReviewPage.objects.child_of(section).filter(slug=row["slug"]).exists():
            continue
        review = ReviewPage(
            title=row["title"],
            slug=row["slug"],
            standfirst=row["standfirst"],
            date=datetime.fromisoformat(row["date"]),
            body=[("paragraph", row["body"])],
            reviewed_film=Film.objects.filter(name=row.get("film", "")).first(),
            reviewed_series=Series.objects.filter(name=row.get("series", "")).first(),
            season_number=row.get("season"),
            rating=row["rating"],
            best_rating=row.get("best_rating", 5),
            verdict=row["verdict"],
            spoilers=row.get("spoilers", False),
            live=False,
        )
        review.authors = [critic]
        section.add_child(instance=review)
        review.save_revision(user=admin).publish(user=admin)
        report.count("reviews", True)

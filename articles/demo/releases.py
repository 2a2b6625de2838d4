"""The demo's release dates: public facts in our own words, and a few upcoming dates set relative to the day the demo
is loaded (each says so in its note) so that the calendar has a current month and "Opening this week" shows them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Film, Release, Series, Studio

ILLUSTRATIVE = "Demo date, set relative to the day the demo was loaded: no date has been announced."
# Steel Soldiers is in development: its demo dates are two years out.

# (title, season, territory, type, date or days from the load date, company, venue, note)
RELEASES = [
    ("Real", None, "KR", "theatrical", datetime.date(2017, 6, 28), "", "", "Opened in South Korean cinemas."),
    (
        "Real",
        None,
        "CN",
        "theatrical",
        2,
        "Alibaba Pictures",
        "",
        "Alibaba Pictures distributes and markets the film in China. " + ILLUSTRATIVE,
    ),
    ("Steel Soldiers", None, "US", "theatrical", 730, "STX Entertainment", "", ILLUSTRATIVE),
    ("Steel Soldiers", None, "greater-china", "theatrical", 730, "Alibaba Pictures", "", ILLUSTRATIVE),
    (
        "Mission: Impossible – Rogue Nation",
        None,
        "US",
        "theatrical",
        datetime.date(2015, 7, 31),
        "Paramount Pictures",
        "",
        "",
    ),
    ("Mission: Impossible – Rogue Nation", None, "GB", "theatrical", datetime.date(2015, 7, 30), "", "", ""),
    (
        "Mission: Impossible – Rogue Nation",
        None,
        "CN",
        "theatrical",
        datetime.date(2015, 9, 8),
        "",
        "",
        "Alibaba Pictures invested in the film and promoted it in China.",
    ),
    ("Black Panther", None, "US", "theatrical", datetime.date(2018, 2, 16), "", "", ""),
    ("Black Panther", None, "CN", "theatrical", datetime.date(2018, 3, 9), "", "", ""),
    (
        "Avengers: Endgame",
        None,
        "CN",
        "theatrical",
        datetime.date(2019, 4, 24),
        "",
        "",
        "Opened in China two days before the US.",
    ),
    ("Avengers: Endgame", None, "US", "theatrical", datetime.date(2019, 4, 26), "", "", ""),
    ("Wonder Woman", None, "US", "theatrical", datetime.date(2017, 6, 2), "Warner Bros. Pictures", "", ""),
    ("The BFG", None, "FR", "festival", datetime.date(2016, 5, 14), "", "Cannes", "Shown out of competition."),
    ("The BFG", None, "US", "theatrical", datetime.date(2016, 7, 1), "", "", ""),
    ("Star Trek Beyond", None, "US", "theatrical", datetime.date(2016, 7, 22), "Paramount Pictures", "", ""),
    ("WandaVision", None, "worldwide", "streaming", datetime.date(2021, 1, 15), "Disney+", "Disney+", ""),
    ("Peacemaker", 1, "US", "streaming", datetime.date(2022, 1, 13), "HBO Max", "HBO Max", ""),
    ("Peacemaker", 2, "US", "streaming", datetime.date(2025, 8, 21), "HBO Max", "HBO Max", ""),
]


def ensure_releases() -> int:
    """Create the demo's releases that are missing (found by title, season, territory, type and venue, so an
    upcoming date keeps the day it was first given); returns how many were made."""
    today = timezone.localdate()
    created = 0
    for title, season, territory, release_type, when, company, venue, note in RELEASES:
        film = Film.objects.filter(name=title).first()
        series = None if film else Series.objects.filter(name=title).first()
        if film is None and series is None:
            continue
        date = when if isinstance(when, datetime.date) else today + datetime.timedelta(days=when)
        _, made = Release.objects.get_or_create(
            film=film,
            series=series,
            season=season,
            territory=territory,
            release_type=release_type,
            venue=venue,
            defaults={
                "date": date,
                "company": Studio.objects.filter(name=company).first() if company else None,
                "note": note,
            },
        )
        created += made
    return created

"""Issue #18's acceptance with the demo loaded: every business page answers, links to the others and to the
stories, the iCalendar feed parses with a library made for it, and each page's JSON-LD carries its types."""

import json
from io import StringIO

import icalendar
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from articles.models import AwardEdition, Film, ReviewPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a["href"].split("?")[0].split("#")[0] for a in soup.find_all("a", href=True)}
    types = set()
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        for block in data if isinstance(data, list) else [data]:
            types.add(block["@type"])
            types.update(item.get("@type") for item in block.get("@graph", []) if isinstance(item, dict))
    return soup, links, types


def test_every_business_page_answers_links_and_says_what_it_is(client, demo):
    film = Film.objects.get(name="Black Panther")
    review = ReviewPage.objects.live().get(reviewed_film=film)
    edition = AwardEdition.objects.filter(nominations__film=film).first()
    film_url = film.get_absolute_url()

    _, links, types = page(client, film_url)
    assert {"Movie"} <= types
    assert review.url in links, "the film's page lists its review"
    assert edition.get_absolute_url() in links, "and the awards edition it was nominated at"
    assert "$403.6 million" in client.get(film_url).content.decode(), "and its box office"
    assert any(link.startswith("/releases/") for link in links), "and the release calendar"
    soup, _, _ = page(client, film_url)
    movie = next(
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
        if json.loads(s.string).get("@type") == "Movie"
    )
    assert movie["aggregateRating"]["ratingValue"] and movie["releasedEvent"] and movie["image"]

    _, links, types = page(client, review.url)
    assert "Review" in types or "NewsArticle" in types
    assert film_url in links

    _, links, types = page(client, edition.get_absolute_url())
    assert "Event" in types and film_url in links

    for url in ["/releases/", "/box-office/", "/slate/", "/awards/", "/series/wandavision/"]:
        _, links, types = page(client, url)
        assert any(link.startswith(("/films/", "/series/")) for link in links), url
    assert "TVSeries" in page(client, "/series/wandavision/")[2]

    _, links, _ = page(client, "/box-office/?territory=domestic&weekend=2015-08-14")
    assert "/films/mission-impossible-rogue-nation/" in links

    calendar = icalendar.Calendar.from_ical(client.get("/releases/calendar.ics").content)
    events = calendar.walk("VEVENT")
    assert events and all(event.get("UID") and event.get("DTSTART") for event in events)

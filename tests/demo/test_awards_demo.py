"""The demo's awards: every awards page answers with content, and winners, nominees and stories link both ways."""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import AwardEdition, AwardNomination

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_every_awards_page_of_the_demo_has_content(demo, client):
    assert AwardEdition.objects.count() >= 6 and AwardNomination.objects.filter(won=True).count() >= 15
    for edition in AwardEdition.objects.select_related("ceremony"):
        for url in (edition.get_absolute_url(), edition.ceremony.get_absolute_url(), "/awards/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Nothing here" not in response.content.decode() and "No nominations" not in response.content.decode()


def test_the_88th_academy_awards_link_winners_their_stories_and_back(demo, client):
    html = client.get("/awards/academy-awards/2016/").content.decode()
    assert '<strong>Winner</strong> <a href="/films/spotlight/">Spotlight</a>' in html
    assert 'for <a href="/films/the-revenant/"><cite>The Revenant</cite></a>' in html
    assert re.search(r'href="/films/spotlight/#stories-heading">1 story</a>', html)
    event = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert event["@type"] == "Event" and event["location"]["name"] == "Dolby Theatre, Los Angeles"
    film = client.get("/films/mad-max-fury-road/").content.decode()
    assert film.count("<strong>Won</strong>") == 6
    assert (
        "Spotlight takes best picture as DiCaprio finally wins an Oscar"
        in client.get("/films/spotlight/").content.decode()
    )
    assert "Palme d&#x27;Or" in client.get("/films/parasite/").content.decode()
    assert "Outstanding Limited or Anthology Series" in client.get("/series/wandavision/").content.decode()

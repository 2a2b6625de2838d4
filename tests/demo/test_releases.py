"""The demo's releases: the seeds' titles and a few well-known ones, with something opening this week."""

from io import StringIO

import icalendar
import pytest
from django.core.management import call_command

from articles.models import Release

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def test_the_demo_has_reals_china_release_and_rogue_nations(demo):
    china = Release.objects.get(film__name="Real", territory="CN")
    assert china.company.name == "Alibaba Pictures" and china.release_type == "theatrical"
    assert set(
        Release.objects.filter(film__slug="mission-impossible-rogue-nation").values_list("territory", flat=True)
    ) == {"US", "GB", "CN"}
    assert Release.objects.filter(film__name="Steel Soldiers").exists()
    assert Release.objects.filter(series__name="Peacemaker", season=2).exists()


def test_loading_again_adds_no_release(demo):
    before = Release.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Release.objects.count() == before


def test_the_calendar_opens_with_this_weeks_releases_and_its_feed_parses(demo, client):
    html = client.get("/releases/").content.decode()
    opening = html.split('id="opening-heading"')[1].split("</section>")[0]
    assert 'href="/films/real/"' in opening
    real = client.get("/films/real/").content.decode()
    assert 'id="section-releases"' in real and "Alibaba Pictures" in real and "releasedEvent" in real
    feed = icalendar.Calendar.from_ical(client.get("/releases/calendar.ics?territory=CN").content)
    assert any(str(event["SUMMARY"]) == "Real — theatrical, China" for event in feed.walk("VEVENT"))

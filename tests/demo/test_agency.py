"""The demo's agency feed and ingest queue."""

from __future__ import annotations

import pytest

from articles.demo.agency import ensure_agency_queue
from articles.models import AgencyFeed, IngestItem

pytestmark = pytest.mark.django_db


def test_the_demo_queue_holds_a_ninjs_item_and_an_embargoed_newsml_item():
    assert ensure_agency_queue() == 2
    formats = dict(IngestItem.objects.values_list("format", "status"))
    assert formats == {"ninjs 2.x": "queued", "newsml": "queued"}
    assert IngestItem.objects.get(format="newsml").embargoed
    assert not AgencyFeed.objects.get().active  # an example address: never polled


def test_a_second_run_adds_nothing():
    ensure_agency_queue()
    assert ensure_agency_queue() == 0
    assert IngestItem.objects.count() == 2

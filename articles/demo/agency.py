"""The demo's agency ingest: an (inactive) agency feed and two items waiting in the queue, one under embargo.

The items retell public facts in our own words; the embargo is a day after the first demo run, so the queue shows
one. Received through the queue's own service, so a second run finds them by guid and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from ..importing.agency import parse_agency_file
from ..importing.ingest import receive
from ..models import AgencyFeed, IngestItem

CREDIT = "Newsroom Demo Wire"
FEED = {
    "name": "Demo wire: film",
    "url": "https://wire.example/film.rss",  # the reserved .example domain: inactive, never polled
    "format": AgencyFeed.Format.FEED,
    "credit": CREDIT,
    "active": False,
}
NINJS_ITEM = {
    "uri": "urn:newsroom-demo:wire:endgame-record",
    "standard": {"name": "ninjs", "version": "2.1", "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"},
    "type": "text",
    "version": "1",
    "firstcreated": "2019-07-21T18:00:00Z",
    "versioncreated": "2019-07-21T18:00:00Z",
    "pubstatus": "usable",
    "language": "en",
    "headlines": [{"role": "main", "value": "Avengers: Endgame passes Avatar as the top-grossing film worldwide"}],
    "descriptions": [{"role": "summary", "value": "Marvel Studios' finale took the record after a re-release."}],
    "bodies": [
        {
            "contenttype": "text/html",
            "value": "<p>Avengers: Endgame has overtaken Avatar to become the highest-grossing film of all time "
            "worldwide, Marvel Studios said on Sunday.</p><p>Anthony Russo and Joe Russo directed the film, which "
            "returned to cinemas with extra footage earlier this summer.</p>",
        }
    ],
    "by": CREDIT,
    "copyrightholder": CREDIT,
}
NEWSML_ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsroom-demo:wire:amblin-stake" version="1"
          standard="NewsML-G2" standardversion="2.34" conformance="power" xml:lang="en">
  <rightsInfo><copyrightHolder><name>{credit}</name></copyrightHolder></rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="{credit}"/>
    <versionCreated>{created}</versionCreated>
    <embargoed>{embargo}</embargoed>
    <pubStatus qcode="stat:usable"/>
  </itemMeta>
  <contentMeta>
    <headline>Alibaba Pictures takes a stake in Amblin Partners</headline>
    <description role="drol:summary">Jack Ma's film company will co-finance Steven Spielberg's films.</description>
    <by>{credit}</by>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml"><body>
        <p>Alibaba Pictures is buying a minority stake in Amblin Partners, Steven Spielberg's production
        company.</p>
        <p>The two companies will co-produce and co-finance films, and Alibaba Pictures will help bring them to
        audiences in China.</p>
      </body></html>
    </inlineXML>
  </contentSet>
</newsItem>
"""


def ensure_agency_queue() -> int:
    """The demo feed and queue items; how many items this run added."""
    AgencyFeed.objects.get_or_create(name=FEED["name"], defaults=FEED)
    before = IngestItem.objects.count()
    now = timezone.now().replace(microsecond=0)
    newsml = NEWSML_ITEM.format(
        credit=CREDIT, created=now.isoformat(), embargo=(now + dt.timedelta(days=1)).isoformat()
    )
    for name, data in (("demo-wire.json", json.dumps(NINJS_ITEM).encode()), ("demo-wire.xml", newsml.encode())):
        for item in parse_agency_file(name, data):
            if IngestItem.objects.filter(guid=getattr(item, "guid", "")).exists():
                continue  # already queued (the embargo differs from run to run: never a "newer version")
            receive(item, source=f"Demo wire ({name})")
    return IngestItem.objects.count() - before

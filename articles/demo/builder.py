"""Builds the demo newsroom from content.py. Idempotent: everything is found by slug or name before it is made."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page, Site

from ..models import (
    ArticlePage,
    Author,
    Correction,
    ExchangeRate,
    Film,
    FilmCompany,
    FilmCredit,
    Gross,
    HomeFeaturedTopic,
    HomePage,
    HomeTopStory,
    LivePage,
    LiveUpdate,
    Person,
    PersonAffiliation,
    Season,
    Series,
    SeriesCompany,
    SeriesCredit,
    Studio,
    TopicPage,
    territories,
)
from . import awards, content, slate_reviews
from .agency import ensure_agency_queue
from .images import demo_image
from .releases import ensure_releases

ADMIN_USERNAME = "admin"
DEFAULT_ADMIN_PASSWORD = "newsroom-admin"  # noqa: S105 - a local demo login, printed by the command
SINGULAR = {"people": "person", "companies": "company", "series": "series"}


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)  # plural noun -> how many were made
    admin_password: str | None = None
    site_address: str | None = None  # the Site's new root URL, when this run moved it

    def count(self, kind: str, created: bool | int) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + int(created)

    def summary(self) -> str:
        """What this run made, counted in words: "3 accounts, 1 page, 2 people"."""
        return ", ".join(
            f"{count} {kind if count != 1 else SINGULAR.get(kind, kind.removesuffix('s'))}"
            for kind, count in sorted(self.created.items())
        )


def build_demo() -> DemoReport:
    """Create (or complete) the demo newsroom in one transaction."""
    report = DemoReport()
    with transaction.atomic():
        ensure_tree_roots()
        admin = ensure_admin(report)
        studios = ensure_studios(report)
        people = ensure_people(report)
        films = ensure_films(report)
        ensure_relations(report, studios=studios, people=people, films=films)
        series = ensure_series(report, studios=studios, people=people)
        awards.ensure_entities(report, people=people, films=films)
        authors = ensure_authors(report)
        home = ensure_home(report, admin)
        ensure_site_address(report)
        topics = ensure_topics(report, home, admin, studios=studios, people=people, films=films)
        ensure_articles(
            report, topics, admin, studios=studios, people=people, films=films, series=series, authors=authors
        )
        ensure_articles(
            report,
            topics,
            admin,
            studios=studios,
            people=people,
            films=films,
            series=series,
            authors=authors,
            rows=awards.ARTICLES,
        )
        awards.ensure_awards(report, people=people, films=films, series=series)
        ensure_corrections(report, admin)
        ensure_home_curation(home, topics, admin)
        report.count("agency items", ensure_agency_queue())  # the ingest queue (articles/demo/agency.py)
        report.count("releases", ensure_releases())
        ensure_live_coverage(
            report, topics, admin, studios=studios, people=people, films=films, series=series, authors=authors
        )
        # The production slate and reviews (issue #18).
        slate_reviews.ensure_status_changes(report)
        slate_reviews.ensure_reviews(report, home, admin, authors=authors)
        ensure_box_office(report, films)
        # A picture for every entity, shaped by its kind (articles/demo/images.py).
        for kind, entities in (("studio", studios), ("person", people), ("film", films), ("series", series)):
            for entity in entities.values():
                if entity.image_id is None:
                    entity.image = demo_image(entity.name, kind)
                    entity.save()
    from ..permissions import DEMO_USERS, create_demo_users

    names = [username for username, _ in DEMO_USERS]
    report.count("accounts", len(names) - get_user_model().objects.filter(username__in=names).count())
    create_demo_users()
    return report


def ensure_tree_roots() -> None:
    """The rows Wagtail's migrations normally create (locale, root page, root collection), if a flushed
    database lacks them."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", live=True)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def ensure_admin(report: DemoReport):
    User = get_user_model()
    password = os.environ.get("NEWSROOM_ADMIN_PASSWORD")
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    if user is None:
        user = User.objects.create_superuser(
            ADMIN_USERNAME, email="admin@newsroom.local", password=password or DEFAULT_ADMIN_PASSWORD
        )
        report.count("accounts", True)
        report.admin_password = password or DEFAULT_ADMIN_PASSWORD
    elif password:
        user.set_password(password)
        user.save(update_fields=["password"])
        report.admin_password = password
    return user


def _ensure_entities(report: DemoReport, model, rows: list[dict]) -> dict:
    found = {}
    for row in rows:
        data = dict(row)
        data.pop("parent", None)
        slug = data.pop("slug", None) or slugify(data["name"])
        entity, created = model.objects.get_or_create(slug=slug, defaults=data)
        report.count(model._meta.verbose_name_plural, created)
        found[row["name"]] = entity
    return found


def ensure_studios(report: DemoReport) -> dict[str, Studio]:
    studios = _ensure_entities(report, Studio, content.STUDIOS)
    for row in content.STUDIOS:
        if row.get("parent"):
            studio = studios[row["name"]]
            if studio.parent_id is None:
                studio.parent = studios[row["parent"]]
                studio.save(update_fields=["parent"])
    return studios


def ensure_people(report: DemoReport) -> dict[str, Person]:
    return _ensure_entities(report, Person, content.PEOPLE)


def ensure_films(report: DemoReport) -> dict[str, Film]:
    return _ensure_entities(report, Film, content.FILMS)


def ensure_relations(report: DemoReport, *, studios, people, films) -> None:
    for film, person, role, via in content.CREDITS:
        _, created = FilmCredit.objects.get_or_create(
            film=films[film], person=people[person], role=role, defaults={"via": studios.get(via) if via else None}
        )
        report.count("credits", created)
    for film, studio, role, territory in content.COMPANIES:
        _, created = FilmCompany.objects.get_or_create(
            film=films[film], studio=studios[studio], role=role, defaults={"territory": territory}
        )
        report.count("companies", created)
    for person, studio, title, current in content.AFFILIATIONS:
        _, created = PersonAffiliation.objects.get_or_create(
            person=people[person], studio=studios[studio], title=title, defaults={"current": current}
        )
        report.count("affiliations", created)


def ensure_series(report: DemoReport, *, studios, people) -> dict[str, Series]:
    found = {}
    for row in content.SERIES:
        data = {key: value for key, value in row.items() if key not in ("network", "seasons")}
        series, created = Series.objects.get_or_create(
            slug=slugify(row["name"]), defaults={**data, "network": studios[row["network"]]}
        )
        report.count("series", created)
        for number, year, episodes in row["seasons"]:
            _, created = Season.objects.get_or_create(
                series=series, number=number, defaults={"year": year, "episodes": episodes}
            )
            report.count("seasons", created)
        found[row["name"]] = series
    for name, person, role, character in content.SERIES_CREDITS:
        _, created = SeriesCredit.objects.get_or_create(
            series=found[name], person=people[person], role=role, defaults={"character": character}
        )
        report.count("credits", created)
    for name, studio, role, territory in content.SERIES_COMPANIES:
        _, created = SeriesCompany.objects.get_or_create(
            series=found[name], studio=studios[studio], role=role, defaults={"territory": territory}
        )
        report.count("companies", created)
    return found


def ensure_authors(report: DemoReport) -> dict[str, Author]:
    authors = {}
    for row in content.AUTHORS:
        author, created = Author.objects.get_or_create(slug=slugify(row["name"]), defaults=row)
        report.count("authors", created)
        authors[row["name"]] = author
    return authors


def ensure_home(report: DemoReport, admin) -> HomePage:
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if old_root is not None and old_root.pk != root.pk:
        # Wagtail's "Welcome" page uses the slug we want; move it aside before it goes.
        Page.objects.filter(pk=old_root.pk).update(slug=f"welcome-{old_root.pk}")
    home = root.add_child(instance=HomePage(title="Newsroom", slug="home", tagline=content.HOME["tagline"], live=False))
    home.save_revision(user=admin).publish(user=admin)
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Newsroom")
    else:
        site.root_page = home
        site.site_name = "Newsroom"
        site.save()
    if old_root is not None and old_root.pk not in (root.pk, home.pk) and not old_root.get_children().exists():
        old_root.delete()
    report.count("pages", True)
    return HomePage.objects.get(pk=home.pk)


def ensure_site_address(report: DemoReport) -> None:
    """The default Site answers at NEWSROOM_BASE_URL's host and port, so page URLs, canonical links, the sitemap, feeds
    and emails name the address the demo is served on; a run with another address moves it."""
    address = urlsplit(settings.NEWSROOM_BASE_URL)
    hostname = address.hostname or "localhost"
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save()
        report.site_address = site.root_url


def ensure_topics(report: DemoReport, home: HomePage, admin, *, studios, people, films) -> dict[str, TopicPage]:
    from taggit.models import Tag

    topics = {}
    for row in content.TOPICS:
        topic = TopicPage.objects.child_of(home).filter(slug=row["slug"]).first()
        if topic is None:
            topic = home.add_child(
                instance=TopicPage(title=row["title"], slug=row["slug"], intro=row["intro"], live=False)
            )
            rules = row["rules"]
            topic.rule_studios.set([studios[name] for name in rules.get("studios", [])])
            topic.rule_people.set([people[name] for name in rules.get("people", [])])
            topic.rule_films.set([films[name] for name in rules.get("films", [])])
            tags = []
            for name in rules.get("tags", []):
                tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
                tags.append(tag)
            topic.rule_tags.set(tags)
            topic.save_revision(user=admin).publish(user=admin)
            report.count("pages", True)
        topics[row["slug"]] = TopicPage.objects.get(pk=topic.pk)
    return topics


def ensure_articles(
    report: DemoReport, topics, admin, *, studios, people, films, series, authors, rows=content.ARTICLES
) -> None:
    for row in rows:
        topic = topics[row["topic"]]
        if ArticlePage.objects.child_of(topic).filter(slug=row["slug"]).exists():
            continue
        article = ArticlePage(
            title=row["title"],
            slug=row["slug"],
            standfirst=row["standfirst"],
            date=datetime.fromisoformat(row["date"]),
            source_name=row.get("source_name", ""),
            body=row["body"],
            live=False,
        )
        if row.get("image"):
            article.hero_image = demo_image(row["image"])
            article.hero_caption = f"{row['image']} — illustration"
            article.hero_credit = "Newsroom demo picture"
        article.authors = [authors[name] for name in row["authors"]]
        article.studios = [studios[name] for name in row["studios"]]
        article.people = [people[name] for name in row["people"]]
        article.films = [films[name] for name in row["films"]]
        article.series = [series[name] for name in row.get("series", [])]
        topic.add_child(instance=article)
        article.tags.add(*row["tags"])
        revision = article.save_revision(user=admin)
        if not row.get("draft"):
            revision.publish(user=admin)
        report.count("articles", True)


def ensure_corrections(report: DemoReport, admin) -> None:
    """The demo stories' corrections and clarifications, each added once, published with its story."""
    for row in content.CORRECTIONS:
        article = ArticlePage.objects.live().filter(slug=row["article"]).first()
        if article is None or article.corrections.filter(text=row["text"]).exists():
            continue
        page = article.get_latest_revision_as_object()
        page.corrections.add(Correction(kind=row["kind"], text=row["text"], date=datetime.fromisoformat(row["date"])))
        page.save_revision(user=admin).publish(user=admin)
        report.count("corrections", True)


def ensure_home_curation(home: HomePage, topics, admin) -> None:
    if home.lead_story_id and home.top_stories.exists():
        return
    by_slug = {page.slug: page for page in ArticlePage.objects.all()}
    home.lead_story = by_slug[content.HOME["lead"]]
    # sort_order as the admin's InlinePanel sets it: without it the rows tie, and PostgreSQL may return any order.
    home.top_stories = [HomeTopStory(story=by_slug[slug], sort_order=i) for i, slug in enumerate(content.HOME["top"])]
    home.featured_topics = [
        HomeFeaturedTopic(topic=topics[slug], sort_order=i) for i, slug in enumerate(content.HOME["featured_topics"])
    ]
    home.save_revision(user=admin).publish(user=admin)


def ensure_live_coverage(report: DemoReport, topics, admin, *, studios, people, films, series, authors) -> None:
    """The live page of an invented award night and its updates, published one by one as an editor would; their
    times are then set back over the evening, which started ``started_minutes_ago`` before the first load."""
    from django.utils import timezone

    row = content.LIVE
    topic = topics[row["topic"]]
    if LivePage.objects.child_of(topic).filter(slug=row["slug"]).exists():
        return
    start = timezone.now() - timedelta(minutes=row["started_minutes_ago"])
    live = LivePage(
        title=row["title"],
        slug=row["slug"],
        standfirst=row["standfirst"],
        date=start,
        body=row["body"],
        status=LivePage.Status.LIVE,
        coverage_start=start,
        live=False,
    )
    live.authors = [authors[name] for name in row["authors"]]
    topic.add_child(instance=live)
    live.tags.add(*row["tags"])
    live.save_revision(user=admin).publish(user=admin)
    report.count("pages", True)
    kinds = {"studios": studios, "people": people, "films": films, "series": series}
    for item in row["updates"]:
        if "quote" in item:
            quote, attribution = item["quote"]
            body = [("quote", {"quote": quote, "attribution": attribution})]
        else:
            body = [("text", f"<p>{item['text']}</p>")]
        update = LiveUpdate(
            page=live,
            headline=item["headline"],
            body=body,
            key_event=item.get("key_event", False),
            pinned=item.get("pinned", False),
            live=False,
        )
        for key, found in kinds.items():
            setattr(update, key, [found[name] for name in item.get(key, [])])
        update.save()
        update.tags.add(*item.get("tags", []))
        update.save_revision(user=admin).publish(user=admin)
        moment = start + timedelta(minutes=item["minute"])
        LiveUpdate.objects.filter(pk=update.pk).update(first_published_at=moment, last_published_at=moment)
        report.count("live updates", True)


def ensure_box_office(report: DemoReport, films: dict[str, Film]) -> None:
    """Weekend charts and totals for /box-office/ and the films' pages, and the yuan's rate for the China total."""
    films = {**films, **_ensure_entities(report, Film, content.BOX_OFFICE_FILMS)}
    for film, territory, period, date, amount, rank, theatres, source in content.GROSSES:
        _, created = Gross.objects.get_or_create(
            film=films[film],
            territory=territory,
            period=period,
            date=date,
            defaults={
                "amount": Decimal(amount),
                "currency": territories.currency(territory),
                "rank": rank,
                "theatres": theatres,
                "source_name": source,
            },
        )
        report.count("grosses", created)
    for currency, date, rate, source in content.EXCHANGE_RATES:
        _, created = ExchangeRate.objects.get_or_create(
            currency=currency, date=date, defaults={"usd_rate": Decimal(rate), "source": source}
        )
        report.count("exchange rates", created)

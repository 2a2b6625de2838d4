"""factory_boy factories for the content model. Pages are built under a parent passed as ``parent=``."""

from __future__ import annotations

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from articles.models import (
    ArticlePage,
    Author,
    ExchangeRate,
    Film,
    FilmCompany,
    FilmCredit,
    Gross,
    HomePage,
    LivePage,
    LiveUpdate,
    Person,
    PersonAffiliation,
    ReviewIndexPage,
    ReviewPage,
    Season,
    Series,
    SeriesCompany,
    SeriesCredit,
    StatusChange,
    Studio,
    TopicPage,
)


class StudioFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Studio {n}")
    kind = Studio.Kind.STUDIO

    class Meta:
        model = Studio


class PersonFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Person {n}")
    occupations = factory.LazyFunction(lambda: ["producer"])

    class Meta:
        model = Person


class FilmFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Film {n}")
    status = Film.Status.IN_DEVELOPMENT

    class Meta:
        model = Film


class SeriesFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Series {n}")
    status = Series.Status.IN_PRODUCTION

    class Meta:
        model = Series


class SeasonFactory(DjangoModelFactory):
    series = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)
    year = 2025
    episodes = 8

    class Meta:
        model = Season


class SeriesCreditFactory(DjangoModelFactory):
    series = factory.SubFactory(SeriesFactory)
    person = factory.SubFactory(PersonFactory)
    role = SeriesCredit.Role.CAST

    class Meta:
        model = SeriesCredit


class SeriesCompanyFactory(DjangoModelFactory):
    series = factory.SubFactory(SeriesFactory)
    studio = factory.SubFactory(StudioFactory)
    role = SeriesCompany.Role.PRODUCER

    class Meta:
        model = SeriesCompany


class AuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")

    class Meta:
        model = Author


class FilmCompanyFactory(DjangoModelFactory):
    film = factory.SubFactory(FilmFactory)
    studio = factory.SubFactory(StudioFactory)
    role = FilmCompany.Role.PRODUCER

    class Meta:
        model = FilmCompany


class FilmCreditFactory(DjangoModelFactory):
    film = factory.SubFactory(FilmFactory)
    person = factory.SubFactory(PersonFactory)
    role = FilmCredit.Role.PRODUCER

    class Meta:
        model = FilmCredit


class PersonAffiliationFactory(DjangoModelFactory):
    person = factory.SubFactory(PersonFactory)
    studio = factory.SubFactory(StudioFactory)
    title = "President"

    class Meta:
        model = PersonAffiliation


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Newsroom"
    slug = "home"

    class Meta:
        model = HomePage


class TopicPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Topic {n}")
    intro = "<p>All the news on this topic.</p>"

    class Meta:
        model = TopicPage
        skip_postgeneration_save = True

    @factory.post_generation
    def rules(obj, create, extracted, **kwargs):
        """``rules={"studios": [...], "people": [...], "films": [...], "tags": [...]}`` sets the topic's rules."""
        if not create or not extracted:
            return
        for key, values in extracted.items():
            getattr(obj, f"rule_{key}").set(values)
        obj.save()


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story number {n}")
    standfirst = "A short summary of the story."
    date = factory.LazyFunction(timezone.now)
    body = factory.LazyFunction(lambda: [("paragraph", "<p>The body of the story.</p>")])

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def links(obj, create, extracted, **kwargs):
        """``links={"studios": [...], "people": [...], "films": [...], "authors": [...], "tags": [...]}``."""
        if not create or not extracted:
            return
        for key, values in extracted.items():
            if key == "tags":
                obj.tags.add(*values)
            else:
                getattr(obj, key).set(values)
        obj.save()
        if obj.live:
            obj.save_revision().publish()


def make_home_page() -> HomePage:
    """A HomePage serving as the default site's root (Wagtail's welcome page removed)."""
    from wagtail.models import Page, Site

    root = Page.get_first_root_node()
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    Page.objects.filter(pk=old_root.pk).update(slug="welcome-replaced")
    home = HomePageFactory(parent=root)
    site.root_page = home
    site.site_name = "Newsroom"
    site.save()
    if old_root.pk != home.pk:
        old_root.delete()
    home.refresh_from_db()
    return home


class ReleaseFactory(DjangoModelFactory):
    """A film's theatrical release in China, unless told otherwise (pass ``series=`` and ``film=None`` for a series)."""

    film = factory.SubFactory(FilmFactory)
    date = factory.LazyFunction(lambda: timezone.localdate())
    territory = "CN"
    release_type = "theatrical"

    class Meta:
        model = "articles.Release"


# Live coverage.


class LivePageFactory(ArticlePageFactory):
    title = factory.Sequence(lambda n: f"Live: award night {n}")
    status = "live"
    coverage_start = factory.LazyFunction(timezone.now)

    class Meta:
        model = LivePage
        skip_postgeneration_save = True


class LiveUpdateFactory(factory.django.DjangoModelFactory):
    """A published update (``publish=False`` leaves a draft); ``links`` as on ArticlePageFactory, without authors."""

    page = factory.SubFactory(LivePageFactory)
    headline = factory.Sequence(lambda n: f"Update number {n}")
    body = factory.LazyFunction(lambda: [("text", "<p>Something happened on stage.</p>")])
    live = False

    class Meta:
        model = LiveUpdate
        skip_postgeneration_save = True

    @factory.post_generation
    def links(obj, create, extracted, **kwargs):
        for key, values in (extracted or {}).items():
            if key == "tags":
                obj.tags.add(*values)
            else:
                getattr(obj, key).set(values)

    @factory.post_generation
    def publish(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            obj.save_revision().publish()
            obj.refresh_from_db()  # publish() saves the revision's copy


# The production slate and reviews (issue #18).


class StatusChangeFactory(DjangoModelFactory):
    film = factory.SubFactory(FilmFactory)
    status = "in_production"
    date = factory.LazyFunction(timezone.localdate)

    class Meta:
        model = StatusChange


class ReviewIndexPageFactory(wagtail_factories.PageFactory):
    title = "Reviews"
    slug = "reviews"

    class Meta:
        model = ReviewIndexPage


class ReviewPageFactory(ArticlePageFactory):
    """A published review under ``parent=`` (a ReviewIndexPage); give it ``reviewed_film`` or ``reviewed_series``."""

    title = factory.Sequence(lambda n: f"Review number {n}")
    rating = 4
    best_rating = 5
    verdict = "Worth the trip."

    class Meta:
        model = ReviewPage
        skip_postgeneration_save = True


class GrossFactory(DjangoModelFactory):
    film = factory.SubFactory(FilmFactory)
    territory = "domestic"
    period = Gross.Period.WEEKEND
    date = factory.Sequence(lambda n: datetime.date(2015, 7, 31) + datetime.timedelta(days=7 * n))
    amount = 1_000_000
    currency = "USD"

    class Meta:
        model = Gross


class ExchangeRateFactory(DjangoModelFactory):
    currency = "CNY"
    date = factory.LazyFunction(lambda: datetime.date(2015, 9, 30))
    usd_rate = "0.1566"
    source = "Test rates"

    class Meta:
        model = ExchangeRate

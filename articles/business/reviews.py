"""Critics' reviews (issue #18 item 6): a film's or series' page lists its published reviews with their average, and
carries it as schema.org ``AggregateRating``; a review page carries a ``Review`` of the title (articles.presenters).

A review is a story (``ReviewPage`` derives from ``ArticlePage``) linked to the title it reviews, so publishing,
changing or withdrawing one purges the title's page through the story's own links (articles.signals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, F, FloatField, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest

from .. import sections, seo
from ..models import ReviewPage

REVIEWS_SHOWN = 20
SCALE = 5  # averages are stated out of 5, whatever scale each critic used (ReviewPage.normalised_rating)


@dataclass
class TitleReviews:
    """The newest reviews of a title and the average of all its rated ones, out of ``SCALE``."""

    reviews: list[ReviewPage] = field(default_factory=list)
    count: int = 0  # every published review
    rated: int = 0  # those with a score
    average: float | None = None

    def __bool__(self) -> bool:
        return bool(self.reviews)


def reviews_of(title) -> QuerySet:
    """Published reviews of a film or series, newest first."""
    lookup = "reviewed_film" if title.entity_type == "film" else "reviewed_series"
    return ReviewPage.objects.published().filter(**{lookup: title}).order_by("-date", "-pk")


def title_reviews(title) -> TitleReviews:
    """The section's data in three queries: the newest reviews, their critics, and the count and average."""
    published = reviews_of(title)
    reviews = list(published.defer_streamfields().prefetch_related("authors")[:REVIEWS_SHOWN])
    if not reviews:
        return TitleReviews()
    normalised = Cast(F("rating"), FloatField()) * SCALE / Cast(F("best_rating"), FloatField())
    totals = published.order_by().aggregate(count=Count("pk"), rated=Count("rating"), average=Avg(normalised))
    average = totals["average"]
    if average is not None:  # stated as readers round: 4.25 is 4.3
        average = float(Decimal(repr(average)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return TitleReviews(reviews=reviews, count=totals["count"], rated=totals["rated"], average=average)


def aggregate_rating(title, data: TitleReviews, request: HttpRequest) -> dict[str, Any]:
    """``aggregateRating`` for the title's Movie or TVSeries, as Google documents review snippets."""
    if not data.rated or data.average is None:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": data.average,
            "bestRating": SCALE,
            "worstRating": 0,
            "ratingCount": data.rated,
            "reviewCount": data.count,
        }
    }


def review_json_ld(page: ReviewPage, request: HttpRequest, *, authors: list) -> dict[str, Any] | None:
    """A review page's schema.org ``Review`` of its title: the rating on its own scale, the critic, the verdict."""
    title = page.reviewed
    if title is None:
        return None
    item = seo.entity_ref(title, request)
    if page.season_number and title.entity_type == "series":
        item = {"@type": "TVSeason", "seasonNumber": page.season_number, "partOfSeries": item}
    if title.entity_type == "film" and title.year:
        item["dateCreated"] = str(title.year)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": page.title,
        "itemReviewed": item,
        "author": [seo.author_ref(author, request) for author in authors] or [seo.publisher(request)],
        "publisher": seo.publisher(request),
        "datePublished": page.date.date().isoformat(),
        "url": seo.absolute_url(request, page.get_url(request=request)),
    }
    if page.verdict:
        data["reviewBody"] = page.verdict
    if page.rating is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": float(page.rating),
            "bestRating": page.best_rating,
            "worstRating": 0,
        }
    return data


sections.register(
    sections.EntitySection(
        key="reviews",
        kinds=("film", "series"),
        template="articles/sections/reviews.html",
        load=title_reviews,
        order=30,
        json_ld=aggregate_rating,
    )
)

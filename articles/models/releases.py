"""Release events: when a film, or a season of a series, opens where, how, and through which company."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from ..visibility import ENTITY_PROPOSED
from .entities import Film, Series, Studio
from .territories import choices as territory_choices
from .territories import normalise, territory_name, validate_territory


class ReleaseQuerySet(models.QuerySet):
    def public(self) -> ReleaseQuerySet:
        """Releases of titles readers may see (not of a proposed film or series)."""
        return self.exclude(film__review_status=ENTITY_PROPOSED).exclude(series__review_status=ENTITY_PROPOSED)

    def for_listing(self) -> ReleaseQuerySet:
        """With the title and company each row names, in calendar order."""
        return self.select_related("film", "series", "company").order_by("date", "territory", "pk")

    def in_month(self, year: int, month: int) -> ReleaseQuerySet:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return self.filter(date__gte=first, date__lt=following)

    def between(self, start: datetime.date, end: datetime.date) -> ReleaseQuerySet:
        """Dated from ``start`` to ``end``, both included."""
        return self.filter(date__gte=start, date__lte=end)


class Release(Orderable):
    """One release event of a film, or of a series (a season of it): a date, a territory, a type and the company."""

    class Type(models.TextChoices):
        FESTIVAL = "festival", "Festival premiere"
        THEATRICAL = "theatrical", "Theatrical"
        LIMITED = "limited", "Limited"
        STREAMING = "streaming", "Streaming"
        TV = "tv", "TV"
        HOME = "home", "Home"

    film = ParentalKey(Film, null=True, blank=True, on_delete=models.CASCADE, related_name="releases")
    series = ParentalKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="releases")
    season = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text="For a series: the season released (blank for the whole series).",
    )
    date = models.DateField(db_index=True)
    territory = models.CharField(
        max_length=20,
        choices=territory_choices,
        validators=[validate_territory],
        help_text="A country (ISO 3166) or a region such as Greater China.",
    )
    release_type = models.CharField("type", max_length=16, choices=Type.choices, default=Type.THEATRICAL)
    company = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="releases",
        help_text="The distributor, streamer or network releasing it there.",
    )
    venue = models.CharField(
        "festival or platform",
        max_length=120,
        blank=True,
        help_text="Where it applies: the festival (Cannes) or the platform (Netflix).",
    )
    note = models.CharField(max_length=255, blank=True)
    source = models.URLField(max_length=500, blank=True, help_text="Where the date was announced.")

    objects = ReleaseQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = "release"
        ordering = ["date", "sort_order"]
        indexes = [models.Index(fields=["territory", "date"], name="release_territory_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(film__isnull=False, series__isnull=True) | Q(film__isnull=True, series__isnull=False),
                name="release_of_a_film_or_a_series",
                violation_error_message="A release is of a film or of a series, not both.",
            ),
            models.CheckConstraint(
                condition=Q(season__isnull=True) | Q(series__isnull=False),
                name="release_season_of_a_series",
                violation_error_message="Only a series has seasons.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_name} — {self.label}"

    def clean(self) -> None:
        super().clean()
        self.territory = normalise(self.territory)
        if self.season and self.film_id and not self.series_id:
            raise ValidationError({"season": "Only a series has seasons: leave it blank for a film."})

    @property
    def title(self) -> Film | Series | None:
        """The film or series released."""
        return self.film if self.film_id else self.series

    @property
    def title_name(self) -> str:
        title = self.title
        name = title.name if title else ""
        return f"{name}, season {self.season}" if self.season else name

    @property
    def territory_name(self) -> str:
        return territory_name(self.territory)

    @property
    def label(self) -> str:
        """ "theatrical, China" — what and where."""
        kind = self.get_release_type_display().lower()
        venue = f" ({self.venue})" if self.venue else ""
        return f"{kind}{venue}, {self.territory_name}"

    def identity(self) -> tuple:
        """What makes two releases the same (a re-import or a repeated suggestion changes nothing)."""
        return (self.film_id, self.series_id, self.season, self.territory, self.release_type, self.date, self.venue)

    def is_recorded(self) -> bool:
        return (
            Release.objects.filter(
                film_id=self.film_id,
                series_id=self.series_id,
                season=self.season,
                territory=self.territory,
                release_type=self.release_type,
                date=self.date,
                venue=self.venue,
            )
            .exclude(pk=self.pk)
            .exists()
        )


@dataclass
class ReleaseInput:
    """One release as an editor, a CSV row or a sentence states it, before it is checked."""

    title: str | Film | Series  # a film or series, or its slug or name
    territory: str
    release_type: str
    date: str | datetime.date
    season: str | int | None = None
    company: str = ""
    venue: str = ""
    note: str = ""
    source: str = ""


RELEASE_TYPE_NAMES = {
    **{value: value for value in Release.Type.values},
    **{label.lower(): value for value, label in Release.Type.choices},
    "festival": "festival",
    "premiere": "festival",
    "cinema": "theatrical",
    "cinemas": "theatrical",
    "wide": "theatrical",
    "television": "tv",
    "vod": "home",
    "dvd": "home",
    "blu-ray": "home",
    "digital": "home",
}


def _find_title(value: str | Film | Series) -> Film | Series | None:
    if isinstance(value, Film | Series):
        return value
    value = (value or "").strip()
    for model in (Film, Series):
        found = model.objects.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk").first()
        if found is not None:
            return found
    return None


def _find_company(value: str) -> Studio | None:
    value = (value or "").strip()
    return Studio.objects.filter(Q(slug=value) | Q(name__iexact=value)).order_by("pk").first()


def build_release(data: ReleaseInput) -> Release:
    """An unsaved, validated ``Release`` for ``data``; a ValidationError lists every problem with it, in words an
    editor can act on (the CSV import and the suggestions panel both record releases through it)."""
    errors: list[str] = []
    title = _find_title(data.title)
    if title is None:
        errors.append(f"Unknown film or series {data.title!r}: use its slug or its exact name.")
    territory = normalise(str(data.territory or ""))
    try:
        validate_territory(territory)
    except ValidationError as error:
        errors.extend(error.messages)
    release_type = RELEASE_TYPE_NAMES.get(str(data.release_type or "").strip().lower())
    if release_type is None:
        errors.append(f"Unknown release type {data.release_type!r}: use one of {', '.join(Release.Type.values)}.")
    date = data.date
    if not isinstance(date, datetime.date):
        try:
            date = datetime.date.fromisoformat(str(date or "").strip())
        except ValueError:
            errors.append(f"Bad date {data.date!r}: write it as YYYY-MM-DD, e.g. 2027-03-03.")
            date = None
    season = None
    if data.season not in (None, ""):
        try:
            season = int(str(data.season).strip())
        except ValueError:
            errors.append(f"Bad season {data.season!r}: a season is a number.")
        else:
            if isinstance(title, Film):
                errors.append(f"{title.name} is a film: only a series has seasons.")
            elif isinstance(title, Series) and not title.seasons.filter(number=season).exists():
                errors.append(f"{title.name} has no season {season}.")
    company = None
    if (data.company or "").strip():
        company = _find_company(data.company)
        if company is None:
            errors.append(f"Unknown company {data.company!r}: use a studio's slug or its exact name.")
    if errors:
        raise ValidationError(errors)
    release = Release(
        film=title if isinstance(title, Film) else None,
        series=title if isinstance(title, Series) else None,
        season=season,
        territory=territory,
        release_type=release_type,
        date=date,
        company=company,
        venue=(data.venue or "").strip(),
        note=(data.note or "").strip(),
        source=(data.source or "").strip(),
    )
    release.full_clean(exclude=["sort_order"])
    return release

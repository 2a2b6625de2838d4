"""Awards: ceremonies (an awards show or a festival), their yearly editions, categories, and the nominations and
wins naming films, series, people and studios."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from .entities import Film, Person, Series, Studio, clean_name, parse_aliases, unique_slug

# The kinds of entity a category may honour, each the nomination's field naming it.
HONOURED_KINDS = ("film", "series", "person", "studio")
# A person's or studio's nomination may name the title it is for (Best Actor: Leonardo DiCaprio for The Revenant).
TITLE_KINDS = ("film", "series")
# /awards/feed/ is the winners' feed, not a ceremony.
RESERVED_SLUGS = ("feed",)


def ordinal(number: int) -> str:
    """88 → "88th", 1 → "1st", 12 → "12th"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class AwardCeremony(index.Indexed, ClusterableModel):
    """An award that comes round every year: an awards show (the Academy Awards) or a festival (Cannes)."""

    class Kind(models.TextChoices):
        AWARDS = "awards", "Awards show"
        FESTIVAL = "festival", "Film festival"

    name = models.CharField(max_length=255, help_text="e.g. Academy Awards, Cannes Film Festival.")
    slug = models.SlugField(max_length=100, unique=True, blank=True, help_text="Its part of /awards/<slug>/.")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.AWARDS)
    aliases = models.TextField(blank=True, help_text="Other names it goes by, one per line (e.g. Oscars, Cannes).")
    organizer = models.CharField(
        max_length=255, blank=True, help_text="Who presents it, e.g. Academy of Motion Picture Arts and Sciences."
    )
    summary = models.TextField(blank=True)
    website = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("aliases"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "award ceremony"
        verbose_name_plural = "award ceremonies"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            self.name = clean_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from error
        self.aliases = "\n".join(a for a in parse_aliases(self.aliases) if a.casefold() != self.name.casefold())
        self.slug = slugify(self.slug) if self.slug else unique_slug(AwardCeremony, self.name, exclude_pk=self.pk)
        if not self.slug:
            raise ValidationError({"slug": "The slug needs at least one letter or digit."})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is taken by the awards pages' own URLs."})

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(AwardCeremony, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:award_ceremony", kwargs={"ceremony": self.slug})

    @property
    def all_names(self) -> list[str]:
        return [self.name, *parse_aliases(self.aliases)]


class AwardCategory(Orderable):
    """One award a ceremony gives (Best Picture, Palme d'Or), and the kind of entity it honours."""

    ceremony = ParentalKey(AwardCeremony, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=255, help_text="e.g. Best Picture, Palme d'Or, Best Actor.")
    slug = models.SlugField(max_length=100, blank=True, help_text="Left blank, it is made from the name.")
    honours = models.CharField(
        max_length=10,
        choices=[(kind, kind.capitalize()) for kind in HONOURED_KINDS],
        default="film",
        help_text="What it is given to: a film, a series, a person (for a title) or a studio.",
    )
    single_winner = models.BooleanField(
        default=True, help_text="Untick for categories that may have several winners in a year (ties, jury prizes)."
    )
    aliases = models.TextField(blank=True, help_text="Other names, one per line (e.g. Best Motion Picture).")

    class Meta(Orderable.Meta):
        verbose_name = "award category"
        verbose_name_plural = "award categories"
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "slug"], name="unique_award_category_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            self.name = clean_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from error
        self.slug = slugify(self.slug or self.name)[:100]
        if not self.slug:
            raise ValidationError({"slug": "The slug needs at least one letter or digit."})

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *parse_aliases(self.aliases)]


class AwardEdition(ClusterableModel):
    """One year's ceremony or festival (the 88th Academy Awards, 2016) and its nominations."""

    ceremony = models.ForeignKey(AwardCeremony, on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)], help_text="Its ordinal: 88 for the 88th."
    )
    year = models.PositiveSmallIntegerField(validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    date = models.DateField(null=True, blank=True, help_text="The day of the ceremony, or a festival's first day.")
    end_date = models.DateField(null=True, blank=True, help_text="A festival's last day.")
    place = models.CharField(max_length=255, blank=True, help_text="e.g. Dolby Theatre, Los Angeles.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "award edition"
        verbose_name_plural = "award editions"
        constraints = [models.UniqueConstraint(fields=["ceremony", "year"], name="unique_award_edition_year")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """ "88th Academy Awards", or "Cannes Film Festival 2016" when it has no number."""
        name = self.ceremony.name if self.ceremony_id else ""
        return f"{ordinal(self.number)} {name}" if self.number else f"{name} {self.year}"

    def clean(self) -> None:
        super().clean()
        if self.date and self.year and self.date.year != self.year:
            raise ValidationError({"date": f"The date is not in {self.year}, the edition's year."})
        if self.date and self.end_date and self.end_date < self.date:
            raise ValidationError({"end_date": "The last day cannot come before the first."})

    def get_absolute_url(self) -> str:
        return reverse("articles:award_edition", kwargs={"ceremony": self.ceremony.slug, "year": self.year})

    def check_nominations(self, nominations: Iterable[AwardNomination]) -> None:
        """Rules over the edition's whole list (the admin's inline rows, or the stored rows plus a new one): no
        nomination twice, and at most one winner in a single-winner category. A ValidationError names each."""
        nominations = list(nominations)
        errors = []
        seen = Counter(nomination.identity for nomination in nominations)
        for nomination in nominations:
            if seen[nomination.identity] > 1:
                errors.append(f"{nomination.label} is listed twice.")
                seen[nomination.identity] = 0  # one message per repeat
        winners = Counter(n.category_id for n in nominations if n.won and n.category_id)
        categories = {n.category_id: n.category for n in nominations if n.category_id}
        for category_id, count in winners.items():
            category = categories[category_id]
            if count > 1 and category.single_winner:
                errors.append(f"{category.name} has one winner; {count} nominations are marked as won.")
        if errors:
            raise ValidationError(errors)


class AwardNomination(Orderable):
    """A nomination, or a win, in one category of an edition, naming the honoured film, series, person or studio
    and, for a person or studio, optionally the title it is for."""

    edition = ParentalKey(AwardEdition, on_delete=models.CASCADE, related_name="nominations")
    category = models.ForeignKey(AwardCategory, on_delete=models.CASCADE, related_name="nominations")
    film = models.ForeignKey(Film, null=True, blank=True, on_delete=models.CASCADE, related_name="nominations")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="nominations")
    studio = models.ForeignKey(Studio, null=True, blank=True, on_delete=models.CASCADE, related_name="nominations")
    won = models.BooleanField(default=False, help_text="Ticked for the winner.")
    note = models.CharField(max_length=255, blank=True, help_text='Optional detail, e.g. for the song "…".')

    class Meta(Orderable.Meta):
        verbose_name = "nomination"
        verbose_name_plural = "nominations"
        indexes = [
            models.Index(fields=["category", "won"], name="award_nomination_category"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def honoured(self):
        """The film, series, person or studio the category honours."""
        return getattr(self, self.category.honours) if self.category_id else None

    @property
    def title_for(self):
        """The film or series a person's or studio's nomination is for, or None."""
        if not self.category_id or self.category.honours in TITLE_KINDS:
            return None
        return self.film or self.series

    @property
    def label(self) -> str:
        """ "Leonardo DiCaprio for The Revenant — Best Actor"."""
        honoured = self.honoured or self.film or self.series or self.person or self.studio
        name = honoured.name if honoured else "?"
        title = self.title_for
        name = f"{name} for {title.name}" if title else name
        return f"{name} — {self.category.name}" if self.category_id else name

    @property
    def identity(self) -> tuple:
        return (self.category_id, self.film_id, self.series_id, self.person_id, self.studio_id)

    def clean(self) -> None:
        super().clean()
        if not self.category_id:
            return
        category, edition = self.category, self.edition_or_none
        if edition is not None and category.ceremony_id != edition.ceremony_id:
            raise ValidationError({"category": f"{category.name} is not a category of {edition.ceremony}."})
        honours = category.honours
        if getattr(self, f"{honours}_id") is None:
            raise ValidationError({honours: f"{category.name} honours a {honours}: choose the {honours}."})
        allowed = {honours, *(TITLE_KINDS if honours not in TITLE_KINDS else ())}
        wrong = [kind for kind in HONOURED_KINDS if kind not in allowed and getattr(self, f"{kind}_id") is not None]
        if wrong:
            raise ValidationError(
                {
                    wrong[0]: f"{category.name} honours a {honours}"
                    + (", optionally for a film or series" if honours not in TITLE_KINDS else "")
                    + f"; it cannot name a {wrong[0]}."
                }
            )
        if self.film_id and self.series_id:
            raise ValidationError({"series": "Name the film or the series it is for, not both."})
        self._check_eligible()

    @property
    def edition_or_none(self) -> AwardEdition | None:
        """The edition, saved or not (the admin checks a new edition's rows before saving it), or None."""
        try:
            return self.edition
        except ObjectDoesNotExist:
            return None

    def _check_eligible(self) -> None:
        """A title made after the edition cannot be nominated at it."""
        edition = self.edition_or_none
        if edition is None or not edition.year:
            return
        year = edition.year
        if self.film_id and self.film.year and self.film.year > year:
            raise ValidationError(
                {"film": f"{self.film.name} ({self.film.year}) was made after the {edition.title} ({year})."}
            )
        if self.series_id and self.series.first_year and self.series.first_year > year:
            raise ValidationError(
                {"series": f"{self.series.name} first aired in {self.series.first_year}, after the {edition.title}."}
            )

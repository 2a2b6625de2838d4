"""Studios, people, films, series and authors: the structured things articles link to."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import slugify
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

from ..visibility import ENTITY_ACCEPTED, ENTITY_PROPOSED
from .kinds import KindAttribute
from .querysets import EntityQuerySet

WIKIDATA_ID = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id looks like Q42.")
IMDB_NAME_ID = RegexValidator(r"^nm[0-9]{7,9}$", "An IMDb person id looks like nm0000709.")
IMDB_TITLE_ID = RegexValidator(r"^tt[0-9]{7,9}$", "An IMDb title id looks like tt0088763.")
IMDB_COMPANY_ID = RegexValidator(r"^co[0-9]{7,9}$", "An IMDb company id looks like co0046718.")

_LETTER_OR_DIGIT = re.compile(r"\w", re.UNICODE)
_SPACES = re.compile(r"\s+")


def clean_name(value: str) -> str:
    """Collapse white space; a name must hold at least one letter or digit."""
    value = _SPACES.sub(" ", value or "").strip()
    if not _LETTER_OR_DIGIT.search(value):
        raise ValidationError("A name needs at least one letter or digit.", code="invalid_name")
    return value


def check_choices(field: str, noun: str, values, choices: type[models.TextChoices]) -> None:
    """A ValidationError on ``field`` naming every value of a JSON list of choices that is not one of them."""
    unknown = [value for value in values or [] if value not in set(choices.values)]
    if unknown:
        raise ValidationError({field: f"Unknown {noun}: {', '.join(map(str, unknown))}."})


def choice_labels(values, choices: type[models.TextChoices]) -> list[str]:
    """The labels of a JSON list of choice values, unknown ones left out."""
    labels = dict(choices.choices)
    return [labels[value] for value in values or [] if value in labels]


def parse_aliases(text: str) -> list[str]:
    """One alias per line (commas or semicolons also separate); blanks and duplicates dropped."""
    seen: dict[str, str] = {}
    for raw in re.split(r"[\n;]", text or ""):
        alias = _SPACES.sub(" ", raw).strip()
        if alias and alias.casefold() not in seen:
            seen[alias.casefold()] = alias
    return list(seen.values())


def unique_slug(model: type[models.Model], base: str, *, exclude_pk: int | None = None) -> str:
    """A slug for ``base`` that no other row of ``model`` uses (suffixing -2, -3 … when needed)."""
    root = slugify(base)[:200] or "item"
    candidate, n = root, 1
    while model._default_manager.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        n += 1
        candidate = f"{root}-{n}"
    return candidate


class Entity(index.Indexed, ClusterableModel):
    """Something the news is about, with a public page and names the linker recognises."""

    class Review(models.TextChoices):
        PROPOSED = ENTITY_PROPOSED, "Proposed"
        ACCEPTED = ENTITY_ACCEPTED, "Accepted"

    name = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=255,
        unique=True,
        blank=True,
        help_text="The last part of the public URL. Left blank, it is made from the name.",
    )
    aliases = models.TextField(
        blank=True,
        help_text="Other names it goes by, one per line (e.g. STXfilms, STX). Used to recognise mentions.",
    )
    summary = models.TextField(blank=True, help_text="One or two sentences shown on its page and in cards.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wikidata_id = models.CharField("Wikidata id", max_length=20, blank=True, validators=[WIKIDATA_ID])
    # A contributor's proposal is linked to their story at once but shown to readers only once an editor accepts
    # it (articles.visibility.public_entities); everything created by those who may add entities is accepted.
    review_status = models.CharField(max_length=10, choices=Review.choices, default=Review.ACCEPTED, db_index=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)  # the linker reads what changed since

    objects = EntityQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("aliases", boost=2),
        index.AutocompleteField("aliases"),
        index.SearchField("summary"),
        index.FilterField("slug"),
        index.FilterField("review_status"),
    ]

    # Read from the subclass's entry in the registry of linked kinds (articles.models.kinds).
    linked_kind = KindAttribute()
    entity_type = KindAttribute("key")
    url_prefix = KindAttribute("url_prefix")
    article_field = KindAttribute("article_field")

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            self.name = clean_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from error
        self.aliases = "\n".join(a for a in parse_aliases(self.aliases) if a.casefold() != self.name.casefold())
        if self.slug:
            self.slug = slugify(self.slug)
            if not self.slug:
                raise ValidationError({"slug": "The slug needs at least one letter or digit."})
        else:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(type(self), self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.linked_kind.url(self.slug)

    @property
    def is_proposed(self) -> bool:
        return self.review_status == self.Review.PROPOSED

    @property
    def alias_list(self) -> list[str]:
        return parse_aliases(self.aliases)

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.alias_list]


class Studio(Entity):
    """A company: studio, production company, label, distributor, streamer, agency, financier…"""

    class Kind(models.TextChoices):
        STUDIO = "studio", "Studio"
        PRODUCTION_COMPANY = "production_company", "Production company"
        LABEL = "label", "Label"
        DISTRIBUTOR = "distributor", "Distributor"
        STREAMER = "streamer", "Streamer"
        AGENCY = "agency", "Talent agency"
        FINANCIER = "financier", "Financier"
        EXHIBITOR = "exhibitor", "Exhibitor"
        CONGLOMERATE = "conglomerate", "Conglomerate"

    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.STUDIO)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subsidiaries",
        help_text="The company it belongs to, e.g. Alibaba Group for Alibaba Pictures.",
    )
    country = models.CharField(max_length=100, blank=True)
    headquarters = models.CharField(max_length=100, blank=True, help_text="City, e.g. Burbank, California.")
    founded = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1850), MaxValueValidator(2100)]
    )
    website = models.URLField(blank=True)
    imdb_id = models.CharField("IMDb id", max_length=20, blank=True, validators=[IMDB_COMPANY_ID])

    search_fields = [*Entity.search_fields, index.FilterField("kind")]

    class Meta(Entity.Meta):
        verbose_name = "studio"
        verbose_name_plural = "studios"
        permissions = [("propose_studio", "Can propose new studios (an editor accepts them)")]

    def clean(self) -> None:
        super().clean()
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None or ancestor.pk in seen:
                raise ValidationError({"parent": "A company cannot be its own parent, directly or through others."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Person(Entity):
    """Someone in the news: director, producer, writer, actor, executive…"""

    class Occupation(models.TextChoices):
        DIRECTOR = "director", "Director"
        PRODUCER = "producer", "Producer"
        WRITER = "writer", "Writer"
        ACTOR = "actor", "Actor"
        EXECUTIVE = "executive", "Executive"
        COMPOSER = "composer", "Composer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        AGENT = "agent", "Agent"
        LAWYER = "lawyer", "Lawyer"
        ENTREPRENEUR = "entrepreneur", "Entrepreneur"

    occupations = models.JSONField(default=list, blank=True)
    born = models.PositiveSmallIntegerField(
        "year of birth", null=True, blank=True, validators=[MinValueValidator(1850), MaxValueValidator(2100)]
    )
    nationality = models.CharField(max_length=100, blank=True)
    imdb_id = models.CharField("IMDb id", max_length=20, blank=True, validators=[IMDB_NAME_ID])

    class Meta(Entity.Meta):
        verbose_name = "person"
        verbose_name_plural = "people"
        permissions = [("propose_person", "Can propose new people (an editor accepts them)")]

    def clean(self) -> None:
        super().clean()
        check_choices("occupations", "occupation", self.occupations, self.Occupation)

    @property
    def occupation_labels(self) -> list[str]:
        return choice_labels(self.occupations, self.Occupation)


class Film(Entity):
    """A film, from announcement to release."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        IN_DEVELOPMENT = "in_development", "In development"
        PRE_PRODUCTION = "pre_production", "Pre-production"
        IN_PRODUCTION = "in_production", "In production"
        POST_PRODUCTION = "post_production", "Post-production"
        COMPLETED = "completed", "Completed"
        RELEASED = "released", "Released"
        CANCELLED = "cancelled", "Cancelled"

    class Genre(models.TextChoices):
        ACTION = "action", "Action"
        ADVENTURE = "adventure", "Adventure"
        ANIMATION = "animation", "Animation"
        COMEDY = "comedy", "Comedy"
        CRIME = "crime", "Crime"
        DOCUMENTARY = "documentary", "Documentary"
        DRAMA = "drama", "Drama"
        FAMILY = "family", "Family"
        FANTASY = "fantasy", "Fantasy"
        HISTORY = "history", "History"
        HORROR = "horror", "Horror"
        MYSTERY = "mystery", "Mystery"
        ROMANCE = "romance", "Romance"
        SCIENCE_FICTION = "science_fiction", "Science fiction"
        SUPERHERO = "superhero", "Superhero"
        THRILLER = "thriller", "Thriller"
        WAR = "war", "War"

    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1880), MaxValueValidator(2100)],
        help_text="Release year, or expected year.",
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.ANNOUNCED)
    logline = models.TextField(blank=True, help_text="The premise in a sentence or two.")
    genres = models.JSONField(default=list, blank=True)
    imdb_id = models.CharField("IMDb id", max_length=20, blank=True, validators=[IMDB_TITLE_ID])

    search_fields = [*Entity.search_fields, index.SearchField("logline"), index.FilterField("status")]

    class Meta(Entity.Meta):
        verbose_name = "film"
        verbose_name_plural = "films"
        permissions = [("propose_film", "Can propose new films (an editor accepts them)")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name

    def clean(self) -> None:
        super().clean()
        check_choices("genres", "genre", self.genres, self.Genre)

    @property
    def genre_labels(self) -> list[str]:
        return choice_labels(self.genres, self.Genre)


class Series(Entity):
    """A television or streaming series: its network, seasons, credits and companies."""

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        IN_DEVELOPMENT = "in_development", "In development"
        PILOT = "pilot", "Pilot ordered"
        IN_PRODUCTION = "in_production", "In production"
        POST_PRODUCTION = "post_production", "Post-production"
        COMPLETED = "completed", "Completed"
        RUNNING = "running", "Running"
        RENEWED = "renewed", "Renewed"
        ENDED = "ended", "Ended"
        CANCELLED = "cancelled", "Cancelled"

    network = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_series",
        help_text="The network or streamer it first airs on, e.g. Netflix.",
    )
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.ANNOUNCED)
    first_year = models.PositiveSmallIntegerField(
        "first aired", null=True, blank=True, validators=[MinValueValidator(1920), MaxValueValidator(2100)]
    )
    last_year = models.PositiveSmallIntegerField(
        "last aired", null=True, blank=True, validators=[MinValueValidator(1920), MaxValueValidator(2100)]
    )
    logline = models.TextField(blank=True, help_text="The premise in a sentence or two.")
    genres = models.JSONField(default=list, blank=True)
    imdb_id = models.CharField("IMDb id", max_length=20, blank=True, validators=[IMDB_TITLE_ID])

    search_fields = [*Entity.search_fields, index.SearchField("logline"), index.FilterField("status")]

    class Meta(Entity.Meta):
        verbose_name = "series"
        verbose_name_plural = "series"
        permissions = [("propose_series", "Can propose new series (an editor accepts them)")]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_year})" if self.first_year else self.name

    def clean(self) -> None:
        super().clean()
        check_choices("genres", "genre", self.genres, Film.Genre)
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValidationError({"last_year": "The last year cannot come before the first."})

    @property
    def genre_labels(self) -> list[str]:
        return choice_labels(self.genres, Film.Genre)

    @property
    def years(self) -> str:
        """ "2016–2025", "2016–" while it runs, "" when unknown."""
        if not self.first_year:
            return ""
        if self.last_year == self.first_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year or ''}"


class Season(Orderable):
    """One season of a series: its number, year and episode count."""

    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="seasons")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(999)])
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1920), MaxValueValidator(2100)]
    )
    episodes = models.PositiveSmallIntegerField(
        "episodes", null=True, blank=True, validators=[MaxValueValidator(9999)], help_text="Ordered or aired."
    )

    class Meta(Orderable.Meta):
        verbose_name = "season"
        constraints = [models.UniqueConstraint(fields=["series", "number"], name="unique_season_number")]

    def __str__(self) -> str:
        return f"{self.series.name}, season {self.number}"


class SeriesCompany(Orderable):
    """A company's part in a series: network, streamer, studio, producer, distributor in a territory…"""

    class Role(models.TextChoices):
        NETWORK = "network", "Network"
        STREAMER = "streamer", "Streamer"
        STUDIO = "studio", "Studio"
        PRODUCER = "producer", "Producer"
        CO_PRODUCER = "co_producer", "Co-producer"
        DISTRIBUTOR = "distributor", "Distributor"
        SALES = "sales", "Sales agent"

    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="companies")
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="series_companies")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRODUCER)
    territory = models.CharField(max_length=100, blank=True, help_text="Where the role applies, e.g. UK.")

    class Meta(Orderable.Meta):
        verbose_name = "company"
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return f"{self.studio} — {self.get_role_display()}"


class SeriesCredit(Orderable):
    """A person's credit on a series: creator, showrunner, cast…"""

    class Role(models.TextChoices):
        CREATOR = "creator", "Creator"
        SHOWRUNNER = "showrunner", "Showrunner"
        EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"
        COMPOSER = "composer", "Composer"

    series = ParentalKey(Series, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="series_credits")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CAST)
    character = models.CharField(max_length=150, blank=True, help_text="For cast: the part played.")
    via = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="series_credits",
        help_text="The company the credit is through.",
    )

    class Meta(Orderable.Meta):
        verbose_name = "credit"

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class PersonAffiliation(Orderable):
    """A person's role at a company, e.g. Zhang Wei — President, Alibaba Pictures."""

    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="affiliations")
    title = models.CharField(max_length=150, blank=True, help_text="e.g. President, SVP of Production, founder.")
    current = models.BooleanField(default=True)

    class Meta(Orderable.Meta):
        verbose_name = "affiliation"

    def __str__(self) -> str:
        return f"{self.title}, {self.studio}" if self.title else str(self.studio)


class FilmCompany(Orderable):
    """A company's part in a film: producer, co-producer, distributor in a territory…"""

    class Role(models.TextChoices):
        PRODUCER = "producer", "Producer"
        CO_PRODUCER = "co_producer", "Co-producer"
        CO_FINANCIER = "co_financier", "Co-financier"
        FINANCIER = "financier", "Financier"
        DISTRIBUTOR = "distributor", "Distributor"
        SALES = "sales", "Sales agent"
        INVESTOR = "investor", "Investor"

    film = ParentalKey(Film, on_delete=models.CASCADE, related_name="companies")
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="film_companies")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRODUCER)
    territory = models.CharField(
        max_length=100, blank=True, help_text="Where the role applies, e.g. Greater China, U.S. and international."
    )

    class Meta(Orderable.Meta):
        verbose_name = "company"
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return f"{self.studio} — {self.get_role_display()}"


class FilmCredit(Orderable):
    """A person's credit on a film: director, producer, writer, cast…"""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        PRODUCER = "producer", "Producer"
        EXECUTIVE_PRODUCER = "executive_producer", "Executive producer"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"
        COMPOSER = "composer", "Composer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        EXECUTIVE = "executive", "Overseeing executive"

    film = ParentalKey(Film, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.CAST)
    character = models.CharField(max_length=150, blank=True, help_text="For cast: the part played.")
    via = models.ForeignKey(
        Studio,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credits",
        help_text="The company the credit is through, e.g. ImageMovers.",
    )

    class Meta(Orderable.Meta):
        verbose_name = "credit"

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class Author(index.Indexed, models.Model):
    """A byline: a staff writer, a contributor or an agency."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff"
        CONTRIBUTOR = "contributor", "Contributor"
        AGENCY = "agency", "Agency or wire"

    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STAFF)
    job_title = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    website = models.URLField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("bio"),
    ]

    linked_kind = KindAttribute()
    entity_type = KindAttribute("key")
    url_prefix = KindAttribute("url_prefix")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        try:
            self.name = clean_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error}) from error
        self.slug = slugify(self.slug) if self.slug else unique_slug(Author, self.name, exclude_pk=self.pk)
        if not self.slug:
            raise ValidationError({"slug": "The slug needs at least one letter or digit."})

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Author, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.linked_kind.url(self.slug)

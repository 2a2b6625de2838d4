"""The production slate: each film's and series' status history, one row per change, dated and sourced.

A title's ``status`` is its latest change: saving or deleting a change sets it (``StatusChange.sync_title``), through
the title's own ``save`` so the change pipeline purges what shows it. The rows are declared in the relation registry
(``articles.models.relations``), so the title's page and ``/slate/`` are purged when one changes and entity merges
move them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .entities import Film, Series

# The stages of the slate, in order, and the other statuses a change may record; a film's and a series' own
# choices (Film.Status, Series.Status) are each a subset.
SLATE_STAGES = ("announced", "in_development", "in_production", "post_production", "completed")


def status_choices() -> list[tuple[str, str]]:
    """Every status a film or a series can have, films' first, each once."""
    seen: dict[str, str] = {}
    for value, label in [*Film.Status.choices, *Series.Status.choices]:
        seen.setdefault(value, label)
    return list(seen.items())


class StatusChangeQuerySet(models.QuerySet):
    def for_title(self, title) -> StatusChangeQuerySet:
        """The changes of one film or series."""
        return self.filter(**{title.entity_type: title})

    def in_order(self) -> StatusChangeQuerySet:
        """Oldest first; on the same day, in the order they were recorded."""
        return self.order_by("date", "pk")

    def newest_first(self) -> StatusChangeQuerySet:
        return self.order_by("-date", "-pk")


class StatusChange(models.Model):
    """A film or series moved to a status on a date, as a story reported (e.g. "starts production in May")."""

    film = models.ForeignKey(Film, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=32, choices=status_choices())
    date = models.DateField(default=timezone.localdate, help_text="When it happened, or when it was reported.")
    article = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
        verbose_name="story",
        help_text="The story that reported it.",
    )
    note = models.CharField(max_length=255, blank=True, help_text="e.g. Filming in Budapest until August.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "status change"
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(film__isnull=False, series__isnull=True) | Q(film__isnull=True, series__isnull=False),
                name="statuschange_one_title",
            ),
            models.UniqueConstraint(fields=["film", "status", "date"], name="statuschange_unique_film"),
            models.UniqueConstraint(fields=["series", "status", "date"], name="statuschange_unique_series"),
        ]
        indexes = [models.Index(fields=["status", "-date"], name="statuschange_status_date")]

    def __str__(self) -> str:
        return f"{self.title} — {self.get_status_display()} ({self.date:%-d %B %Y})"

    @property
    def title(self) -> Film | Series | None:
        return self.film if self.film_id else self.series

    @property
    def on_slate(self) -> bool:
        """Whether the status is a stage of the slate (``/slate/?status=`` lists it)."""
        return self.status in SLATE_STAGES

    def clean(self) -> None:
        super().clean()
        if bool(self.film_id) == bool(self.series_id):
            raise ValidationError("Choose a film or a series (one of them).")
        allowed = Film.Status if self.film_id else Series.Status
        if self.status and self.status not in allowed.values:
            noun = "film" if self.film_id else "series"
            raise ValidationError({"status": f"“{self.get_status_display()}” is not a status a {noun} can have."})

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.sync_title()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.sync_title()
        return result

    def sync_title(self) -> None:
        """Set the title's status to its latest change (left as it is when it has none)."""
        title = self.title
        if title is None:
            return
        latest = StatusChange.objects.for_title(title).newest_first().values_list("status", flat=True).first()
        if latest and latest != title.status:
            title.status = latest
            title.save(update_fields=["status", "updated_at"])

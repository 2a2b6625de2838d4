"""What a curation change did, kept so it can be undone for a while."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

UNDO_DAYS = 30


class CurationChangeQuerySet(models.QuerySet):
    def undoable(self) -> CurationChangeQuerySet:
        """Changes not undone yet and younger than ``UNDO_DAYS``."""
        return self.filter(undone_at__isnull=True, created_at__gte=timezone.now() - timedelta(days=UNDO_DAYS))


class CurationChange(models.Model):
    """One curation service's run: the rows it created, deleted or updated and the revisions it rewrote.

    ``journal`` lists the operations in order, each with the row as Django's serializers write it, so an undo can
    put back exactly what was there (same primary keys, which stored revisions refer to).
    """

    action = models.CharField(max_length=40)
    summary = models.TextField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    journal = models.JSONField(default=list, encoder=DjangoJSONEncoder)
    keys = models.JSONField(default=list, help_text="Dependency tags of the lists the change touched.")
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CurationChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.summary

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=UNDO_DAYS)

    @property
    def can_undo(self) -> bool:
        return self.undone_at is None and timezone.now() < self.expires_at

"""Database routing for read replicas: reads go to a replica, writes and migrations to the primary."""

import random

from django.conf import settings


class PrimaryReplicaRouter:
    """Active when settings define databases named ``replica…`` (DATABASE_REPLICA_URLS)."""

    def _replicas(self) -> list[str]:
        return [alias for alias in settings.DATABASES if alias.startswith("replica")]

    def db_for_read(self, model, **hints) -> str | None:
        # The database cache (the default without REDIS_URL) holds purge versions: read them where purges write them.
        if model._meta.app_label == "django_cache":
            return "default"
        # Keep reads on the primary inside a write transaction's instance, so an editor sees their own write.
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        replicas = self._replicas()
        return random.choice(replicas) if replicas else None  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == "default"

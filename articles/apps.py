from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def fill_story_listings(sender, using, **kwargs) -> None:
    """A database migrated from before the story listings (or restored without them) gets them computed once."""
    from .listings import rebuild
    from .models import ArticlePage, StoryListing

    if not StoryListing.objects.using(using).exists() and ArticlePage.objects.using(using).live().exists():
        rebuild()


def create_cache_table(sender, using, verbosity: int = 1, **kwargs) -> None:
    """The database cache (the default without REDIS_URL) needs its table: every `migrate` makes sure it exists."""
    call_command("createcachetable", database=using, verbosity=verbosity)


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        # The composition root: the layers above the models plug into them here (see docs/architecture.md).
        from . import checks, following, presenters, signals  # noqa: F401 - checks, follow digests, presenters, pipeline
        from .admin import panels
        from .business import awards  # noqa: F401 - the awards section and the purges of ceremonies and editions
        from .permissions import NewsroomPagePermissionPolicy

        panels.install()
        register_permission_policy(Page, NewsroomPagePermissionPolicy())

        post_migrate.connect(create_cache_table, sender=self)
        post_migrate.connect(fill_story_listings, sender=self)

"""What a page showed, collected while it rendered: each tracked object loaded from the database adds its key.

``articles.cache.collecting()`` is open while the page cache renders a page and while a fragment is computed; a
``post_init`` receiver here turns every studio, person, film, author, tag, image (or rendition), article and topic
instantiated meanwhile into ``obj:<kind>:<pk>``, and ``object_key`` names the key a change to that object purges
(articles.signals). A template that shows a studio's name through a film credit therefore makes the film page
depend on that studio without anyone listing it; a fragment served from the cache replays the keys it collected.

The keys stand for an object's own fields (its name, slug, file), not for the lists it heads: ``studio:<pk>``
(what a view declares) goes stale when a story about the studio is published, ``obj:studio:<pk>`` only when the
studio itself changes. Loading more than a page shows costs only an early purge, never a stale page.
"""

from __future__ import annotations

from django.db.models.signals import post_init
from wagtail.images import get_image_model

from .cache import is_collecting, shown
from .models import KINDS, ReviewIndexPage, TopicPage, story_models


def object_key(instance) -> str | None:
    """The dependency key of one object's own fields, or None for an object that is not tracked."""
    if type(instance) is RENDITION:
        return f"obj:image:{instance.image_id}" if instance.image_id is not None else None
    kind = TRACKED.get(type(instance))
    return f"obj:{kind}:{instance.pk}" if kind and instance.pk is not None else None


def _record(sender, instance, **kwargs) -> None:
    if is_collecting():
        key = object_key(instance)
        if key:
            shown(key)


Image = get_image_model()
RENDITION = Image.get_rendition_model()
# Every linked kind of the registry (studios, people, films, authors, tags), plus images and the page types.
TRACKED = {
    **{kind.model: kind.key for kind in KINDS},
    Image: "image",
    **dict.fromkeys(story_models(), "article"),
    TopicPage: "topic",
    ReviewIndexPage: "topic",
}
for model in (*TRACKED, RENDITION):
    post_init.connect(_record, sender=model, dispatch_uid=f"newsroom-shown-{model._meta.label_lower}")

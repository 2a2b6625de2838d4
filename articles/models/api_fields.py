"""Serializer fields for the JSON API's view of article relations."""

from rest_framework import serializers

from ..visibility import is_public_entity


class EntityListField(serializers.Field):
    """A many-to-many of entities or authors as ``[{id, name, slug, url}]``; proposed entities left out (filtered
    in Python, so a prefetched relation is not queried again)."""

    def to_representation(self, value):
        return [
            {"id": item.pk, "name": item.name, "slug": item.slug, "url": item.get_absolute_url()}
            for item in value.all()
            if is_public_entity(item)
        ]


class TagNamesField(serializers.Field):
    def to_representation(self, value):
        from .kinds import public_url

        return [{"name": tag.name, "slug": tag.slug, "url": public_url(tag)} for tag in value.all()]


class EntityRefField(serializers.Field):
    """One entity as ``{id, name, slug, url}``, or null (also for a proposed entity readers may not see)."""

    def to_representation(self, value):
        if value is None or not is_public_entity(value):
            return None
        return {"id": value.pk, "name": value.name, "slug": value.slug, "url": value.get_absolute_url()}

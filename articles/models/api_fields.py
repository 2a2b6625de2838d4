"""Serializer fields for the JSON API's view of article relations."""

from rest_framework import serializers


class EntityListField(serializers.Field):
    """A many-to-many of entities or authors as ``[{id, name, slug, url}]``."""

    def to_representation(self, value):
        return [
            {"id": item.pk, "name": item.name, "slug": item.slug, "url": item.get_absolute_url()}
            for item in value.all()
        ]


class TagNamesField(serializers.Field):
    def to_representation(self, value):
        from .kinds import public_url

        return [{"name": tag.name, "slug": tag.slug, "url": public_url(tag)} for tag in value.all()]

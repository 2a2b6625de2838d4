"""URL converters for public pages."""

from django.urls import register_converter


class SlugConverter:
    """A slug of letters in any script: taggit keeps accents in tag slugs ("pokémon"), which Django's ``slug``
    converter refuses, so such a tag's page could be neither reached nor reversed."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "anyslug")

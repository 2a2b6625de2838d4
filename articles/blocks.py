"""StreamField blocks for article bodies; each renders with templates/blocks/<block>.html."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.html import strip_tags
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript", "strikethrough"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Section heading"), ("h3", "Subheading")], default="h2")

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text="Describe the picture for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=150)

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200, help_text="Who said it, and their role.")

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"


class RelatedStoryBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(page_type="articles.ArticlePage")
    label = blocks.CharBlock(required=False, max_length=60, default="Related", help_text="e.g. Related, Read more.")

    class Meta:
        icon = "link"
        template = "blocks/related_story_block.html"

    def get_api_representation(self, value, context=None):
        """The chosen page's id only while anonymous readers may see it (as on the page, which shows nothing)."""
        from .visibility import is_published

        representation = super().get_api_representation(value, context)
        if not is_published(value.get("page")):
            representation["page"] = None
        return representation


class ArticleBodyBlock(blocks.StreamBlock):
    # Optional, and dropped when empty (clean): the editor's "+" adds an empty paragraph, autosave keeps it in the
    # draft (Wagtail defers required checks for drafts), and a required one then refused scheduling days later.
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, template="blocks/paragraph_block.html"
    )
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(help_text="A YouTube, Vimeo or other oEmbed URL.", template="blocks/embed_block.html")
    related_story = RelatedStoryBlock()

    def clean(self, value):
        """The body without paragraphs that hold no text."""
        cleaned = super().clean(value)
        kept = [(child.block_type, child.value, child.id) for child in cleaned if not is_empty_paragraph(child)]
        return cleaned if len(kept) == len(cleaned) else blocks.StreamValue(self, kept)


def is_empty_paragraph(child) -> bool:
    # The features allow no images or embeds inside a paragraph, so one without text shows nothing.
    return child.block_type == "paragraph" and not strip_tags(child.value.source if child.value else "").strip()


# Live updates: many small StreamFields on one page. Wagtail fetches a stream's images when it is first read, one
# query per stream (and its renditions one per image); ``images_preloaded`` fetches those of many streams at once.

_preloaded_images: ContextVar[dict | None] = ContextVar("newsroom_preloaded_images", default=None)


class PreloadedImageChooserBlock(ImageChooserBlock):
    """An image chooser that takes its images from ``images_preloaded()`` when they were loaded there."""

    def bulk_to_python(self, values):
        preloaded = _preloaded_images.get()
        if preloaded is not None and all(value in preloaded for value in values if value is not None):
            return [preloaded.get(value) for value in values]
        return super().bulk_to_python(values)


class PreloadedImageBlock(ImageBlock):
    image = PreloadedImageChooserBlock()


@contextmanager
def images_preloaded(streams: Iterable) -> Iterator[None]:
    """While the block runs, the image blocks of these StreamField values read their images (with every rendition
    made of them) from one query instead of one per stream."""
    from wagtail.images import get_image_model

    ids = {
        block["value"].get("image")
        for stream in streams
        for block in stream.raw_data
        if block.get("type") == "image" and isinstance(block.get("value"), dict)
    }
    ids.discard(None)
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions() if ids else []
    token = _preloaded_images.set({image.pk: image for image in images})
    try:
        yield
    finally:
        _preloaded_images.reset(token)

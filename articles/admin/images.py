"""The image upload form: Wagtail's checks (format, size, pixel count) plus a full decode of raster files.

Wagtail reads only an image's header before saving it, so a truncated PNG or JPEG, or an empty file, passes the
form and fails later while the image is saved or its renditions are made: a 500 for the editor. Decoding the
whole picture once, after Wagtail has refused decompression bombs by their pixel count, turns those files into a
form error instead.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = "This file is damaged or is not a complete image. Export it again and upload the new file."


class VerifiedImageField(WagtailImageField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        try:
            upload = super().clean(data, initial)
        except ValidationError:
            raise
        except Exception as error:  # a malformed header can break the format and size checks themselves
            raise ValidationError(DAMAGED, code="invalid_image") from error
        image = getattr(upload, "image", None)
        if image is not None and image.format_name != "svg":
            try:
                upload.seek(0)
                with PILImage.open(upload) as picture:
                    picture.load()
            except Exception as error:  # noqa: BLE001 - Pillow raises many kinds for broken files
                raise ValidationError(DAMAGED, code="invalid_image") from error
            finally:
                upload.seek(0)
        return upload


class ImageForm(BaseImageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if isinstance(self.fields.get("file"), WagtailImageField):
            self.fields["file"].__class__ = VerifiedImageField

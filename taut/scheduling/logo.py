"""A clinic's logo: checked to be a real, small raster image before it is stored.

Only PNG, JPEG, GIF and WebP are taken; SVG is refused because it can carry scripts.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4000
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def read_logo(upload: UploadedFile) -> tuple[bytes, str]:
    """The image's bytes and content type, or a ValidationError saying what is wrong."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            f"The logo is {upload.size / 1024 / 1024:.1f} MB; the limit is 1 MB. "
            "Save it smaller (a few hundred pixels wide is plenty) and try again."
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "This file is not an image Taut can read: use PNG, JPEG, GIF or WebP."
        ) from None
    if kind not in CONTENT_TYPES:
        raise ValidationError(f"{kind} images are not accepted: use PNG, JPEG, GIF or WebP.")
    if max(width, height) > MAX_SIDE:
        raise ValidationError(f"The logo is {width}×{height} pixels; at most {MAX_SIDE} a side.")
    return data, CONTENT_TYPES[kind]

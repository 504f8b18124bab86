"""Profile photos: check an upload really is a small image, then re-encode it ourselves.

Nothing the member uploaded is ever stored or served as-is: the image is decoded by Pillow,
turned upright, cropped square, resized and saved as a fresh JPEG without any metadata (so no
EXIF location leaks), under a random name. Photos are served only by views.photo, which checks
the viewer may see the profile.
"""

import secrets
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # about 7,000 × 5,700: bigger than any phone camera, far below a bomb
ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
SIZE = 320  # square, in pixels; pages show it at 160 px or less, so it stays sharp on HiDPI
JPEG_QUALITY = 85
DIRECTORY = "profiles/photos"
CONTENT_TYPE = "image/jpeg"


def _invalid(message, code):
    return ValidationError(message, code=code)


def process_upload(upload):
    """Validate an uploaded file and return the JPEG bytes to store; ValidationError otherwise."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise _invalid(
            _(
                "The photo is %(size).1f MB; the largest we accept is %(limit)s MB. Try a smaller "
                "or lower-resolution photo."
            )
            % {"size": upload.size / 1024 / 1024, "limit": MAX_UPLOAD_BYTES // 1024 // 1024},
            "too_big",
        )
    upload.seek(0)
    data = upload.read()
    not_an_image = _invalid(
        _("This file is not a photo we can use. Choose a JPEG, PNG, WebP or GIF image."),
        "not_an_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_an_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise _invalid(
                        _(
                            "The photo is %(width)s × %(height)s pixels, which is too large. "
                            "Choose one under 40 megapixels."
                        )
                        % {"width": probe.width, "height": probe.height},
                        "too_many_pixels",
                    )
                probe.verify()
            # verify() leaves the image unusable: open it again to decode it for real.
            with Image.open(BytesIO(data)) as image:
                image.seek(0)  # the first frame of an animated GIF or WebP
                image.load()
                image = ImageOps.exif_transpose(image)
                return _reencode(image)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise not_an_image from None
    except (OSError, ValueError, SyntaxError, EOFError):
        # Truncated or corrupt files surface as any of these from Pillow's decoders.
        raise not_an_image from None


def _reencode(image):
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    image = ImageOps.fit(image, (SIZE, SIZE), method=Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def save(jpeg_bytes):
    """Store processed bytes under a fresh unguessable name; return the storage name."""
    name = f"{DIRECTORY}/{secrets.token_urlsafe(24)}.jpg"
    return default_storage.save(name, ContentFile(jpeg_bytes))


def delete(name):
    if name and default_storage.exists(name):
        default_storage.delete(name)

"""What a file really is, from its bytes: type (libmagic), images re-encoded, previews.

Images are decoded and re-encoded by Pillow so that nothing but pixels survives (no EXIF, no GPS,
no trailing payload), with the orientation applied. Previews: a JPEG thumbnail of an image, and of
a PDF's first page rendered by PDFium (pypdfium2).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import magic
from PIL import Image, ImageOps, UnidentifiedImageError

from preau.storage.conf import PDF_TYPE
from preau.storage.errors import FileTypeRefused

log = logging.getLogger(__name__)

THUMBNAIL_BOX = (480, 480)
# Pillow first divides the image by a whole factor (a cheap average of pixel blocks), then
# resamples the last step, of at most this ratio: 1.3 lets a 1,280-px photo be halved before
# the bicubic pass (7.6 ms instead of 12.8 for its thumbnail); a 480-px preview shows no
# difference (Pillow's `reducing_gap`).
THUMBNAIL_REDUCING_GAP = 1.3
MAX_PIXELS = 60_000_000  # 60 Mpx: any school camera; far below a decompression bomb
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP"}
_SAVE_OPTIONS: dict[str, dict[str, object]] = {
    "JPEG": {"quality": 88, "optimize": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 88},
}


def sniff_type(path: Path) -> str:
    """The MIME type libmagic reads from the content (the name is never looked at)."""
    return str(magic.from_file(str(path), mime=True))


@dataclass
class Reencoded:
    path: Path
    width: int
    height: int
    thumbnail: bytes  # made from the pixels already decoded, not by reading `path` again


def _open_image(path: Path) -> Image.Image:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise FileTypeRefused("Cette image est illisible ou trop grande.") from exc
    return image


def reencode_image(path: Path, content_type: str, out: Path) -> Reencoded:
    """Decode and write the pixels again to `out`: metadata (EXIF, GPS, comments) are gone."""
    image = _open_image(path)
    fmt = _FORMATS[content_type]
    if fmt == "GIF":
        image.save(out, format="GIF", save_all=getattr(image, "n_frames", 1) > 1)
        return Reencoded(out, image.width, image.height, _jpeg_thumbnail(image))
    image = ImageOps.exif_transpose(image)
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    if "transparency" in image.info and fmt == "PNG":
        clean.info["transparency"] = image.info["transparency"]
    clean.save(out, format=fmt, **_SAVE_OPTIONS[fmt])
    width, height = clean.size
    return Reencoded(out, width, height, _jpeg_thumbnail(clean))


def _jpeg_thumbnail(image: Image.Image) -> bytes:
    """A JPEG preview of `image` (shrunk in place when already RGB: pass a copy to keep it)."""
    image = image.convert("RGB") if image.mode != "RGB" else image
    image.thumbnail(THUMBNAIL_BOX, reducing_gap=THUMBNAIL_REDUCING_GAP)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def thumbnail(path: Path, content_type: str) -> bytes | None:
    """A JPEG preview (480 px box) of a PDF's first page, or None. An image has its preview from
    `reencode_image`, made from the pixels it decodes."""
    if content_type == PDF_TYPE:
        return _pdf_first_page(path)
    return None


def _pdf_first_page(path: Path) -> bytes | None:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError:
        log.info("PDF without preview: PDFium cannot open it")
        return None
    try:
        if len(pdf) == 0:
            return None
        page = pdf[0]
        width, height = page.get_size()
        scale = min(THUMBNAIL_BOX[0] / max(width, 1), THUMBNAIL_BOX[1] / max(height, 1), 2.0)
        image = page.render(scale=scale).to_pil()
        return _jpeg_thumbnail(image)
    finally:
        pdf.close()

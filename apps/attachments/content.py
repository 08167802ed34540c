"""What a file is, judged from its content (never from its name), and photos made safe to keep.

A small checker of our own rather than a library: the types we accept are few, each has a fixed
signature, and the cases that matter need more than a signature anyway (DOCX and XLSX are both
ZIP files told apart by their parts; plain text is "valid UTF-8 without NUL"; an image must
really decode). Pillow, already here for the PDF, decodes the images; pillow-heif adds HEIC.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.core.errors import DomainError

PDF, PNG, JPEG, HEIC = "application/pdf", "image/png", "image/jpeg", "image/heic"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", TEXT: ".txt"}
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
# Photos from a phone are 12-50 megapixels; more than this is no photo but a decompression bomb.
MAX_PIXELS = 100_000_000


@dataclass(frozen=True)
class Checked:
    """A file as we store it: its bytes (a photo re-encoded), its type and its extension."""

    data: bytes
    content_type: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def refused(code: str, message: str) -> DomainError:
    return DomainError(code, message, field="file", invalid_input=True)


def read_upload(file) -> bytes:
    """The upload's bytes, refusing an empty file or one over APV_ATTACHMENT_MAX_BYTES before
    reading it whole."""
    limit = settings.APV_ATTACHMENT_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise too_big(limit)
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise too_big(limit)
    if not data:
        raise refused("file_empty", _("The file is empty."))
    return data


def too_big(limit: int) -> DomainError:
    megabytes = f"{limit / 1_000_000:.0f}" if limit >= 1_000_000 else f"{limit / 1_000_000:.2f}"
    return refused(
        "file_too_big",
        _("The file is too big: at most %(size)s MB is allowed.") % {"size": megabytes},
    )


def sniff(data: bytes) -> str | None:
    """The allowed type `data` is, from its first bytes (and a ZIP's parts), or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return HEIC
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    if b"\x00" not in data:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        return TEXT
    return None


def _office(data: bytes) -> str | None:
    """DOCX or XLSX: a ZIP with [Content_Types].xml and a word/ or xl/ part; any other ZIP is
    refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return DOCX
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return None


def check(data: bytes) -> Checked:
    """The file as we store it, or a refusal that says which types are allowed."""
    content_type = sniff(data)
    if content_type is None:
        raise refused(
            "file_type",
            _(
                "This type of file is not allowed. Allowed are PDF, PNG, JPEG, HEIC, Word "
                "(DOCX), Excel (XLSX) and plain text."
            ),
        )
    if content_type in (PNG, JPEG, HEIC):
        return clean_photo(data, content_type)
    return Checked(data, content_type)


def clean_photo(data: bytes, content_type: str) -> Checked:
    """Decode the image, turn it upright by its EXIF orientation and encode it again without
    its metadata (EXIF, GPS, comments): a photo from the walk-round must not tell where or
    with what it was taken. HEIC becomes JPEG, which every browser and the PDF show."""
    if content_type == HEIC:
        from pillow_heif import register_heif_opener  # loaded only for a HEIC photo

        register_heif_opener()
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValueError("too many pixels")
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise refused(
            "image_unreadable", _("The image cannot be read. It may be damaged.")
        ) from None
    out = io.BytesIO()
    if content_type == PNG:
        upright.save(out, "PNG", optimize=True)
        return Checked(out.getvalue(), PNG)
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.save(out, "JPEG", quality=88, optimize=True)
    return Checked(out.getvalue(), JPEG)

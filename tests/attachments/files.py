"""Files for the attachment tests, made here: photos with EXIF orientation and GPS, office
files, an executable."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# An ELF executable's first bytes: no name makes it a PDF.
EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120


def upload(data: bytes, name: str = "bilag.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def photo(width=60, height=30, *, orientation=6, gps=True, fmt="JPEG") -> bytes:
    """A photo stored sideways: EXIF says "rotate 90° clockwise to show" (6), with GPS."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    # A mark in the top left corner, to find where it went.
    image.paste((0, 0, 255), (0, 0, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Telefonfabrik"
    if gps:
        exif[0x8825] = {1: "N", 2: (55.0, 40.0, 30.0), 3: "E", 4: (12.0, 34.0, 10.0)}
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part}/document.xml", "<x/>")
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hej")
    return out.getvalue()

"""The one way a file leaves storage: as the answer to someone the access module let read it."""

from __future__ import annotations

from django.http import FileResponse

from .models import Attachment


def file_response(attachment: Attachment) -> FileResponse:
    """Stream the file with its name and stored type; browsers must not guess another type
    (nosniff), and it is never shown as a page of ours (attachment, sandboxed)."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The site's policy (django-csp's middleware) and a sandbox: opened in a tab by mistake, a
    # file still runs nothing as a page of ours.
    response._csp_update = {"sandbox": True}
    response["Cache-Control"] = "private, no-store"
    return response

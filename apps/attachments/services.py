"""Writes on attachments: add (checked from the content, a photo cleaned) and delete."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from apps import access
from apps.assessments.services import ensure_open
from apps.core.errors import DomainError
from apps.core.services import validate

from . import content
from .models import Attachment, assessment_of, target_field_for
from .storage import attachment_storage, note_written, removed_on_rollback


def _forbidden() -> DomainError:
    return DomainError("forbidden", _("You may not change this."), field=None, forbidden=True)


def _stored_filename(name: str, checked: content.Checked) -> str:
    """The name a download gets: the uploaded name with the extension of what it really is."""
    stem = PurePath(name or "").stem or "bilag"
    try:
        stem = get_valid_filename(stem)[:100]
    except Exception:  # noqa: BLE001 - a name of nothing but punctuation: use a plain one
        stem = "bilag"
    return f"{stem}{checked.extension}"


def attachment_add(*, by, obj, title: str, kind: str, file) -> Attachment:
    """Attach `file` to `obj` (an APV, finding, dialogue, action or evaluation) that `by` may
    edit, in an open APV. The file is judged from its content and a photo is stored upright
    without its metadata; a refused upload leaves nothing in storage."""
    with removed_on_rollback(), transaction.atomic():
        return _add(by=by, obj=obj, title=title, kind=kind, file=file)


def _add(*, by, obj, title, kind, file) -> Attachment:
    field = target_field_for(obj)
    if by is not None and not access.may_attach(by, obj):
        raise _forbidden()
    ensure_open(assessment_of(obj))
    if kind == Attachment.Kind.APPROVAL and field != "assessment":
        raise DomainError(
            "approval_on_apv",
            _("An approval is attached to the APV itself."),
            field="kind",
            invalid_input=True,
        )
    limit = settings.APV_ATTACHMENTS_PER_OBJECT
    if Attachment.objects.filter(**{field: obj}).count() >= limit:
        raise content.refused(
            "too_many_attachments",
            _("There can be at most %(count)d attachments here. Delete one first.")
            % {"count": limit},
        )
    checked = content.check(content.read_upload(file))
    attachment = Attachment(
        **{field: obj},
        title=title,
        kind=kind,
        filename=_stored_filename(getattr(file, "name", ""), checked),
        size=len(checked.data),
        content_type=checked.content_type,
        uploaded_by=by,
    )
    # Validated before anything is written: the file is stored only once the rest is sound.
    validate(attachment, exclude=["file"])
    name = attachment_storage().save(
        f"attachments/{uuid.uuid4().hex}{checked.extension}", ContentFile(checked.data)
    )
    note_written(name)
    attachment.file.name = name
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, by, attachment: Attachment) -> None:
    """Delete an attachment: its uploader or a coordinator, never in a closed APV. The file
    goes once the deletion is committed (a rolled-back delete keeps it)."""
    if by is not None and not access.can(by, access.Verb.DELETE, attachment):
        raise _forbidden()
    ensure_open(assessment_of(attachment.target))
    name = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment_storage().delete(name))

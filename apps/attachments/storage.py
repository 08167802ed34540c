"""Where attachment files live: the storage `attachments` of STORAGES (the file system under
MEDIA_ROOT by default, an S3-compatible bucket with APV_ATTACHMENT_STORAGE=s3). Files are never
served by a public URL: only the download views, which ask the access module, read them."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import storages

_written: ContextVar[list[str] | None] = ContextVar("attachment_files_written", default=None)


def attachment_storage():
    """The storage of the attachment files (a callable, so migrations do not name a backend)."""
    return storages["attachments"]


def note_written(name: str) -> None:
    """Remember a file just written, to remove it should the write that stored it fail."""
    pending = _written.get()
    if pending is not None:
        pending.append(name)


@contextmanager
def removed_on_rollback():
    """Around a write that stores files: when it fails (an exception leaves the block, so its
    transaction is rolled back) the files it wrote are removed, so a refused upload leaves
    nothing in storage. Blocks nest: an inner block that succeeds hands its files to the outer
    one, which still removes them should the whole write fail later."""
    outer = _written.get()
    mine: list[str] = []
    token = _written.set(mine)
    try:
        yield
    except BaseException:
        for name in mine:
            attachment_storage().delete(name)
        raise
    finally:
        _written.reset(token)
    if outer is not None:
        outer.extend(mine)

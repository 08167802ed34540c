import pytest
from django.core.files.storage import storages


@pytest.fixture
def media(settings, tmp_path):
    """A storage folder of the test's own, to count the files in it."""
    settings.MEDIA_ROOT = str(tmp_path)
    storage = storages["attachments"]
    for name in ("base_location", "location"):
        storage.__dict__.pop(name, None)
    return tmp_path


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]

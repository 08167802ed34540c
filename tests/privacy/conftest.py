"""Shared helpers of the privacy tests: the security events a test logged."""

import json
import logging

import pytest


@pytest.fixture
def events(caplog):
    """The security events logged during the test, as dicts."""
    caplog.set_level(logging.INFO, logger="apvtracker.security")

    def read(kind=None):
        lines = [r.getMessage() for r in caplog.records if r.name == "apvtracker.security"]
        parsed = [json.loads(line) for line in lines]
        return [p for p in parsed if kind is None or p["event"] == kind]

    return read

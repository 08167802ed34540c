"""Helpers for driving the admin through the test client as a given user."""

import re

from django.test import Client


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def changelist_titles(client, url) -> set[str]:
    """The link texts of the first column of an admin changelist."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    return set(re.findall(r'<th class="field-[^"]+"><a href="[^"]+">([^<]+)</a>', html))

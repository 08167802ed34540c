"""Helpers for driving the admin through the test client as a given user."""

import re
from html.parser import HTMLParser

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


class _FormParser(HTMLParser):
    """The fields of the page's main admin form, as a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self.in_form = False
        self.select = None
        self.select_values: list[str] = []
        self.option = None
        self.first_option = None
        self.textarea = None
        self.text = ""

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(name, a.get("value", "on"))
            else:
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self.select, self.select_values, self.first_option = name, [], None
            self.multiple = "multiple" in a
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in a:
                self.select_values.append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select:
            values = self.select_values
            if not values and not self.multiple and self.first_option is not None:
                values = [self.first_option]
            for value in values:
                self._add(self.select, value)
            self.select = None
        elif tag == "textarea" and self.textarea:
            # A browser drops the newline right after <textarea>.
            self._add(self.textarea, self.text.removeprefix("\n"))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


def form_data(client, url: str, **changes) -> dict:
    """What saving the admin form at `url` unchanged would post, with `changes` applied
    (a value of None removes the field, a list gives several values)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    parser = _FormParser()
    parser.feed(response.content.decode())
    data = {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data

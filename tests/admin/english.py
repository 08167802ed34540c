"""English left on a Danish page: the phrases Django's admin, Django's forms and
django-simple-history say in English (their catalogues' source strings), looked for in what a
person sees or hears of a page (its text, and the titles, labels and placeholders of its
controls)."""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import simple_history

CATALOGUES = [
    Path(django.__file__).parent / "contrib/admin/locale/da/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/admin/locale/da/LC_MESSAGES/djangojs.po",
    Path(django.__file__).parent / "conf/locale/da/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/de/LC_MESSAGES/django.po",
]
# Words that read the same in Danish, or never reach a page as English on their own.
SAME_IN_DANISH = {"Status", "Administration", "Pause", "Dashboard", "Start", "Online"}


@cache
def english_phrases() -> frozenset[str]:
    """Source strings of two words or more, without placeholders: distinctive enough that
    finding one on a Danish page means it was not translated."""
    phrases = set()
    for path in CATALOGUES:
        text_of_file = path.read_text(encoding="utf-8")
        for block in re.findall(r'^msgid ((?:".*"\n)+)', text_of_file, re.M):
            text = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"')
            if "%" in text or "{" in text or "<" in text or text in SAME_IN_DANISH:
                continue
            if len(text.split()) >= 2 and len(text) >= 8:
                phrases.add(text.rstrip(".:"))
    return frozenset(phrases)


class _Visible(HTMLParser):
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attrs = dict(attrs)
        self.parts += [attrs[a] for a in self.SPOKEN if attrs.get(a)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_on(html: str) -> list[str]:
    """The English phrases a person meets on the page."""
    parser = _Visible()
    parser.feed(html)
    text = " ".join(" ".join(parser.parts).split())
    return sorted(phrase for phrase in english_phrases() if phrase in text)

"""The demo provider's login page (identity_provider.py): a button per person to log in as, and
a plain warning that this is the demo's test login. Written in Danish directly: it belongs to
the demo, not to the tracker, and is never translated."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .identity_provider import Person

TITLE = "Log ind hos Nordby Kommunes test-login"

STYLE = """
:root { color-scheme: light; --ink: #1f2933; --quiet: #52606d; --line: #cbd2d9;
  --accent: #264b5d; --warn: #fff4d6; --warn-line: #d9a300; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #f5f7fa; }
main { max-width: 58rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; color: var(--accent); }
h2 { font-size: 1.05rem; margin: 1.75rem 0 0.5rem; }
.warning { max-width: 40rem; background: var(--warn); border: 2px solid var(--warn-line);
  border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1.25rem; }
.warning strong { display: block; margin-bottom: 0.25rem; }
.warning p { margin: 0; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem;
  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr)); }
button { font: inherit; cursor: pointer; }
.person { display: flex; flex-direction: column; justify-content: flex-start; width: 100%;
  height: 100%; text-align: left; padding: 0.7rem 1rem;
  background: #fff; color: var(--ink); border: 1px solid var(--line); border-radius: 6px; }
.person:hover, .person:focus-visible { border-color: var(--accent);
  outline: 2px solid var(--accent); outline-offset: 0; }
.name { display: block; font-weight: 600; }
.role, .email { display: block; color: var(--quiet); font-size: 0.9rem;
  overflow-wrap: anywhere; }
.current { font-weight: normal; color: var(--accent); }
.cancel { margin-top: 1.75rem; background: none; border: 0; padding: 0.5rem 0;
  color: var(--accent); text-decoration: underline; }
"""
# The page's own style by its hash, and nothing else: no script, no framing. No form-action:
# the choice is posted here and redirected to the tracker, which a browser checks against it.
STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
POLICY = (
    f"default-src 'none'; style-src 'sha256-{STYLE_HASH}'; base-uri 'none'; frame-ancestors 'none'"
)

WARNING = (
    "<strong>Kun til demoen – aldrig i drift</strong>"
    "<p>Dette test-login beder ikke om adgangskode: den person, du vælger, bliver logget ind "
    "i APV-trackeren. Det findes kun for at vise, hvordan man logger ind med single sign-on.</p>"
)


def _layout(body: str) -> str:
    return (
        '<!doctype html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{TITLE}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{TITLE}</h1>\n"
        f'<div class="warning" role="note">{WARNING}</div>\n{body}</main>\n</body>\n</html>\n'
    )


def _button(person: Person, current: str | None) -> str:
    now = ' <span class="current">(logget ind nu)</span>' if person.sub == current else ""
    role = person.role or "ingen rolle endnu"
    return (
        f'<li><button class="person" type="submit" name="sub" value="{escape(person.sub)}">'
        f'<span class="name">{escape(person.name)}{now}</span>'
        f'<span class="role">{escape(role)}</span>'
        f'<span class="email">{escape(person.email)}</span></button></li>'
    )


def _group(heading: str, people: Sequence[Person], current: str | None) -> str:
    if not people:
        return ""
    buttons = "\n".join(_button(person, current) for person in people)
    return f"<h2>{heading}</h2>\n<ul>\n{buttons}\n</ul>\n"


def page(people: Sequence[Person], *, request_id: str, current: str | None) -> str:
    """The chooser: the demo's featured people first, then everyone else."""
    if not people:
        return _layout(
            "<p>Der er ingen brugere med e-mailadresse at logge ind som. Opret demoens data "
            "med <code>python manage.py seed_demo</code>, og start test-loginet igen.</p>\n"
        )
    featured = [p for p in people if p.featured]
    others = [p for p in people if not p.featured]
    groups = _group("Demoens personer", featured, current) + _group(
        "Alle andre" if featured else "Personer", others, current
    )
    return _layout(
        '<form method="post" action="/authorize">\n'
        f'<input type="hidden" name="request" value="{escape(request_id)}">\n'
        "<p>Vælg, hvem du vil logge ind som:</p>\n"
        f"{groups}"
        '<button class="cancel" type="submit" name="cancel" value="1">Annullér og gå tilbage'
        "</button>\n</form>\n"
    )


def expired_page() -> str:
    return _layout(
        "<p>Siden er udløbet (test-loginet er måske blevet genstartet). Gå tilbage til "
        "APV-trackeren, og klik på knappen for at logge ind igen.</p>\n"
    )

"""A small, real OpenID Connect provider for the demo (`manage.py demo_identity_provider`,
`make demo-sso`) and the single sign-on tests: an HTTP server on 127.0.0.1 that serves
discovery, its signing keys (JWKS), authorize, token, userinfo and end_session, and signs RS256
id tokens with a key of its own (joserfc).

Two ways to say who logs in:
- one fixed `person` (the tests): authorize approves them at once, no page;
- `people` to choose from (the demo): authorize shows a page with a button per person
  (chooser.py); the choice is posted back here, remembered in a cookie of the provider's own,
  and the browser goes on to the tracker's callback with the code.

Either way `prompt=none` (the tracker's silent renewal) never shows a page: it answers with a
code for the person already logged in here, or `error=login_required` (nobody chosen in this
browser, or a person disabled here, as at a real provider whose user was blocked).

It signs in anyone who clicks: for the demo and the tests, never for production.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

from . import chooser

CLIENT_ID = "apv-tracker"
CLIENT_SECRET = "test-secret-not-for-production"
NAME = "Nordby Kommunes test-login"
DEFAULT_PORT = 8766
# The provider's own cookie: cookies do not tell ports apart, so the tracker on the same host
# sees it too, and it must not be called anything the tracker uses (sessionid, csrftoken).
COOKIE = "demo_idp_login"
# Authorization requests waiting for a choice; the oldest go first beyond this many.
PENDING_LIMIT = 500


@dataclass
class Person:
    """An account at the provider."""

    sub: str
    email: str
    email_verified: bool = True
    given_name: str = "Sanne"
    family_name: str = "Jensen"
    preferred_username: str = "sanne@kommune.dk"
    oid: str = field(default_factory=lambda: secrets.token_hex(8))
    enabled: bool = True
    # Only for the chooser page: the roles in words, and whether the demo features them.
    role: str = ""
    featured: bool = False

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def claims(self) -> dict:
        return {
            "sub": self.sub,
            "oid": self.oid,
            "email": self.email,
            "email_verified": self.email_verified,
            "given_name": self.given_name,
            "family_name": self.family_name,
            "preferred_username": self.preferred_username,
        }


class Provider:
    """Start with `with Provider(person) as op:` (a thread, a free port) or `.serve()` in the
    foreground; `op.issuer` is its base URL. `secret` signs the login cookie: the same secret
    keeps a browser's choice across restarts (a random one by default)."""

    def __init__(
        self,
        person: Person | None = None,
        *,
        people: Sequence[Person] = (),
        port: int = 0,
        secret: bytes | None = None,
        log: Callable[[str], None] | None = None,
    ):
        if person is None and not people:
            raise ValueError("A fixed person, or people to choose from.")
        self.person = person
        self.people = {p.sub: p for p in people}
        self.secret = secret or secrets.token_bytes(32)
        self.log = log or (lambda line: None)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-1", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.pending: dict[str, dict] = {}  # authorization requests waiting for a choice
        self.requests: list[tuple[str, dict]] = []  # (path, parameters) of every request
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def serve(self) -> None:
        """In the foreground, until interrupted."""
        try:
            self.server.serve_forever()
        finally:
            self.server.server_close()

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def requested(self, path: str) -> list[dict]:
        return [params for p, params in self.requests if p == path]

    # --- the browser's login here: a cookie with the chosen subject, signed -----------------

    def _cookie_value(self, sub: str) -> str:
        mac = hmac.new(self.secret, sub.encode(), hashlib.sha256).hexdigest()
        return f"{sub}.{mac}"

    def _logged_in(self, cookie: str) -> Person | None:
        sub, _, mac = cookie.rpartition(".")
        if not sub or not hmac.compare_digest(self._cookie_value(sub), cookie):
            return None
        return self.people.get(sub)

    def _set_cookie(self, value: str, *, max_age: int | None = None) -> dict:
        cookie = f"{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
        if max_age is not None:
            cookie += f"; Max-Age={max_age}"
        return {"Set-Cookie": cookie}

    # --- the endpoints' answers: (status, headers, body) ------------------------------------
    # A body is JSON (a dict), a page (a str) or nothing (None).

    def authorize(self, q: dict, cookie: str = ""):
        redirect_uri, state = q.get("redirect_uri", ""), q.get("state", "")
        if not redirect_uri or q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return 400, {}, {"error": "invalid_request"}
        silent = q.get("prompt") == "none"
        person = self.person if self.person is not None else self._logged_in(cookie)
        if person is not None and not person.enabled:
            error = "login_required" if silent else "access_denied"
            return _redirect(redirect_uri, error=error, state=state)
        if self.person is not None or (silent and person is not None):
            return self._approve(q, person)
        if silent:
            return _redirect(redirect_uri, error="login_required", state=state)
        # Asked to log in (not a renewal): the choice is always offered, even to a browser
        # logged in here already, so that the demo can switch people.
        request_id = secrets.token_urlsafe(16)
        while len(self.pending) >= PENDING_LIMIT:
            self.pending.pop(next(iter(self.pending)))
        self.pending[request_id] = q
        current = person.sub if person else None
        page = chooser.page(list(self.people.values()), request_id=request_id, current=current)
        return 200, {"Content-Security-Policy": chooser.POLICY, "Cache-Control": "no-store"}, page

    def choose(self, form: dict):
        """The chooser page's answer: a person's button, or cancel."""
        q = self.pending.pop(form.get("request", ""), None)
        if q is None:
            return 400, {}, chooser.expired_page()
        if "cancel" in form:
            return _redirect(q["redirect_uri"], error="access_denied", state=q.get("state", ""))
        person = self.people.get(form.get("sub", ""))
        if person is None or not person.enabled:
            return _redirect(q["redirect_uri"], error="access_denied", state=q.get("state", ""))
        self.log(f"{person.name} ({person.preferred_username}) logger ind")
        status, headers, body = self._approve(q, person)
        return status, {**headers, **self._set_cookie(self._cookie_value(person.sub))}, body

    def _approve(self, q: dict, person: Person):
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**q, "person": person.claims()}
        return _redirect(q["redirect_uri"], code=code, state=q.get("state", ""))

    def token(self, form: dict):
        grant = self.codes.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
            or not _pkce_ok(grant, form.get("code_verifier"))
        ):
            return 400, {}, {"error": "invalid_grant"}
        now = int(time.time())
        claims = grant["person"]
        id_claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "nonce": grant.get("nonce"),
            "sub": claims["sub"],
            "oid": claims["oid"],
        }
        header = {"alg": "RS256", "kid": "test-1"}
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = claims
        body = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 600,
            "id_token": jwt.encode(header, id_claims, self.key),
        }
        return 200, {}, body

    def userinfo(self, authorization: str):
        claims = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if claims is None:
            return 401, {}, {"error": "invalid_token"}
        # As Entra ID's: no `oid` here, only in the id token.
        return 200, {}, {k: v for k, v in claims.items() if k != "oid"}

    def logout(self, q: dict):
        # Logged out here too, so that the next login offers the choice with nobody remembered.
        status, headers, body = _redirect(
            q.get("post_logout_redirect_uri", self.issuer), state=q.get("state")
        )
        return status, {**headers, **self._set_cookie("", max_age=0)}, body


def _pkce_ok(grant: dict, verifier: str | None) -> bool:
    challenge = grant.get("code_challenge")
    if challenge is None:
        return True
    if verifier is None:
        return False
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii") == challenge


def _redirect(url: str, **params):
    query = urlencode({k: v for k, v in params.items() if v is not None})
    if query:
        url += ("&" if urlsplit(url).query else "?") + query
    return 302, {"Location": url}, None


def _handler(op: Provider):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass  # quiet: the tests read op.requests, the demo's command prints the logins

        def _answer(self, status, headers, body):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if body is None:
                payload = b""
            elif isinstance(body, str):
                payload = body.encode()
                self.send_header("Content-Type", "text/html; charset=utf-8")
            else:
                payload = json.dumps(body).encode()
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _cookie(self) -> str:
            cookies = SimpleCookie()
            try:
                cookies.load(self.headers.get("Cookie", ""))
            except Exception:  # noqa: BLE001 - the tracker's cookies on the same host
                return ""
            morsel = cookies.get(COOKIE)
            return morsel.value if morsel else ""

        def do_GET(self):
            url = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            op.requests.append((url.path, q))
            if url.path == "/.well-known/openid-configuration":
                return self._answer(200, {}, op.discovery())
            if url.path == "/jwks":
                return self._answer(200, {}, {"keys": [op.key.as_dict(private=False)]})
            if url.path == "/authorize":
                return self._answer(*op.authorize(q, self._cookie()))
            if url.path == "/userinfo":
                return self._answer(*op.userinfo(self.headers.get("Authorization", "")))
            if url.path == "/logout":
                return self._answer(*op.logout(q))
            if url.path == "/favicon.ico":
                return self._answer(204, {}, None)  # none; a browser asks for it on every page
            return self._answer(404, {}, {"error": "not_found"})

        def do_POST(self):
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            op.requests.append((url.path, {k: v for k, v in form.items() if "secret" not in k}))
            if url.path == "/token":
                return self._answer(*op.token(form))
            if url.path == "/authorize":
                return self._answer(*op.choose(form))
            return self._answer(404, {}, {"error": "not_found"})

    return Handler


def demo_persons() -> list[Person]:
    """The demo's users as people at the provider: a subject of their own for good ("demo-" +
    username) and their e-mail, verified, by which the tracker finds their account at the
    first login."""
    # Django's models: imported here, so that the provider itself needs no database.
    from .selectors import demo_people

    return [
        Person(
            sub=f"demo-{p.username}",
            oid=f"demo-{p.username}",
            email=p.email,
            given_name=p.first_name,
            family_name=p.last_name,
            preferred_username=p.username,
            role=p.role,
            featured=p.featured,
        )
        for p in demo_people()
    ]

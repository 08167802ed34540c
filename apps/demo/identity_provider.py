"""A small, real OpenID Connect provider for the tests: an HTTP server on 127.0.0.1 (a free
port, in a thread) that serves discovery, its signing keys (JWKS), authorize, token, userinfo
and end_session, and signs RS256 id tokens with a key of its own (joserfc).

Its authorize page approves the configured person at once (no login form), but honours
`prompt=none`: a person disabled here gets `error=login_required`, as at a real provider whose
user was blocked. The tests follow the redirects by hand: the tracker's client sends the
browser here, the test requests the URL for real, and hands the callback URL back to the
tracker, whose backend then calls the token and JWKS endpoints over HTTP itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "apv-tracker"
CLIENT_SECRET = "test-secret-not-for-production"


@dataclass
class Person:
    """The account logged in at the provider."""

    sub: str
    email: str
    email_verified: bool = True
    given_name: str = "Sanne"
    family_name: str = "Jensen"
    preferred_username: str = "sanne@kommune.dk"
    oid: str = field(default_factory=lambda: secrets.token_hex(8))
    enabled: bool = True

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
    """Start with `with Provider(person) as op:`; `op.issuer` is its base URL."""

    def __init__(self, person: Person):
        self.person = person
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-1", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.requests: list[tuple[str, dict]] = []  # (path, parameters) of every request
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
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

    # --- the endpoints' answers: (status, headers, body) ------------------------------------

    def authorize(self, q: dict):
        redirect_uri, state = q["redirect_uri"], q.get("state", "")
        if q.get("client_id") != CLIENT_ID or q.get("response_type") != "code":
            return 400, {}, {"error": "invalid_request"}
        if not self.person.enabled:
            error = "login_required" if q.get("prompt") == "none" else "access_denied"
            return _redirect(redirect_uri, error=error, state=state)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**q, "person": self.person.claims()}
        return _redirect(redirect_uri, code=code, state=state)

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
        return _redirect(q.get("post_logout_redirect_uri", self.issuer), state=q.get("state"))


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
            pass  # quiet: the tests read op.requests instead

        def _answer(self, status, headers, body):
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            payload = b"" if body is None else json.dumps(body).encode()
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self):
            url = urlsplit(self.path)
            q = {k: v[0] for k, v in parse_qs(url.query).items()}
            op.requests.append((url.path, q))
            if url.path == "/.well-known/openid-configuration":
                return self._answer(200, {}, op.discovery())
            if url.path == "/jwks":
                return self._answer(200, {}, {"keys": [op.key.as_dict(private=False)]})
            if url.path == "/authorize":
                return self._answer(*op.authorize(q))
            if url.path == "/userinfo":
                return self._answer(*op.userinfo(self.headers.get("Authorization", "")))
            if url.path == "/logout":
                return self._answer(*op.logout(q))
            return self._answer(404, {}, {"error": "not_found"})

        def do_POST(self):
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            op.requests.append((url.path, {k: v for k, v in form.items() if "secret" not in k}))
            if url.path == "/token":
                return self._answer(*op.token(form))
            return self._answer(404, {}, {"error": "not_found"})

    return Handler

"""Every /oidc/ route (mounted only with single sign-on on) with what each caller gets, the
same way tests/admin/test_route_matrix.py holds the admin's routes and
tests/api/test_permission_matrix.py the API's: the last test fails when a route under /oidc/
exists that this table misses. The login page with the provider's button keeps to the
Content-Security-Policy (no inline script or style: tests/deploy/test_csp.py's finder)."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.deploy.test_csp import inline_in, policy_of

pytestmark = pytest.mark.django_db

# (route name, method): (anonymous, a provider-logged-in person)
MATRIX = {
    ("oidc_authentication_init", "get"): ("302", "302"),  # to the provider's authorize
    ("oidc_authentication_callback", "get"): ("302", "302"),  # no code: back to the login
    ("oidc_logout", "get"): ("405", "405"),
    ("oidc_logout", "post"): ("302", "302"),  # login page; the provider's end_session
}
PATHS = {
    "oidc_authentication_init": "/oidc/authenticate/",
    "oidc_authentication_callback": "/oidc/callback/",
    "oidc_logout": "/oidc/logout/",
}


def oidc_routes() -> set[tuple[str, str]]:
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and prefix.startswith("oidc/"):
                view = getattr(pattern.callback, "view_class", None)
                methods = view.http_method_names if view else ["get", "post"]
                for method in ("get", "post"):
                    if method in methods:
                        found.add((pattern.name, method))

    walk(get_resolver().url_patterns, "")
    return found


@pytest.mark.parametrize(("route", "method"), sorted(MATRIX))
def test_route_method_caller(sso, person, org, route, method):
    from .conftest import sso_login

    person.email = org.user("amr", "team").email
    logged_in = Client()
    sso_login(logged_in)
    for client, expected in zip((Client(), logged_in), MATRIX[(route, method)], strict=True):
        response = getattr(client, method)(PATHS[route])
        assert str(response.status_code) == expected, (route, method, response)
        assert policy_of(response), "every response carries the Content-Security-Policy"
    if route == "oidc_authentication_init":
        assert response["Location"].startswith(sso.issuer + "/authorize?")


def test_the_matrix_covers_every_oidc_route(sso):
    assert oidc_routes() == set(MATRIX)


def test_the_login_page_with_the_button_keeps_to_the_policy(sso):
    response = Client().get("/admin/login/")
    page = response.content.decode()
    assert "sso-login-button" in page
    assert inline_in(page) == []
    assert policy_of(response)["style-src"] == ["'self'"]

"""Logging in through the provider, end to end against the demo's provider
(apps/demo/identity_provider.py): the tracker's backend exchanges the code at the token endpoint
and checks the id token's signature with the provider's JWKS, over HTTP."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from apps.accounts.models import User
from apps.sso.models import Identity
from tests.factories import UserFactory

from .conftest import sso_login

pytestmark = pytest.mark.django_db


def logged_in_user(client):
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def test_a_first_login_creates_a_person_without_a_role(sso, person, events):
    client = Client()
    response = sso_login(client)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    user = logged_in_user(client)
    assert user.username == "sanne@kommune.dk"
    assert (user.first_name, user.last_name, user.email) == (
        "Sanne",
        "Jensen",
        "sanne.jensen@nordby.dk",
    )
    assert not user.has_usable_password()
    assert not user.role_assignments.exists() and not user.is_staff
    identity = Identity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (sso.issuer, "entra-sub-1")
    assert identity.bound_by == "created"
    # The code went through the provider's token endpoint, with PKCE and the nonce checked.
    assert len(sso.requested("/token")) == 1 and sso.requested("/token")[0]["code_verifier"]
    assert sso.requested("/jwks")
    names = [e["event"] for e in events()]
    assert "sso_user_created" in names and "sso_login" in names and "login" in names
    # No role: the admin does not let them in yet (a coordinator gives one).
    page = client.get("/admin/")
    assert page.status_code == 302 and page["Location"].startswith("/admin/login/")


def test_a_verified_email_binds_an_existing_person_once(sso, person, org, events):
    amr = org.user("amr", "team")
    person.email = amr.email
    client = Client()
    assert sso_login(client).status_code == 302
    assert logged_in_user(client) == amr
    assert Identity.objects.get(user=amr).bound_by == "email"
    assert [e for e in events() if e["event"] == "sso_identity_bound"][0]["user_id"] == amr.pk
    assert client.get("/admin/").status_code == 200

    # Another account at the provider with the same address is not bound a second time.
    person.sub = "entra-sub-2"
    other = Client()
    response = sso_login(other)
    assert response["Location"] == "/admin/login/"
    assert logged_in_user(other) is None
    assert Identity.objects.filter(user=amr).count() == 1
    assert not User.objects.filter(username="sanne@kommune.dk").exists()
    refusals = [e for e in events() if e["event"] == "sso_refused"]
    assert refusals[-1]["reason"] == "email_already_bound"


def test_an_unverified_email_binds_nobody(sso, person, org):
    amr = org.user("amr", "team")
    person.email, person.email_verified = amr.email, False
    client = Client()
    sso_login(client)
    user = logged_in_user(client)
    assert user != amr and user.email == ""  # not an address the provider vouches for
    assert not Identity.objects.filter(user=amr).exists()


def test_a_returning_person_is_known_by_the_subject_after_the_email_changed(sso, person, org):
    amr = org.user("amr", "team")
    person.email = amr.email
    sso_login(Client())
    person.email = "ny.adresse@nordby.dk"
    person.preferred_username = "ny@kommune.dk"
    client = Client()
    sso_login(client)
    assert logged_in_user(client) == amr
    assert User.objects.filter(email="ny.adresse@nordby.dk").count() == 0


def test_the_subject_claim_is_configurable(op, person, org):
    from .conftest import sso_on

    with sso_on(op, OIDC_SUBJECT_CLAIM="oid"):
        client = Client()
        sso_login(client)
    identity = Identity.objects.get(user=logged_in_user(client))
    assert identity.subject == person.oid  # from the id token: userinfo has no `oid`


def test_a_deactivated_person_cannot_log_in(sso, person, org, events):
    amr = org.user("amr", "team")
    person.email = amr.email
    sso_login(Client())
    User.objects.filter(pk=amr.pk).update(is_active=False)
    client = Client()
    response = sso_login(client)
    assert response["Location"] == "/admin/login/"
    assert logged_in_user(client) is None
    assert events()[-1]["event"] in ("sso_refused", "login_failed")
    assert any(e["event"] == "sso_refused" and e["reason"] == "inactive" for e in events())
    page = client.get("/admin/login/")
    assert "Log ind med Nordby Kommunes login lykkedes ikke" in page.content.decode()


def test_a_deactivated_match_by_email_gets_no_new_account(sso, person):
    gone = UserFactory(username="gammel", email=person.email, is_active=False)
    client = Client()
    sso_login(client)
    assert logged_in_user(client) is None
    assert User.objects.filter(email__iexact=person.email).get() == gone


@pytest.mark.parametrize(
    "setting", [{"OIDC_OP_ISSUER": "https://another.example"}, {"OIDC_RP_CLIENT_ID": "apv-x"}]
)
def test_an_id_token_of_another_issuer_or_client_is_refused(op, person, setting):
    from .conftest import sso_on

    with sso_on(op, **setting):
        client = Client()
        if "OIDC_RP_CLIENT_ID" in setting:
            # The provider refuses the unknown client before any token exists.
            start = client.get("/oidc/authenticate/")
            assert "client_id=apv-x" in start["Location"]
            return
        response = sso_login(client)
    assert response.status_code == 400  # SuspiciousOperation: the issuer is not ours
    assert logged_in_user(client) is None

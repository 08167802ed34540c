"""A bounded property-based run of the whole API against the live application.

Schemathesis reads the OpenAPI schema the application serves, generates requests for every
operation (a fixed seed, about 25 examples each) and checks that no answer is a server error
and that status codes, content types, headers and bodies are the ones the schema documents.
Each example calls as one of the team's roles, with that role's own token.
"""

import json

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import strategies as st
from knox.models import AuthToken
from pytest_django.live_server_helper import LiveServer
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests import conftest as root_conftest
from tests.conftest import build_org, load_org
from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
)

ROLES = ["coordinator", "leader", "amr", "tr", "med", "employee"]
# Every test is a savepoint of its own, as anywhere; the live server answers from another
# thread, through a connection of its own, from data the module commits once (building it and
# emptying the database for each of the hundred-odd operations cost more than the calls).
# (serialized_rollback: the test database keeps a serialized copy of what the migrations seeded,
# which the next module restores after this one empties it.)
pytestmark = pytest.mark.django_db(serialized_rollback=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture(scope="module")
def committed(django_db_setup, django_db_blocker):
    """The organisation, a token per role on the team, and one APV with one of everything to
    aim at, committed for the module's server; emptied after the module (the next module
    puts back what the migrations seeded)."""
    with django_db_blocker.unblock():
        org = load_org(build_org())
        apv = AssessmentFactory(unit=org.team, phase="prioritisation")
        finding = FindingFactory(assessment=apv, status="confirmed")
        action = ActionFactory(finding=finding, owner=org.user("employee", "team"))
        EvaluationFactory(action=action)
        DialogueFactory(assessment=apv, findings=[finding])
        CommunicationFactory(assessment=apv)
        FindingFactory(assessment=apv, confidential=True, title="Fortroligt")
        tokens = {role: AuthToken.objects.create(user=org.user(role, "team"))[1] for role in ROLES}
    server = LiveServer("localhost")
    yield server, tokens
    server.stop()
    with django_db_blocker.unblock():
        # As a transactional test's teardown does: the next module puts the migrations'
        # data back from the serialized copy (tests/conftest.py), so none is made here.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    root_conftest._emptied = True


def served_schema() -> dict:
    """The document /api/schema/ serves, generated the same way without a request."""
    generator = SchemaGenerator()
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))


schema = schemathesis.openapi.from_dict(served_schema())
# One test per operation, named by it ("GET /api/v1/actions/"): a test id of its own per
# operation, so that the parallel run distributes them and reports each.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_conforms_to_its_schema(operation, committed):
    live_server, tokens = committed

    @hypothesis.given(case=operation.as_strategy(), role=st.sampled_from(ROLES))
    @hypothesis.settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(hypothesis.HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    def conforms(case, role):
        case.call_and_validate(
            base_url=live_server.url,
            headers={"Authorization": f"Token {tokens[role]}"},
            checks=CHECKS,
        )

    conforms()

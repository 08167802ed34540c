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
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import strategies as st
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import (
    ActionFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
)

ROLES = ["coordinator", "leader", "amr", "tr", "med", "employee"]
# The live server answers from another thread, so the data must be committed; the
# serialized rollback brings the factor seed back after the flush between tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


@pytest.fixture
def tokens(org):
    """A token per role on the team, and one APV with one of everything to aim at."""
    apv = AssessmentFactory(unit=org.team, phase="prioritisation")
    finding = FindingFactory(assessment=apv, status="confirmed")
    action = ActionFactory(finding=finding, owner=org.user("employee", "team"))
    EvaluationFactory(action=action)
    DialogueFactory(assessment=apv, findings=[finding])
    CommunicationFactory(assessment=apv)
    FindingFactory(assessment=apv, confidential=True, title="Fortroligt")
    return {role: AuthToken.objects.create(user=org.user(role, "team"))[1] for role in ROLES}


def served_schema() -> dict:
    """The document /api/schema/ serves, generated the same way without a request."""
    generator = SchemaGenerator()
    return json.loads(OpenApiJsonRenderer().render(generator.get_schema(public=True)))


schema = schemathesis.openapi.from_dict(served_schema())
# One test per operation, named by it ("GET /api/v1/actions/"): a test id of its own per
# operation, so that the parallel run distributes them and reports each.
OPERATIONS = [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_api_conforms_to_its_schema(operation, tokens, live_server):
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

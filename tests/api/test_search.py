"""A search term the API refuses (a NUL character) is a 400 that names its parameter, as every
other refusal does, on every list that searches."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize("resource", ["factors", "findings", "users", "units", "actions"])
def test_a_nul_in_the_search_term_is_a_400_on_the_search_field(org, resource):
    api = APIClient()
    api.force_authenticate(org.user("coordinator", "root"))
    response = api.get(f"/api/v1/{resource}/", {"search": "pause\x00"})
    assert response.status_code == 400
    assert response.json() == {"search": ["Null-tegn er ikke tilladte."]}

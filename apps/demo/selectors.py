"""Reads for the demo: the people its test login (identity_provider.py) offers."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from apps.organisation.models import RoleAssignment

from .content import ROLE_LABELS, USERS


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    email: str
    role: str  # in Danish words, e.g. "arbejdsmiljøkoordinator, Nordby Kommune"
    featured: bool


def demo_people() -> list[DemoPerson]:
    """Every active user with an e-mail, with the roles in effect today in Danish; the demo's
    featured logins first, in the README's order, then everyone else by name."""
    featured = [spec.username for spec in USERS if spec.featured]
    roles = RoleAssignment.objects.in_effect().select_related("unit").order_by("unit__path")
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="roles_now"))
        .order_by("first_name", "last_name", "username")
    )
    people = [
        DemoPerson(
            username=user.username,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            role=_role_in_words(user),
            featured=user.username in featured,
        )
        for user in users
    ]
    rank = {username: n for n, username in enumerate(featured)}
    return sorted(people, key=lambda p: (not p.featured, rank.get(p.username, 0)))


def _role_in_words(user) -> str:
    words = [f"{ROLE_LABELS[grant.role]}, {grant.unit.name}" for grant in user.roles_now]
    if user.is_superuser:
        words.insert(0, "superbruger (må alt)")
    return "; ".join(words)

"""Small helpers shared by the services of every app."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from .errors import DomainError


def apply_fields(instance, fields: dict, allowed: set[str]) -> set[str]:
    """Set `fields` on `instance`; a field outside `allowed` is refused. Returns what changed."""
    unknown = set(fields) - allowed
    if unknown:
        name = sorted(unknown)[0]
        raise DomainError(
            "field_not_editable",
            _("This field cannot be changed here."),
            field=name,
            invalid_input=True,
        )
    changed = set()
    for name, value in fields.items():
        try:
            current = getattr(instance, name)
        except ObjectDoesNotExist:  # a required foreign key not set yet on a new object
            current = None
        if current != value:
            setattr(instance, name, value)
            changed.add(name)
    return changed

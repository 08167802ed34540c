"""Small helpers shared by the services of every app."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
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


def invalid(error: ValidationError) -> DomainError:
    """Django's validation error as the domain's: every field's messages kept."""
    if hasattr(error, "error_dict"):
        errors = {name: list(messages) for name, messages in error.message_dict.items()}
    else:
        errors = {"__all__": list(error.messages)}
    name, messages = next(iter(errors.items()))
    return DomainError(
        "invalid",
        messages[0],
        field=None if name == "__all__" else name,
        invalid_input=True,
        errors=errors,
    )


def validate(instance, **kwargs) -> None:
    """`full_clean()`, refusing with the domain error: services never raise Django's own."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        raise invalid(error) from error


def refuse_fields(by, obj, names) -> None:
    """Refuse (403) a change of fields that `by` may not change on `obj` (access decides).
    `by` None is the system itself (a command, the demo data), which the rules do not limit."""
    if by is None:
        return
    from apps import access

    refused = access.refused_fields(by, obj, names)
    if refused:
        raise DomainError(
            "field_forbidden",
            _("You may not change this field."),
            field=sorted(refused)[0],
            forbidden=True,
        )

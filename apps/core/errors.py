"""The one domain error type: a rule said no, with a code and a message a person can read."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Unmet:
    """One unmet condition: a stable code for machines and a translated message for people."""

    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class DomainError(Exception):
    """Raised by services when a rule refuses a change.

    `invalid_input` marks errors that are about the request itself (400), as opposed to the
    state of the objects (409); `forbidden` marks a change the person may not make at all
    (403), such as a field only the reporter may change. `errors` holds every field's messages
    when input was invalid on several fields at once.
    """

    code: str
    message: str
    unmet: list[Unmet] = dataclasses.field(default_factory=list)
    field: str | None = None
    invalid_input: bool = False
    forbidden: bool = False
    errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    def __str__(self):
        return self.message

    def field_errors(self) -> dict[str, list[str]]:
        """The messages per field ("__all__" for the object as a whole)."""
        if self.errors:
            return self.errors
        return {self.field or "__all__": [self.message]}

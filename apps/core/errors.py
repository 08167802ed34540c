"""The one domain error type: a rule said no, with a code and a message a person can read."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    state of the objects (409).
    """

    code: str
    message: str
    unmet: list[Unmet] = field(default_factory=list)
    field: str | None = None
    invalid_input: bool = False

    def __str__(self):
        return self.message

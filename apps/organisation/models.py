from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def path_within(path: str, ancestor_path: str) -> bool:
    """Whether the unit at `path` lies in the subtree of the unit at `ancestor_path` (itself
    included). Paths are "/1/4/9/": a subtree is a prefix. The one subtree rule of the project."""
    return path.startswith(ancestor_path)


def subtree_q(ancestor_paths: Iterable[str], field: str = "path") -> Q:
    """Q for rows whose unit path (`field`, e.g. "assessment__unit__path") lies in the subtree
    of any of `ancestor_paths`; no paths match nothing."""
    q = Q(pk__in=[])
    for ancestor_path in ancestor_paths:
        q |= Q(**{f"{field}__startswith": ancestor_path})
    return q


# Sent when a unit moves or goes away: what adds up to what in the tree changed (survey figures
# are recomputed; apps.surveys listens).
tree_changed = Signal()


class UnitQuerySet(models.QuerySet):
    def within(self, unit: "Unit") -> "UnitQuerySet":
        """`unit` and every unit below it."""
        return self.filter(subtree_q([unit.path]))


class Unit(models.Model):
    """A node of the organisation tree; `path` ("/1/4/9/") makes a subtree one prefix match."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("organisation")
        AREA = "area", _("area")
        DEPARTMENT = "department", _("department")
        TEAM = "team", _("team")

    name = models.CharField(_("name"), max_length=200)
    external_id = models.CharField(
        _("HR id"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": _("Another unit already has this HR id.")},
        help_text=_("The unit's id in the HR system; imports match units by it."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=1000, editable=False, db_index=True, default="")
    headcount = models.PositiveIntegerField(
        _("headcount"),
        default=0,
        help_text=_("Number of employees in the unit itself."),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            # A subtree is `path LIKE '/1/4/%'`: on PostgreSQL with a non-C collation (da_DK)
            # only a pattern-ops index serves that prefix (the plain one serves ordering).
            models.Index(
                fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"]
            )
        ]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = Unit.objects.get(pk=self.parent_id).path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                # Moving a unit moves its whole subtree: rewrite the descendants' prefixes.
                Unit.objects.filter(subtree_q([old_path])).exclude(pk=self.pk).update(
                    path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                )
                tree_changed.send(sender=Unit, unit=self)
            self.path = new_path

    def clean(self):
        if self.parent_id and self.pk:
            parent = Unit.objects.get(pk=self.parent_id)
            if path_within(parent.path, self.path):
                raise ValidationError(
                    {"parent": _("A unit cannot be placed under itself or one of its sub-units.")}
                )

    def contains(self, other: "Unit") -> bool:
        """Whether `other` is this unit or lies below it."""
        return path_within(other.path, self.path)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    LEADER = "leader", _("leader")
    AMR = "amr", _("safety representative (AMR)")
    TR = "tr", _("union representative (TR)")
    MED = "med", _("MED/HSU member")
    EMPLOYEE = "employee", _("employee")


class RoleAssignment(models.Model):
    """A user's role on a unit; it covers the unit and every unit below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="unique_role_per_user_and_unit"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

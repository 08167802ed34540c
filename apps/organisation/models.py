import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Concat, Substr
from django.dispatch import Signal
from django.utils import timezone
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


class RoleAssignmentQuerySet(models.QuerySet):
    def in_effect(self, on: datetime.date | None = None) -> "RoleAssignmentQuerySet":
        """The assignments that hold on `on` (default today): within their own period and, for
        a deputy's stand-in, within the period of the assignment stood in for. The one rule of
        when a role counts; the access module and the reminders ask it."""
        on = on or timezone.localdate()
        return self.filter(
            _within_period(on),
            Q(stands_in_for__isnull=True) | _within_period(on, "stands_in_for__"),
        )


def _within_period(on: datetime.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}starts_on__isnull": True}) | Q(**{f"{prefix}starts_on__lte": on})) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


class RoleAssignment(models.Model):
    """A user's role on a unit; it covers the unit and every unit below it, from `starts_on` to
    `ends_on` (both included; empty: open). A deputy's stand-in is an assignment of its own with
    `stands_in_for` set: the holder's role on the holder's unit, for the stand-in's period,
    and so exactly the holder's scope (not the findings the holder is named to handle)."""

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
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("The last day, e.g. when an AMR's term of office ends. Empty: no end."),
    )
    stands_in_for = models.ForeignKey(
        "self",
        verbose_name=_("deputy for"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stand_ins",
        help_text=_(
            "A deputy stands in for this role holder during the period (holiday, leave) and "
            "receives what the holder would."
        ),
    )
    history = HistoricalRecords()

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(stands_in_for__isnull=True),
                name="unique_role_per_user_and_unit",
                violation_error_message=_("The person already holds this role on this unit."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

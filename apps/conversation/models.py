"""Comments with @-mentions on findings and actions, following APVs and findings, and each
person's inbox (issue 15). Who may read any of it is the access module's answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Comment(models.Model):
    """One comment in the short thread of a finding or an action. As confidential as what it
    is on (apps.access): a comment on a confidential finding, or on an action under one, is
    read exactly by those who read the finding."""

    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    text = models.TextField(_("text"), max_length=4000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentioned"),
        through="Mention",
        related_name="mentioned_in",
        blank=True,
    )
    # A deleted comment stays in the history, read by the same rules as the thread.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finding__isnull=False, action__isnull=True)
                | Q(finding__isnull=True, action__isnull=False),
                name="comment_on_one_object",
                violation_error_message=_("A comment is on a finding or on an action."),
            )
        ]

    def __str__(self):
        return f"{self.author} {self.created_at:%d.%m.%Y %H:%M}"

    @property
    def target(self):
        return self.finding if self.finding_id else self.action


class Mention(models.Model):
    """A person named in a comment by `@username`."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="unique_mention"),
        ]

    def __str__(self):
        return f"@{self.user}"


class Follow(models.Model):
    """A person follows an APV or a finding: its news reach their inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="follows",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("APV"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    finding = models.ForeignKey(
        "findings.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, finding__isnull=True)
                | Q(assessment__isnull=True, finding__isnull=False),
                name="follow_one_object",
            ),
            models.UniqueConstraint(
                fields=["user", "assessment"],
                condition=Q(assessment__isnull=False),
                name="unique_follow_assessment",
            ),
            models.UniqueConstraint(
                fields=["user", "finding"],
                condition=Q(finding__isnull=False),
                name="unique_follow_finding",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.assessment or self.finding}"


class InboxItem(models.Model):
    """One thing that happened, for one person, fanned out when it happened.

    The subject is typed (one foreign key per kind of object) rather than generic: reading the
    inbox then narrows it by the access module's querysets in one plain query, and an item
    vanishes with its subject. Exactly the subject's own key is set (an action's item names the
    action, not its finding), so an item is shown exactly when its subject is readable.
    """

    class Kind(models.TextChoices):
        NEW_FINDING = "new_finding", _("New finding in your unit")
        ACTION_ASSIGNED = "action_assigned", _("Action assigned to you")
        ACTION_UPDATE = "action_update", _("Status update on an action")
        COMMENT = "comment", _("New comment")
        MENTION = "mention", _("You were mentioned")
        PLAN_APPROVED = "plan_approved", _("Action plan approved")
        PHASE_MOVED = "phase_moved", _("APV moved to another phase")
        REMINDER = "reminder", _("Reminder")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="inbox_items",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, on_delete=models.CASCADE, related_name="+"
    )
    finding = models.ForeignKey(
        "findings.Finding", null=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        "actions.Action", null=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(Comment, null=True, on_delete=models.CASCADE, related_name="+")
    reminder = models.OneToOneField(
        "reminders.Reminder", null=True, on_delete=models.CASCADE, related_name="inbox_item"
    )
    created_at = models.DateTimeField(_("created at"), db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("inbox item")
        verbose_name_plural = _("inbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="inbox_recipient_read_idx"),
            models.Index(fields=["recipient", "-created_at"], name="inbox_recipient_new_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"

    @property
    def subject(self):
        return self.comment or self.action or self.finding or self.assessment or self.reminder

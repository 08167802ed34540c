from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who uses the tracker; what they may do comes from their role assignments."""

    # The HR system's id of the person: the people import matches people by it, so a new
    # e-mail or name in HR updates the person instead of adding another.
    external_id = models.CharField(
        _("HR id"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        error_messages={"unique": _("Another person already has this HR id.")},
        help_text=_("The person's id in the HR system; the people import matches people by it."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        full_name = self.get_full_name()
        return full_name or self.username

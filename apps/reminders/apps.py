from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from . import checks, signals  # noqa: F401

        signals.connect()
        # Beat needs a schedule from the first start on: create the missing default entries
        # after every migrate (an operator's changes are kept).
        post_migrate.connect(signals.install_schedule, sender=self)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "apps.concerns"
    verbose_name = _("Concerns to the AMR")

    def ready(self):
        from .quiet import install

        install()

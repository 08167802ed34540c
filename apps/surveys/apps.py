from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "apps.surveys"
    verbose_name = _("Surveys and sickness absence")

    def ready(self):
        from apps.organisation.models import tree_changed

        from .services import tree_changed as recompute_before_next_read

        tree_changed.connect(recompute_before_next_read, dispatch_uid="surveys-tree-changed")

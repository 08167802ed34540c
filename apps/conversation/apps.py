from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationConfig(AppConfig):
    name = "apps.conversation"
    verbose_name = _("Comments and inbox")

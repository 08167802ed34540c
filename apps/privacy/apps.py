from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Privacy by design (GDPR art. 5 and 25): confidential findings are anonymised once kept
    long enough, and everything stored about one person can be exported for them."""

    name = "apps.privacy"
    verbose_name = _("Privacy")

from django.contrib.admin.apps import AdminConfig


class APVAdminConfig(AdminConfig):
    default_site = "apvtracker.admin_site.APVAdminSite"

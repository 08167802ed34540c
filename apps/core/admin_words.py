"""Words that Django's admin and django-simple-history say on our pages, where their own Danish
is missing (simple-history has none) or reads as a form letter ("den/det", "en/et").

Declared here so that `makemessages` keeps them in our catalogue, which Django reads before the
packages' own (LOCALE_PATHS); their Danish is in locale/da/. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WORDS = [
    # Django's admin: the messages after saving.
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was added successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("You may edit it again below."),
    # django-simple-history: the history pages.
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
    gettext_noop("Close"),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    ngettext_lazy("entry", "entries", 1),
]

IMPORT_WORDS = [
    # django-import-export: its import pages (it has no Danish of its own).
    gettext_noop("Import"),
    gettext_noop("File to import"),
    gettext_noop("Format"),
    gettext_noop("Resource"),
    gettext_noop("Confirm import"),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop("Preview"),
    gettext_noop("New"),
    gettext_noop("Update"),
    gettext_noop("Skipped"),
    gettext_noop("Delete"),
]

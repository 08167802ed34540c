"""`makemessages` that also finds the phase rules' counted messages.

`cycle._counted(code, count, singular, plural)` passes its two forms to `ngettext` as
variables, which xgettext cannot see; declaring it a plural keyword keeps those messages (and
their translations) in the catalogue instead of marking them obsolete.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_counted:3,4"]

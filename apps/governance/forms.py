"""The forms of the governance pages in the admin: answering a change, confirming an
agreement."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

YES, NO = "yes", "no"


class ChangeAnswerForm(forms.Form):
    revise = forms.ChoiceField(
        label=_("Must the APV be revised?"),
        choices=[(YES, _("Yes, the APV is revised")), (NO, _("No, with a reason"))],
        widget=forms.RadioSelect,
    )
    reopen = forms.BooleanField(
        label=_("Reopen the latest closed APV instead of starting a new one"),
        required=False,
        help_text=_("Only where the unit has no open APV; it needs a reason."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required for no, and for reopening the closed APV."),
    )

    def __init__(self, *args, may_reopen: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_reopen:
            del self.fields["reopen"]

    def answer(self) -> dict:
        """The service's keyword arguments."""
        data = self.cleaned_data
        return {
            "revise": data["revise"] == YES,
            "reason": data["reason"],
            "reopen": data.get("reopen", False),
        }


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button confirms the agreement as it reads."""

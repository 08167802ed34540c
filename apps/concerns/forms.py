"""The forms of the concern pages: sending one, following it by its receipt code, and the AMR's
three decisions."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.factors.models import Factor
from apps.findings.forms import group_factors

from .services import sendable_units


class SendForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Which unit is it about?"), queryset=None, empty_label=None
    )
    text = forms.CharField(
        label=_("Your concern"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Describe what worries you about the work environment: what happens, where and how "
            "often. Write about the work, not about anyone's health."
        ),
    )
    anonymous = forms.BooleanField(
        label=_("Send anonymously"),
        required=False,
        help_text=_(
            "Anonymous: the AMR cannot see who you are and cannot ask you about it. Nothing "
            "that is stored links the concern to you. Keep the receipt code you get: it is the "
            "only way to follow the concern and read the answer."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = sendable_units(user)


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The code you got when you sent the concern, e.g. ABCD-EFGH-JKMN."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the sender"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The sender reads it with their name or their receipt code."),
    )


class FindingForm(forms.Form):
    title = forms.CharField(label=_("Title of the finding"), max_length=200)
    factor = forms.ModelChoiceField(label=_("What does it concern?"), queryset=Factor.objects.all())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In your own words: the concern's text is not copied into the APV, so that nothing "
            "in it points to its sender."
        ),
    )
    confidential = forms.BooleanField(
        label=_("Confidential finding"),
        required=False,
        help_text=_(
            "Tick when it concerns a person. Only you, the handlers and coordinators see a "
            "confidential finding; by default the unit's AMR and leader handle it, and you can "
            "name other handlers on the finding (for instance when it concerns the leader)."
        ),
    )
    answer = forms.CharField(
        label=_("Message to the sender (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        group_factors(self.fields["factor"])


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the concern is closed. The sender reads it."),
    )

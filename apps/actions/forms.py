from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Action


class ActionUpdateForm(forms.Form):
    """A progress note on an action, as in `actions/{id}/updates/`: the action takes over the
    status and progress given."""

    status = forms.ChoiceField(label=_("status"), choices=Action.Status.choices)
    progress = forms.IntegerField(
        label=_("progress (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": 10, "inputmode": "numeric"}),
    )
    note = forms.CharField(
        label=_("note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened, what is next, what is in the way."),
    )

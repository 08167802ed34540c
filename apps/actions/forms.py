from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.validators import plausible_date

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


class BulkChangeForm(forms.Form):
    """What to change on every selected action; an empty field is left as it is."""

    KEEP = [("", _("– keep as it is –"))]

    owner = forms.ModelChoiceField(label=_("owner"), queryset=None, required=False)
    due_on = forms.DateField(
        label=_("due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[plausible_date],
    )
    status = forms.ChoiceField(label=_("status"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = self.KEEP[0][1]
        self.fields["status"].choices = self.KEEP + list(Action.Status.choices)

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.changes():
            raise forms.ValidationError(_("Choose what to change."))
        return cleaned

from django import forms
from django.utils.translation import gettext_lazy as _

from . import cycle
from .models import ApprovalForum, Phase


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when moving back a phase."),
    )

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Phase.choices)
        self.fields["to"].choices = [
            (
                move.to,
                (_("Back to: %(phase)s") if move.backward else _("Forward to: %(phase)s"))
                % {"phase": labels[move.to]},
            )
            for move in cycle.allowed_moves(assessment)
        ]


class ApprovePlanForm(forms.Form):
    forum = forms.ChoiceField(label=_("Approved in"), choices=ApprovalForum.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

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
        choices = []
        forward = cycle.next_phase(assessment.phase)
        backward = cycle.previous_phase(assessment.phase)
        if forward and assessment.phase != Phase.CLOSED:
            choices.append((forward, _("Forward to: %(phase)s") % {"phase": labels[forward]}))
        if backward and assessment.phase != Phase.CLOSED:
            choices.append((backward, _("Back to: %(phase)s") % {"phase": labels[backward]}))
        self.fields["to"].choices = choices


class ApprovePlanForm(forms.Form):
    forum = forms.ChoiceField(label=_("Approved in"), choices=ApprovalForum.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

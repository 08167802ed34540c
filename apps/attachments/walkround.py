"""The walk-round (markvandring) on a phone: one page that logs a finding with its photo.

One submit, one transaction: the finding through `finding_create`, the photo through
`attachment_add`; a refusal of either stores neither (and no file)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps import access
from apps.access import Verb
from apps.core.errors import DomainError
from apps.findings import services as finding_services
from apps.findings.admin import editable_assessments
from apps.findings.forms import group_factors
from apps.findings.models import Finding

from . import services
from .models import Attachment
from .storage import removed_on_rollback


class WalkroundForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment", "class": "apv-walkround-photo"}
        ),
    )
    title = forms.CharField(label=_("What did you see?"), max_length=200)
    factor = forms.ModelChoiceField(label=_("Factor"), queryset=None)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the staff room")}),
    )
    assessment = forms.ModelChoiceField(label=_("APV"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor"].queryset = access.factors_visible_to(user)
        group_factors(self.fields["factor"])
        apvs = editable_assessments(user).order_by("-unit__path", "-started_on")
        self.fields["assessment"].queryset = apvs
        # The person's own unit's open APV first: the deepest unit they may log findings in.
        first = apvs.first()
        if first is not None:
            self.fields["assessment"].initial = first.pk


def walkround_view(request, admin_site):
    """GET the form, POST to log the finding and its photo; back to the finding's APV."""
    if not access.may_ever(request.user, Verb.EDIT):
        raise PermissionDenied
    form = WalkroundForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            finding = _log(request.user, form.cleaned_data)
        except DomainError as error:
            for name, texts in error.field_errors().items():
                target = {"file": "photo"}.get(name, name)
                for text in texts:
                    form.add_error(target if target in form.fields else None, text)
        else:
            messages.success(
                request,
                gettext("The finding “%(title)s” is logged.")
                % {"title": access.label(request.user, finding)},
            )
            return HttpResponseRedirect(
                reverse("admin:assessments_assessment_change", args=[finding.assessment_id])
            )
    context = {
        **admin_site.each_context(request),
        "title": gettext("New finding from the walk-round"),
        "form": form,
    }
    return TemplateResponse(request, "admin/attachments/walkround.html", context)


def _log(user, data) -> Finding:
    place = data.get("place", "").strip()
    with removed_on_rollback(), transaction.atomic():
        finding = finding_services.finding_create(
            assessment=data["assessment"],
            by=user,
            title=data["title"],
            factor=data["factor"],
            source=Finding.Source.WALKROUND,
            description=gettext("Place: %(place)s") % {"place": place} if place else "",
        )
        if data.get("photo"):
            services.attachment_add(
                by=user,
                obj=finding,
                title=data["title"],
                kind=Attachment.Kind.PHOTO,
                file=data["photo"],
            )
    return finding

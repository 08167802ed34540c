"""Rounds in the admin: a coordinator fills in the round, sees what it will create and skip, and
starts it; everyone follows a round's progress against its plan."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from apps import access
from apps.access import Verb
from apps.core.admin import ScopedAdmin, refusal_message
from apps.core.errors import DomainError

from .models import ROUND_PHASES, Phase, Round
from .rounds import round_plan, round_progress, round_start


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["title", "unit", "started_on", *(f"{phase}_by" for phase in ROUND_PHASES)]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ["started_on", *(f"{phase}_by" for phase in ROUND_PHASES)]
        }


@admin.register(Round)
class RoundAdmin(ScopedAdmin):
    edit_verb = Verb.MANAGE
    list_display = ("title", "unit", "started_on", "follow_up_by")
    list_select_related = ("unit",)
    search_fields = ("title", "unit__name")

    def has_change_permission(self, request, obj=None):
        return False  # a started round is followed, not edited; its APVs are edited

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Fill in, preview, then start: the preview lists what will be created and skipped."""
        if not access.may_ever(request.user, Verb.MANAGE):
            raise PermissionDenied
        form = RoundForm(request.POST or None, initial={"started_on": timezone.localdate()})
        form.fields["unit"].queryset = access.units_where(request.user, Verb.MANAGE)
        plan = None
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            unit = data.pop("unit")
            try:
                if "start" in request.POST:
                    started, created, _plan = round_start(by=request.user, unit=unit, **data)
                    message = gettext("The round is started: %(count)s APVs created.") % {
                        "count": len(created)
                    }
                    self.message_user(request, message, messages.SUCCESS)
                    url = reverse("admin:assessments_round_change", args=[started.pk])
                    return HttpResponseRedirect(url)
                plan = round_plan(by=request.user, unit=unit, **data)
            except DomainError as error:
                self.message_user(request, refusal_message(error), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Start an APV round"),
            "form": form,
            "plan": plan,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/assessments/round_start.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A round's page: where its APVs stand, per phase, and which are behind the plan."""
        started = self.get_object(request, object_id)
        if started is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        progress = round_progress(request.user, started, timezone.localdate())
        phases = [
            (Phase(phase).label, progress["by_phase"][phase], started.planned_by(phase))
            for phase in ROUND_PHASES
        ]
        phases.append((Phase.CLOSED.label, progress["by_phase"][Phase.CLOSED], None))
        context = {
            **self.admin_site.each_context(request),
            "title": str(started),
            "round": started,
            "progress": progress,
            "phases": phases,
            "today": timezone.localdate(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/assessments/round_progress.html", context)

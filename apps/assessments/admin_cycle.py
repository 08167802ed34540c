"""The cycle's pages of the APV admin: moving a phase, approving the plan, reopening; and the
buttons and bulk action that lead there, offered only to those who may use them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps import access
from apps.access import Verb
from apps.core.admin import refusal_message
from apps.core.errors import DomainError

from . import cycle, services
from .admin_filters import unmet_url
from .forms import ApprovePlanForm, ReopenForm, TransitionForm
from .models import Assessment


def unmet_link(assessment, unmet):
    """One missing item, linked to where it is fixed."""
    url = unmet_url(assessment, unmet.code)
    return format_html('<a href="{}">{}</a>', url, unmet.message) if url else unmet.message


class CyclePagesMixin:
    """For the APV admin: its cycle pages, buttons and the "move to the next phase" action."""

    actions = ("move_to_next_phase",)

    def cycle_buttons(self, request, obj) -> list[tuple[str, str]]:
        """The cycle's moves that make sense in this phase (cycle.py) and that the person's
        roles allow (access): nobody is offered a button that can only refuse them."""
        user = request.user
        offered = [
            ("transition", _("Change phase"), cycle.allowed_moves(obj), Verb.EDIT),
            (
                "approve_plan",
                _("Approve the action plan"),
                cycle.may_approve_plan(obj),
                Verb.APPROVE_PLAN,
            ),
            ("reopen", _("Reopen"), cycle.may_reopen(obj), Verb.REOPEN),
        ]
        return [
            (reverse(f"admin:assessments_assessment_{name}", args=[obj.pk]), label)
            for name, label, possible, verb in offered
            if possible and access.can(user, verb, obj)
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_queryset(request).filter(pk=object_id).first()
        buttons = self.cycle_buttons(request, obj) if obj is not None else []
        extra_context = {"cycle_buttons": buttons, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Moving APVs is for those who may edit them somewhere (MED and employees may not).
        if not access.may_ever(request.user, Verb.EDIT):
            actions.pop("move_to_next_phase", None)
        return actions

    @admin.action(description=gettext_lazy("Move to the next phase"))
    def move_to_next_phase(self, request, queryset):
        for assessment in queryset:
            if not access.can(request.user, Verb.EDIT, assessment):
                self.message_user(
                    request,
                    _("%(apv)s: you may not move this APV.") % {"apv": assessment},
                    messages.ERROR,
                )
                continue
            forward = [move.to for move in cycle.allowed_moves(assessment) if not move.backward]
            try:
                if not forward:
                    raise DomainError(
                        "not_adjacent", _("A closed APV does not move; reopen it instead.")
                    )
                services.assessment_transition(
                    assessment=assessment, to=forward[0], by=request.user
                )
            except DomainError as error:
                self.message_user(
                    request, f"{assessment}: {refusal_message(error)}", messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("%(apv)s moved to %(phase)s.")
                    % {"apv": assessment, "phase": assessment.get_phase_display()},
                    messages.SUCCESS,
                )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/",
                view(self.transition_view),
                name="assessments_assessment_transition",
            ),
            path(
                "<path:object_id>/approve-plan/",
                view(self.approve_plan_view),
                name="assessments_assessment_approve_plan",
            ),
            path(
                "<path:object_id>/reopen/",
                view(self.reopen_view),
                name="assessments_assessment_reopen",
            ),
            *super().get_urls(),
        ]

    def _cycle_view(self, request, object_id, action: str):
        """One of the cycle's pages: 404 for an APV the person may not read, 403 for a verb
        their roles do not allow on it, back to the APV with the rule's reason when its phase
        does not allow it (nobody gets a form that can only refuse them)."""
        assessment = self.get_queryset(request).filter(pk=object_id).first()
        if assessment is None:
            raise Http404
        page = CYCLE_PAGES[action]
        if not access.can(request.user, page.verb, assessment):
            raise PermissionDenied
        change_url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
        if not page.possible(assessment):
            self.message_user(request, page.impossible(), messages.WARNING)
            return HttpResponseRedirect(change_url)
        form = page.form(request.POST or None, **page.form_kwargs(assessment))
        if request.method == "POST" and form.is_valid():
            try:
                page.perform(assessment, request.user, form.cleaned_data)
            except DomainError as error:
                if error.field and error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    self.message_user(request, refusal_message(error), messages.ERROR)
            else:
                self.message_user(request, _("Saved."), messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": page.title(),
            "subtitle": str(assessment),
            "opts": self.model._meta,
            "original": assessment,
            "form": form,
            "readiness": cycle.readiness(assessment),
            **page.context(request.user, assessment),
        }
        return TemplateResponse(request, "admin/assessments/cycle_form.html", context)

    def transition_view(self, request, object_id):
        return self._cycle_view(request, object_id, "transition")

    def approve_plan_view(self, request, object_id):
        return self._cycle_view(request, object_id, "approve_plan")

    def reopen_view(self, request, object_id):
        return self._cycle_view(request, object_id, "reopen")


def approval_context(user, assessment) -> dict:
    """The plan as the approver may see it, and what still makes it incomplete (everything the
    prioritisation phase asks but the approval itself), each linked to where it is fixed."""
    from apps.reports.selectors import plan_for_approval

    gaps = [
        unmet_link(assessment, unmet)
        for unmet in cycle.unmet_conditions(assessment, cycle.next_phase(assessment.phase))
        if unmet.code != "plan_not_approved"
    ]
    return {"plan": plan_for_approval(user, assessment), "plan_gaps": gaps}


@dataclass(frozen=True)
class CyclePage:
    """A page of the cycle: who may use it (verb), when it makes sense (cycle.py), its form and
    the service it calls."""

    verb: Verb
    form: type
    title: Callable[[], str]
    possible: Callable[[Assessment], bool]
    impossible: Callable[[], str]
    perform: Callable
    form_kwargs: Callable[[Assessment], dict] = lambda assessment: {}
    # What the page shows besides its form (the approval page shows the plan).
    context: Callable = lambda user, assessment: {}


CYCLE_PAGES = {
    "transition": CyclePage(
        verb=Verb.EDIT,
        form=TransitionForm,
        title=lambda: _("Change phase"),
        possible=lambda a: bool(cycle.allowed_moves(a)),
        impossible=lambda: _("A closed APV does not move; reopen it instead."),
        perform=lambda a, by, data: services.assessment_transition(
            assessment=a, to=data["to"], comment=data["comment"], by=by
        ),
        form_kwargs=lambda a: {"assessment": a},
    ),
    "approve_plan": CyclePage(
        verb=Verb.APPROVE_PLAN,
        form=ApprovePlanForm,
        title=lambda: _("Approve the action plan"),
        possible=cycle.may_approve_plan,
        impossible=lambda: _("The action plan can only be approved in the prioritisation phase."),
        perform=lambda a, by, data: services.assessment_approve_plan(
            assessment=a, forum=data["forum"], comment=data["comment"], by=by
        ),
        context=lambda user, a: approval_context(user, a),
    ),
    "reopen": CyclePage(
        verb=Verb.REOPEN,
        form=ReopenForm,
        title=lambda: _("Reopen the APV"),
        possible=cycle.may_reopen,
        impossible=lambda: _("Only a closed APV can be reopened."),
        perform=lambda a, by, data: services.assessment_reopen(
            assessment=a, reason=data["reason"], by=by
        ),
    ),
}

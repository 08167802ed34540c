"""Every admin route × caller × object position, with the expected status written down.

The callers stand around one team (tests/admin/world.py): its coordinator, leader, AMR, TR,
MED member and employee; the owner of the team's actions, who holds no role on the team; the
sibling team's AMR; and an anonymous visitor. Positions: the team's open APV and its public
finding, the confidential finding and its action, and the team's closed APV.

Reading the codes: 200 the page; 302 a redirect (to the login page for the anonymous; for an
object the caller may not read, Django's "does not exist" redirect, the same as for a missing
one); 403 a Danish refusal page (a verb no role of theirs allows, or an object they may read
but not change); 404 not found (history of what they may not read, as for what does not
exist); 405 a method the page does not take. The last test fails when an admin route exists
that this table misses. Every page is also read for the canary (below) and for English left
on a Danish page (tests/admin/english.py).
"""

import datetime

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from apps.factors.models import Factor
from apps.hr.models import ImportJob
from tests.admin_helpers import client_for
from tests.conftest import load_org
from tests.factories import factor

from .english import english_on
from .world import CALLERS, build_world, caller

# fmt: off
#                                                            co  lea amr tr  med emp own sib ano
MATRIX = {
    ("accounts_user_add", "-"):                             "200 403 403 403 403 403 403 403 302",
    ("accounts_user_change", "team"):                       "200 200 200 200 200 200 302 302 302",
    ("accounts_user_changelist", "-"):                      "200 200 200 200 200 200 200 200 302",
    ("accounts_user_delete", "team"):                       "403 403 403 403 403 403 403 403 302",
    ("accounts_user_history", "team"):                      "404 404 404 404 404 404 404 404 302",
    ("accounts_user_persondata", "team"):                   "200 403 403 403 403 403 404 404 302",
    ("accounts_user_import", "-"):                          "200 403 403 403 403 403 403 403 302",
    ("accounts_user_process_import", "-"):                  "405 405 405 405 405 405 405 405 302",
    ("actions_action_add", "-"):                            "200 200 200 200 403 403 403 200 302",
    ("actions_action_change", "public"):                    "200 200 200 200 200 200 200 302 302",
    ("actions_action_change", "secret"):                    "200 200 200 302 302 302 200 302 302",
    ("actions_action_change", "closed"):                    "200 200 200 200 200 200 200 302 302",
    ("actions_action_changelist", "-"):                     "200 200 200 200 200 200 200 200 302",
    ("actions_action_delete", "public"):                    "200 403 403 403 403 403 403 403 302",
    ("actions_action_delete", "secret"):                    "200 403 403 403 403 403 403 403 302",
    ("actions_action_delete", "closed"):                    "403 403 403 403 403 403 403 403 302",
    ("actions_action_history", "public"):                   "200 200 200 200 200 200 200 404 302",
    ("actions_action_history", "secret"):                   "200 200 200 404 404 404 200 404 302",
    ("actions_action_history", "closed"):                   "200 200 200 200 200 200 200 404 302",
    ("actions_action_post_update", "public"):               "405 405 405 405 405 405 405 405 302",
    ("actions_action_post_update", "secret"):               "405 405 405 405 405 405 405 405 302",
    ("actions_action_post_update", "closed"):               "405 405 405 405 405 405 405 405 302",
    ("actions_action_simple_history", "public"):            "200 200 200 200 200 200 200 404 302",
    ("actions_action_simple_history", "secret"):            "200 200 200 404 404 404 200 404 302",
    ("actions_action_simple_history", "closed"):            "200 200 200 200 200 200 200 404 302",
    ("all_pages", "-"):                                     "200 200 200 200 200 200 200 200 302",
    ("organisation", "-"):                                  "200 200 200 200 200 200 200 200 302",
    ("app_list", "accounts"):                               "200 200 200 200 200 200 200 200 302",
    ("app_list", "organisation"):                           "200 200 200 200 200 200 200 200 302",
    ("app_list", "factors"):                                "200 200 200 200 200 200 200 200 302",
    ("app_list", "assessments"):                            "200 200 200 200 200 200 200 200 302",
    ("app_list", "findings"):                               "200 200 200 200 200 200 200 200 302",
    ("app_list", "actions"):                                "200 200 200 200 200 200 200 200 302",
    ("app_list", "communications"):                         "200 200 200 200 200 200 200 200 302",
    ("app_list", "reminders"):                              "200 200 200 200 200 200 200 200 302",
    ("app_list", "django_celery_beat"):                     "404 404 404 404 404 404 404 404 302",
    ("assessments_round_add", "-"):                         "200 403 403 403 403 403 403 403 302",
    ("assessments_round_change", "team"):                   "200 200 200 200 200 200 302 302 302",
    ("assessments_round_changelist", "-"):                  "200 200 200 200 200 200 200 200 302",
    ("assessments_round_delete", "team"):                   "403 403 403 403 403 403 403 403 302",
    ("assessments_round_history", "team"):                  "404 404 404 404 404 404 404 404 302",
    ("assessments_assessment_add", "-"):                    "200 200 200 200 403 403 403 200 302",
    ("assessments_assessment_approve_plan", "open"):        "200 200 200 403 200 403 404 404 302",
    ("assessments_assessment_approve_plan", "closed"):      "302 302 302 403 302 403 404 404 302",
    ("assessments_assessment_change", "open"):              "200 200 200 200 200 200 302 302 302",
    ("assessments_assessment_change", "closed"):            "200 200 200 200 200 200 302 302 302",
    ("assessments_assessment_changelist", "-"):             "200 200 200 200 200 200 200 200 302",
    ("assessments_assessment_delete", "open"):              "200 403 403 403 403 403 403 403 302",
    ("assessments_assessment_delete", "closed"):            "403 403 403 403 403 403 403 403 302",
    ("assessments_assessment_history", "open"):             "200 200 200 200 200 200 404 404 302",
    ("assessments_assessment_history", "closed"):           "200 200 200 200 200 200 404 404 302",
    ("assessments_assessment_reopen", "open"):              "302 302 403 403 403 403 404 404 302",
    ("assessments_assessment_reopen", "closed"):            "200 200 403 403 403 403 404 404 302",
    ("assessments_assessment_simple_history", "open"):      "200 200 200 200 200 200 404 404 302",
    ("assessments_assessment_simple_history", "closed"):    "200 200 200 200 200 200 404 404 302",
    ("assessments_assessment_transition", "open"):          "200 200 200 200 403 403 404 404 302",
    ("assessments_assessment_transition", "closed"):        "302 302 302 302 403 403 404 404 302",
    ("auth_user_password_change", "-"):                     "200 403 403 403 403 403 403 403 302",
    ("autocomplete", "actions.action.finding"):             "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "actions.action.owner"):               "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "findings.finding.handlers"):          "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "findings.finding.factor"):            "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "findings.finding.assessment"):        "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "assessments.assessment.unit"):        "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "organisation.roleassignment.user"):   "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "organisation.unit.parent"):           "200 200 200 200 200 200 200 200 302",
    ("communications_communication_add", "-"):              "200 200 200 200 403 403 403 200 302",
    ("communications_communication_change", "open"):        "200 200 200 200 200 200 302 302 302",
    ("communications_communication_change", "closed"):      "200 200 200 200 200 200 302 302 302",
    ("communications_communication_changelist", "-"):       "200 200 200 200 200 200 200 200 302",
    ("communications_communication_delete", "open"):        "200 403 403 403 403 403 403 403 302",
    ("communications_communication_delete", "closed"):      "403 403 403 403 403 403 403 403 302",
    ("communications_communication_history", "open"):       "404 404 404 404 404 404 404 404 302",
    ("communications_communication_history", "closed"):     "404 404 404 404 404 404 404 404 302",
    ("django_celery_beat_clockedschedule_add", "-"):        "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_clockedschedule_change", "first"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_clockedschedule_changelist", "-"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_clockedschedule_delete", "first"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_clockedschedule_history", "first"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_crontabschedule_add", "-"):        "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_crontabschedule_change", "first"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_crontabschedule_changelist", "-"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_crontabschedule_delete", "first"): "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_crontabschedule_history", "first"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_intervalschedule_add", "-"):       "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_intervalschedule_change", "first"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_intervalschedule_changelist", "-"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_intervalschedule_delete", "first"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_intervalschedule_history", "first"):"403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_periodictask_add", "-"):           "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_periodictask_change", "first"):    "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_periodictask_changelist", "-"):    "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_periodictask_delete", "first"):    "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_periodictask_history", "first"):   "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_solarschedule_add", "-"):          "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_solarschedule_change", "first"):   "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_solarschedule_changelist", "-"):   "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_solarschedule_delete", "first"):   "403 403 403 403 403 403 403 403 302",
    ("django_celery_beat_solarschedule_history", "first"):  "403 403 403 403 403 403 403 403 302",
    ("factors_factor_add", "-"):                            "200 403 403 403 403 403 403 403 302",
    ("factors_factor_change", "any"):                       "200 200 200 200 200 200 200 200 302",
    ("factors_factor_changelist", "-"):                     "200 200 200 200 200 200 200 200 302",
    ("factors_factor_delete", "any"):                       "200 403 403 403 403 403 403 403 302",
    ("factors_factor_history", "any"):                      "404 404 404 404 404 404 404 404 302",
    ("findings_dialogue_add", "-"):                         "200 200 200 200 403 403 403 200 302",
    ("findings_dialogue_change", "open"):                   "200 200 200 200 200 200 302 302 302",
    ("findings_dialogue_change", "closed"):                 "200 200 200 200 200 200 302 302 302",
    ("findings_dialogue_changelist", "-"):                  "200 200 200 200 200 200 200 200 302",
    ("findings_dialogue_delete", "open"):                   "200 403 403 403 403 403 403 403 302",
    ("findings_dialogue_delete", "closed"):                 "403 403 403 403 403 403 403 403 302",
    ("findings_dialogue_history", "open"):                  "404 404 404 404 404 404 404 404 302",
    ("findings_dialogue_history", "closed"):                "404 404 404 404 404 404 404 404 302",
    ("findings_finding_add", "-"):                          "200 200 200 200 403 403 403 200 302",
    ("findings_finding_change", "public"):                  "200 200 200 200 200 200 302 302 302",
    ("findings_finding_change", "secret"):                  "200 200 200 302 302 302 302 302 302",
    ("findings_finding_change", "closed"):                  "200 200 200 200 200 200 302 302 302",
    ("findings_finding_change", "was_secret"):              "200 200 200 200 200 200 302 302 302",
    ("findings_finding_delete", "was_secret"):              "200 403 403 403 403 403 403 403 302",
    ("findings_finding_history", "was_secret"):             "200 200 200 200 200 200 404 404 302",
    ("findings_finding_simple_history", "was_secret"):      "200 200 200 200 200 200 404 404 302",
    ("findings_finding_changelist", "-"):                   "200 200 200 200 200 200 200 200 302",
    ("findings_finding_delete", "public"):                  "200 403 403 403 403 403 403 403 302",
    ("findings_finding_delete", "secret"):                  "200 403 403 403 403 403 403 403 302",
    ("findings_finding_delete", "closed"):                  "403 403 403 403 403 403 403 403 302",
    ("findings_finding_history", "public"):                 "200 200 200 200 200 200 404 404 302",
    ("findings_finding_history", "secret"):                 "200 200 200 404 404 404 404 404 302",
    ("findings_finding_history", "closed"):                 "200 200 200 200 200 200 404 404 302",
    ("findings_finding_simple_history", "public"):          "200 200 200 200 200 200 404 404 302",
    ("findings_finding_simple_history", "secret"):          "200 200 200 404 404 404 404 404 302",
    ("findings_finding_simple_history", "closed"):          "200 200 200 200 200 200 404 404 302",
    ("index", "-"):                                         "200 200 200 200 200 200 200 200 302",
    ("jsi18n", "-"):                                        "200 200 200 200 200 200 200 200 302",
    ("login", "-"):                                         "302 302 302 302 302 302 302 302 200",
    ("logout", "-"):                                        "405 405 405 405 405 405 405 405 302",
    ("organisation_roleassignment_add", "-"):               "200 403 403 403 403 403 403 403 302",
    ("organisation_roleassignment_change", "team"):         "200 200 200 200 200 200 302 302 302",
    ("organisation_roleassignment_changelist", "-"):        "200 200 200 200 200 200 200 200 302",
    ("organisation_roleassignment_delete", "team"):         "200 403 403 403 403 403 403 403 302",
    ("organisation_roleassignment_history", "team"):        "200 200 200 200 200 200 404 404 302",
    ("organisation_roleassignment_simple_history", "team"): "200 200 200 200 200 200 404 404 302",
    ("organisation_unit_import", "-"):                      "200 403 403 403 403 403 403 403 302",
    ("organisation_unit_process_import", "-"):              "405 405 405 405 405 405 405 405 302",
    ("hr_importjob_add", "-"):                              "403 403 403 403 403 403 403 403 302",
    ("hr_importjob_change", "own"):                         "200 403 403 403 403 403 403 403 302",
    ("hr_importjob_changelist", "-"):                       "200 403 403 403 403 403 403 403 302",
    ("hr_importjob_delete", "own"):                         "403 403 403 403 403 403 403 403 302",
    ("hr_importjob_history", "own"):                        "200 302 302 302 302 302 302 302 302",
    ("app_list", "hr"):                                     "200 404 404 404 404 404 404 404 302",
    ("organisation_unit_add", "-"):                         "200 403 403 403 403 403 403 403 302",
    ("organisation_unit_change", "team"):                   "200 200 200 200 200 200 302 302 302",
    ("organisation_unit_changelist", "-"):                  "200 200 200 200 200 200 200 200 302",
    ("organisation_unit_delete", "team"):                   "200 403 403 403 403 403 403 403 302",
    ("organisation_unit_history", "team"):                  "404 404 404 404 404 404 404 404 302",
    ("password_change", "-"):                               "200 200 200 200 200 200 200 200 302",
    ("password_change_done", "-"):                          "200 200 200 200 200 200 200 200 302",
    ("reminders_calendarfeed_add", "-"):                    "200 200 200 200 200 200 200 200 302",
    ("reminders_calendarfeed_change", "own"):               "302 302 200 302 302 302 302 302 302",
    ("reminders_calendarfeed_changelist", "-"):             "200 200 200 200 200 200 200 200 302",
    ("reminders_calendarfeed_delete", "own"):               "302 302 200 302 302 302 302 302 302",
    ("reminders_calendarfeed_history", "own"):              "404 404 404 404 404 404 404 404 302",
    ("reminders_reminder_add", "-"):                        "403 403 403 403 403 403 403 403 302",
    ("reminders_reminder_change", "own"):                   "200 302 200 302 302 302 302 302 302",
    ("reminders_reminder_changelist", "-"):                 "200 200 200 200 200 200 200 200 302",
    ("reminders_reminder_delete", "own"):                   "403 403 403 403 403 403 403 403 302",
    ("reminders_reminder_history", "own"):                  "404 404 404 404 404 404 404 404 302",
    # The code of two-step verification: with it off (as here) nobody needs it, so on to the
    # overview (tests/deploy/test_second_factor.py opens them with it on).
    ("second_factor", "-"):                                 "302 302 302 302 302 302 302 302 302",
    ("second_factor_setup", "-"):                           "302 302 302 302 302 302 302 302 302",
    ("view_on_site", "-"):                                  "404 404 404 404 404 404 404 404 302",
    ("surveys_proposals", "open"):                          "200 200 200 200 403 403 404 404 302",
    ("surveys_proposals", "closed"):                        "200 200 200 200 403 403 404 404 302",
    ("surveys_sicknessabsence_add", "-"):                   "403 403 403 403 403 403 403 403 302",
    ("surveys_sicknessabsence_change", "team"):             "200 200 200 200 200 200 302 302 302",
    ("surveys_sicknessabsence_changelist", "-"):            "200 200 200 200 200 200 200 200 302",
    ("surveys_sicknessabsence_delete", "team"):             "200 403 403 403 403 403 403 403 302",
    ("surveys_sicknessabsence_history", "team"):            "404 404 404 404 404 404 404 404 302",
    ("surveys_sicknessabsence_import", "-"):                "200 403 403 403 403 403 403 403 302",
    ("surveys_sicknessabsence_process_import", "-"):        "405 405 405 405 405 405 405 405 302",
    ("surveys_survey_add", "-"):                            "403 403 403 403 403 403 403 403 302",
    ("surveys_survey_change", "team"):                      "200 200 200 200 200 200 200 200 302",
    ("surveys_survey_changelist", "-"):                     "200 200 200 200 200 200 200 200 302",
    ("surveys_survey_delete", "team"):                      "403 403 403 403 403 403 403 403 302",
    ("surveys_survey_history", "team"):                     "404 404 404 404 404 404 404 404 302",
    ("surveys_survey_import", "-"):                         "200 403 403 403 403 403 403 403 302",
    ("surveys_survey_process_import", "-"):                 "405 405 405 405 405 405 405 405 302",
    ("surveys_surveydimension_add", "-"):                   "200 403 403 403 403 403 403 403 302",
    ("surveys_surveydimension_change", "any"):              "200 200 200 200 200 200 200 200 302",
    ("surveys_surveydimension_changelist", "-"):            "200 200 200 200 200 200 200 200 302",
    ("surveys_surveydimension_delete", "any"):              "200 403 403 403 403 403 403 403 302",
    ("surveys_surveydimension_history", "any"):             "404 404 404 404 404 404 404 404 302",
    ("surveys_surveyfigure_add", "-"):                      "403 403 403 403 403 403 403 403 302",
    ("surveys_surveyfigure_change", "team"):                "200 200 200 200 200 200 302 302 302",
    ("surveys_surveyfigure_changelist", "-"):               "200 200 200 200 200 200 200 200 302",
    ("surveys_surveyfigure_delete", "team"):                "403 403 403 403 403 403 403 403 302",
    ("surveys_surveyfigure_history", "team"):               "404 404 404 404 404 404 404 404 302",
    ("app_list", "surveys"):                                "200 200 200 200 200 200 200 200 302",
    ("autocomplete", "surveys.surveydimension.factor"):     "200 200 200 200 200 200 200 200 302",
    # Concerns: read by the AMR, coordinators and a named concern's sender (the employee);
    # decided by the AMR and coordinators; sent and followed by anyone with a role.
    ("app_list", "concerns"):                               "200 200 200 200 200 200 200 200 302",
    ("concerns_concern_add", "-"):                          "403 403 403 403 403 403 403 403 302",
    ("concerns_concern_changelist", "-"):                   "200 200 200 200 200 200 200 200 302",
    ("concerns_concern_change", "anonymous"):               "200 302 200 302 302 302 302 302 302",
    ("concerns_concern_change", "named"):                   "200 302 200 302 302 200 302 302 302",
    ("concerns_concern_delete", "anonymous"):               "403 403 403 403 403 403 403 403 302",
    ("concerns_concern_delete", "named"):                   "403 403 403 403 403 403 403 403 302",
    ("concerns_concern_history", "anonymous"):              "200 404 200 404 404 404 404 404 302",
    ("concerns_concern_history", "named"):                  "200 404 200 404 404 200 404 404 302",
    ("concerns_concern_simple_history", "anonymous"):       "200 404 200 404 404 404 404 404 302",
    ("concerns_concern_simple_history", "named"):           "200 404 200 404 404 200 404 404 302",
    ("concerns_concern_answer", "anonymous"):               "302 404 302 404 404 404 404 404 302",
    ("concerns_concern_answer", "named"):                   "200 404 200 404 404 403 404 404 302",
    ("concerns_concern_make_finding", "anonymous"):         "302 404 302 404 404 404 404 404 302",
    ("concerns_concern_make_finding", "named"):             "200 404 200 404 404 403 404 404 302",
    ("concerns_concern_close", "anonymous"):                "302 404 302 404 404 404 404 404 302",
    ("concerns_concern_close", "named"):                    "200 404 200 404 404 403 404 404 302",
    ("concerns_concern_send", "-"):                         "200 200 200 200 200 200 200 200 302",
    ("concerns_concern_receipt", "-"):                      "200 200 200 200 200 200 200 200 302",
    # The annual review, changes and the TRIO agreement: read by the unit, written by its
    # TRIO and coordinators; a change answered once (then read-only); the agreement confirmed
    # only by the TRIO's members (never a coordinator for them).
    ("app_list", "governance"):                             "200 200 200 200 200 200 200 200 302",
    ("governance_annualreview_add", "-"):                   "200 200 200 200 403 403 403 200 302",
    ("governance_annualreview_change", "team"):             "200 200 200 200 200 200 302 302 302",
    ("governance_annualreview_changelist", "-"):            "200 200 200 200 200 200 200 200 302",
    ("governance_annualreview_delete", "team"):             "200 403 403 403 403 403 403 403 302",
    ("governance_annualreview_history", "team"):            "200 200 200 200 200 200 404 404 302",
    ("governance_annualreview_simple_history", "team"):     "200 200 200 200 200 200 404 404 302",
    ("governance_changeevent_add", "-"):                    "200 200 200 200 403 403 403 200 302",
    ("governance_changeevent_change", "open"):              "200 200 200 200 200 200 302 302 302",
    ("governance_changeevent_change", "answered"):          "200 200 200 200 200 200 302 302 302",
    ("governance_changeevent_changelist", "-"):             "200 200 200 200 200 200 200 200 302",
    ("governance_changeevent_delete", "open"):              "200 403 403 403 403 403 403 403 302",
    ("governance_changeevent_delete", "answered"):          "403 403 403 403 403 403 403 403 302",
    ("governance_changeevent_history", "open"):             "200 200 200 200 200 200 404 404 302",
    ("governance_changeevent_history", "answered"):         "200 200 200 200 200 200 404 404 302",
    ("governance_changeevent_simple_history", "open"):      "200 200 200 200 200 200 404 404 302",
    ("governance_changeevent_simple_history", "answered"):  "200 200 200 200 200 200 404 404 302",
    ("governance_changeevent_answer", "open"):              "200 200 200 200 403 403 404 404 302",
    ("governance_changeevent_answer", "answered"):          "302 302 302 302 403 403 404 404 302",
    ("governance_agreement_add", "-"):                      "200 200 200 200 403 403 403 200 302",
    ("governance_agreement_change", "team"):                "200 200 200 200 200 200 302 302 302",
    ("governance_agreement_changelist", "-"):               "200 200 200 200 200 200 200 200 302",
    ("governance_agreement_delete", "team"):                "200 403 403 403 403 403 403 403 302",
    ("governance_agreement_history", "team"):               "200 200 200 200 200 200 404 404 302",
    ("governance_agreement_simple_history", "team"):        "200 200 200 200 200 200 404 404 302",
    ("governance_agreement_confirm", "team"):               "403 200 200 200 403 403 404 404 302",
    # Attachments: read as their object is (the confidential finding's only by its readers),
    # deleted by the uploader (the team's AMR) or a coordinator, added on the object's page.
    ("app_list", "attachments"):                            "200 200 200 200 200 200 200 200 302",
    ("attachments_attachment_add", "-"):                    "403 403 403 403 403 403 403 403 302",
    ("attachments_attachment_changelist", "-"):             "200 200 200 200 200 200 200 200 302",
    ("attachments_attachment_change", "public"):            "200 200 200 200 200 200 302 302 302",
    ("attachments_attachment_change", "secret"):            "200 200 200 302 302 302 302 302 302",
    ("attachments_attachment_change", "apv"):               "200 200 200 200 200 200 302 302 302",
    ("attachments_attachment_delete", "public"):            "200 403 200 403 403 403 403 302 302",
    ("attachments_attachment_delete", "secret"):            "200 403 200 302 403 403 403 302 302",
    ("attachments_attachment_delete", "apv"):               "200 403 200 403 403 403 403 302 302",
    ("attachments_attachment_history", "public"):           "200 200 200 200 200 200 404 404 302",
    ("attachments_attachment_history", "secret"):           "200 200 200 404 404 404 404 404 302",
    ("attachments_attachment_history", "apv"):              "200 200 200 200 200 200 404 404 302",
    ("attachments_attachment_simple_history", "public"):    "200 200 200 200 200 200 404 404 302",
    ("attachments_attachment_simple_history", "secret"):    "200 200 200 404 404 404 404 404 302",
    ("attachments_attachment_simple_history", "apv"):       "200 200 200 200 200 200 404 404 302",
    ("attachments_attachment_download", "public"):          "200 200 200 200 200 200 404 404 302",
    ("attachments_attachment_download", "secret"):          "200 200 200 404 404 404 404 404 302",
    ("attachments_attachment_download", "apv"):             "200 200 200 200 200 200 404 404 302",
    # The walk-round: a finding and its photo, for whoever may log findings.
    ("attachments_attachment_walkround", "-"):              "200 200 200 200 403 403 403 200 302",
    # Comments, follows and the inbox (apps/conversation): one's own inbox for everyone; the
    # forms post only (the services decide), so a GET is refused for every object.
    ("conversation_inboxitem_changelist", "-"):             "200 200 200 200 200 200 200 200 302",
    ("conversation_inboxitem_read_all", "-"):               "405 405 405 405 405 405 405 405 302",
    ("conversation_inboxitem_read", "own"):                 "405 405 405 405 405 405 405 405 302",
    ("conversation_comment", "finding:secret"):             "405 405 405 405 405 405 405 405 302",
    ("conversation_comment", "action:secret_action"):       "405 405 405 405 405 405 405 405 302",
    ("conversation_follow", "assessment:apv"):              "405 405 405 405 405 405 405 405 302",
    ("conversation_follow", "finding:secret"):              "405 405 405 405 405 405 405 405 302",
}
# fmt: on

# Object positions: which object of the world a route is called on.
POSITIONS = {
    "assessments_assessment": {"open": "apv", "closed": "closed"},
    "findings_finding": {
        "public": "public",
        "secret": "secret",
        "closed": "closed_finding",
        "was_secret": "was_secret",
    },
    "actions_action": {
        "public": "public_action",
        "secret": "secret_action",
        "closed": "closed_action",
    },
    "findings_dialogue": {"open": "dialogue", "closed": "closed_dialogue"},
    "communications_communication": {"open": "communication", "closed": "closed_communication"},
    "organisation_unit": {"team": "team"},
    "organisation_roleassignment": {"team": "role"},
    "factors_factor": {"any": "factor"},
    "accounts_user": {"team": "employee"},
    "reminders_reminder": {"own": "reminder"},
    "reminders_calendarfeed": {"own": "feed"},
    "assessments_round": {"team": "round"},
    "surveys_survey": {"team": "survey"},
    "surveys_surveyfigure": {"team": "team_figure"},
    "surveys_sicknessabsence": {"team": "absence"},
    "surveys_surveydimension": {"any": "dimension"},
    "hr_importjob": {"own": "import_job"},
    "concerns_concern": {"anonymous": "concern", "named": "named_concern"},
    "governance_annualreview": {"team": "annual_review"},
    "governance_changeevent": {"open": "change", "answered": "answered_change"},
    "governance_agreement": {"team": "agreement"},
    "attachments_attachment": {
        "public": "public_attachment",
        "secret": "secret_attachment",
        "apv": "approval",
    },
    "conversation_inboxitem": {"own": "inbox_item"},
}
BEAT = {
    "django_celery_beat_periodictask": PeriodicTask,
    "django_celery_beat_crontabschedule": CrontabSchedule,
    "django_celery_beat_intervalschedule": IntervalSchedule,
    "django_celery_beat_solarschedule": SolarSchedule,
    "django_celery_beat_clockedschedule": ClockedSchedule,
}
OBJECT_VIEWS = (
    "persondata",
    "post_update",
    "change",
    "delete",
    "history",
    "simple_history",
    "transition",
    "approve_plan",
    "reopen",
    "answer",
    "make_finding",
    "close",
    "confirm",
    "download",
    "read",
)


# The canary: a unique marker in the text of the confidential findings (title, description,
# causes, and the versions of a finding once confidential). Whoever may not read them must not
# find it on any page the matrix opens.
MARKER = "KANARIE-ad6c41"
READERS = {"coordinator", "leader", "amr"}


@pytest.fixture(scope="module")
def module_world(module_org, django_db_blocker):
    """Built once for the module, inside the transaction of its organisation: the pages only
    read, and each test's savepoint undoes what a page writes (sessions, last logins)."""
    assert module_org is not None, "the route matrix shares one world per module"
    with django_db_blocker.unblock():
        # One schedule of each kind (the default schedule has crontab entries only).
        IntervalSchedule.objects.get_or_create(every=10, period="minutes")
        SolarSchedule.objects.get_or_create(event="sunrise", latitude=55.68, longitude=12.57)
        ClockedSchedule.objects.get_or_create(
            clocked_time=timezone.make_aware(datetime.datetime(2030, 1, 1, 8, 0))
        )
        org = load_org(module_org)
        world = build_world(org, marker=MARKER)
        world.update(team=org.team, employee=org.user("employee", "team"), factor=factor("stoej"))
        # A background HR import of the coordinator's: only its importer reads it.
        world["import_job"] = ImportJob.objects.create(
            kind="people", file_name="hr.csv", created_by=caller(org, "coordinator")
        )
        # Signed in once for the module: their sessions live in its transaction too.
        world["clients"] = {
            who: client_for(user) if (user := caller(org, who)) else Client() for who in CALLERS
        }
    return world


@pytest.fixture
def world(org, module_world):
    return module_world


def admin_routes() -> list[str]:
    """The names of every admin URL."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    return sorted(set(walk(admin.site.get_urls())))


def url_for(world, route: str, position: str) -> str:
    if route == "autocomplete":
        app, model, field = position.split(".")
        query = f"?app_label={app}&model_name={model}&field_name={field}&term="
        return reverse("admin:autocomplete") + query
    if route in ("conversation_comment", "conversation_follow"):
        kind, key = position.split(":")
        return reverse(f"admin:{route}", args=[kind, world[key].pk])
    if route == "app_list":
        return reverse("admin:app_list", args=[position])
    if route == "surveys_proposals":
        return reverse(
            f"admin:{route}", args=[world[POSITIONS["assessments_assessment"][position]].pk]
        )
    if route == "auth_user_password_change":
        return reverse(f"admin:{route}", args=[world["employee"].pk])
    if route == "view_on_site":
        from django.contrib.contenttypes.models import ContentType

        ct = ContentType.objects.get_for_model(Factor)
        return reverse(f"admin:{route}", args=[ct.pk, world["factor"].pk])
    for prefix, positions in {**POSITIONS, **{k: {"first": None} for k in BEAT}}.items():
        if not route.startswith(prefix + "_"):
            continue
        view = route.removeprefix(prefix + "_")
        if view not in OBJECT_VIEWS:
            return reverse(f"admin:{route}")
        obj = BEAT[prefix].objects.first() if prefix in BEAT else world[positions[position]]
        if view == "simple_history":
            version = type(obj).history.filter(id=obj.pk).latest("history_date")
            return reverse(f"admin:{route}", args=[obj.pk, version.history_id])
        return reverse(f"admin:{route}", args=[obj.pk])
    return reverse(f"admin:{route}")


def body_of(response) -> str:
    """The page, or the file a download streams (an attachment's file carries the marker)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def fetch(world, org, route, position, who):
    return world["clients"][who].get(url_for(world, route, position))


ROWS = [(route, position) for route, position in MATRIX]


@pytest.mark.parametrize(("route", "position"), ROWS, ids=[f"{r}-{p}" for r, p in ROWS])
def test_route_position_caller(world, org, route, position):
    expected = MATRIX[(route, position)].split()
    responses = {who: fetch(world, org, route, position, who) for who in CALLERS}
    actual = [str(responses[who].status_code) for who in CALLERS]
    assert dict(zip(CALLERS, actual, strict=True)) == dict(zip(CALLERS, expected, strict=True))
    leaked = [
        who
        for who, response in responses.items()
        if who not in READERS and MARKER in body_of(response)
    ]
    assert leaked == []
    english = {
        who: found
        for who, response in responses.items()
        if response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and (found := english_on(body_of(response)))
    }
    assert english == {}


def test_the_matrix_covers_every_admin_route():
    covered = {route for route, _position in MATRIX}
    assert set(admin_routes()) - covered == set()


def test_the_matrix_covers_every_position_of_every_object_page():
    missing = [
        (route, position)
        for route, _ in MATRIX
        for prefix, positions in POSITIONS.items()
        if route.startswith(prefix + "_") and route.removeprefix(prefix + "_") in OBJECT_VIEWS
        for position in positions
        if (route, position) not in MATRIX
    ]
    assert missing == []

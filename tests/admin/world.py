"""One of everything the admin shows, on one team, for the route matrix and the canary crawl.

The team's open APV is in prioritisation, with a public finding and a confidential one (logged
by the team's AMR, handled by default by its AMR and leader), each with an action owned by an
employee of another area who holds no role on the team (the "owner"). An older, closed APV of
the team has one of everything too.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from apps.assessments.models import Assessment, Round
from apps.attachments import services as attachment_services
from apps.concerns import services as concern_services
from apps.conversation import services as conversation_services
from apps.conversation.models import InboxItem
from apps.findings import services as finding_services
from apps.governance import services as governance_services
from apps.organisation.models import RoleAssignment
from apps.reminders.models import Reminder
from apps.reminders.services import calendar_feed_renew
from apps.surveys.models import SicknessAbsence, SurveyDimension, SurveyFigure
from apps.surveys.services import survey_import
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    AssessmentFactory,
    CommunicationFactory,
    DialogueFactory,
    EvaluationFactory,
    FindingFactory,
    factor,
)
from tests.surveys.files import survey_rows_for

CALLERS = ["coordinator", "leader", "amr", "tr", "med", "employee", "owner", "sibling", "anon"]


def caller(org, name):
    """The people of the matrix: the team's six roles, the owner, the sibling team's AMR."""
    if name == "anon":
        return None
    if name == "owner":
        return org.user("employee", "other_area")
    if name == "sibling":
        return org.user("amr", "sibling")
    return org.user(name, "team")


def build_world(org, marker: str = "") -> dict:
    amr, owner = org.user("amr", "team"), org.user("employee", "other_area")
    closed = AssessmentFactory(
        unit=org.team,
        title="APV Solsikken 2023",
        phase="closed",
        started_on=datetime.date(2023, 1, 9),
        closed_on=datetime.date(2023, 12, 1),
    )
    apv = AssessmentFactory(unit=org.team, phase="prioritisation", title="APV Solsikken 2026")
    public = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title="Travlhed om eftermiddagen",
        factor=factor("arbejdstempo"),
        status="confirmed",
    )
    secret = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title=f"Krænkende kommentarer {marker}",
        description=f"Beskrivelse {marker}",
        causes=f"Årsager {marker}",
        factor=factor("seksuel_chikane"),
        confidential=True,
        status="confirmed",
    )
    public_action = ActionFactory(finding=public, owner=owner, title="Fast pause")
    secret_action = ActionFactory(
        finding=secret,
        owner=owner,
        title="Samtale med medarbejderen",
        status="done",
        completed_on=timezone.localdate(),
        progress=100,
    )
    ActionUpdateFactory(action=secret_action, note="Samtalen er holdt")
    EvaluationFactory(action=secret_action, notes="Bedre stemning")
    # A finding once confidential, later public; and one public first, later confidential.
    was_secret = finding_services.finding_create(
        assessment=apv,
        by=amr,
        title=f"Mobning {marker}",
        description=f"Detaljer {marker}",
        factor=factor("mobning"),
        confidential=True,
    )
    finding_services.finding_update(
        finding=was_secret,
        by=amr,
        title="Dårlig tone i teamet",
        description="Drøftet åbent",
        confidential=False,
    )
    now_secret = finding_services.finding_create(
        assessment=apv, by=amr, title="Uro i personalegruppen", factor=factor("chikane")
    )
    finding_services.finding_update(
        finding=now_secret,
        by=amr,
        title=f"Chikane {marker}",
        causes=f"Årsag {marker}",
        confidential=True,
    )
    dialogue = DialogueFactory(assessment=apv, findings=[public, secret], summary="MED-møde")
    communication = CommunicationFactory(assessment=apv, published_at=timezone.now())
    closed_finding = FindingFactory(assessment=closed, title="Støj i garderoben")
    closed_action = ActionFactory(finding=closed_finding, owner=owner, title="Lyddæmpning")
    closed_dialogue = DialogueFactory(assessment=closed, findings=[closed_finding])
    closed_communication = CommunicationFactory(assessment=closed, published_at=timezone.now())
    reminder = Reminder.objects.create(
        kind="action_due_soon",
        recipient=amr,
        reason="owner",
        subject_type=ContentType.objects.get_for_model(type(public_action)),
        subject_id=public_action.pk,
        unit=org.team,
        due_on=timezone.localdate(),
    )
    calendar_feed_renew(user=amr)
    survey, figure, absence = _survey_and_absence(org)
    round_ = _round_of(apv)
    # Concerns to the AMR: an anonymous one (its text carries the marker), answered; and one
    # the team's employee sent with their name, waiting for its decision.
    employee = org.user("employee", "team")
    concern, _code = concern_services.concern_send(
        by=employee, unit=org.team, text=f"Bekymring {marker}", anonymous=True
    )
    concern_services.concern_decide(
        concern=concern, by=amr, decision="answer", answer="Tak, jeg tager det op"
    )
    named_concern, _code = concern_services.concern_send(
        by=employee, unit=org.team, text="For lidt tid til pauser", anonymous=False
    )
    governance = _governance(org)
    attachments = _attachments(apv, public, secret, amr, marker)
    # The confidential finding's thread: its text carries the marker and mentions a reader
    # (the leader handles it by default); the team's TR follows the APV.
    leader = org.user("leader", "team")
    conversation_services.comment_add(
        by=amr, obj=secret, text=f"Samtale {marker} holdt, @{leader.username} følger op"
    )
    conversation_services.comment_add(by=leader, obj=secret_action, text=f"Aftalt {marker}")
    conversation_services.follow_add(by=org.user("tr", "team"), obj=apv)
    return {
        **attachments,
        "inbox_item": InboxItem.objects.filter(recipient=leader).first(),
        "round": round_,
        **governance,
        "survey": survey,
        "team_figure": figure,
        "absence": absence,
        "dimension": SurveyDimension.objects.get(name="Arbejdstempo"),
        "apv": apv,
        "closed": closed,
        "public": public,
        "secret": secret,
        "was_secret": was_secret,
        "now_secret": now_secret,
        "public_action": public_action,
        "secret_action": secret_action,
        "closed_finding": closed_finding,
        "closed_action": closed_action,
        "dialogue": dialogue,
        "closed_dialogue": closed_dialogue,
        "communication": communication,
        "closed_communication": closed_communication,
        "reminder": reminder,
        "feed": amr.calendar_feed if hasattr(amr, "calendar_feed") else None,
        "role": RoleAssignment.objects.get(user=org.user("employee", "team")),
        "assessment_model": Assessment,
        "concern": concern,
        "named_concern": named_concern,
    }


def _attachments(apv, public, secret, amr, marker):
    """A photo on the public finding, minutes on the confidential one (its title and text
    carry the marker) and the plan's approval on the APV."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def add(obj, title, kind, name, data):
        return attachment_services.attachment_add(
            by=amr, obj=obj, title=title, kind=kind, file=SimpleUploadedFile(name, data)
        )

    return {
        "public_attachment": add(public, "Foto af pauserummet", "photo", "foto.png", _png()),
        "secret_attachment": add(
            secret, f"Referat {marker}", "minutes", "referat.txt", f"Samtale {marker}".encode()
        ),
        "approval": add(apv, "Godkendt i MED", "approval", "godkendelse.txt", b"Godkendt"),
    }


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 10)).save(out, "PNG")
    return out.getvalue()


def _governance(org):
    """The team's annual review and TRIO agreement, a change waiting for its answer and one
    answered."""
    team, leader = org.team, org.user("leader", "team")
    change, answered = (
        governance_services.change_create(
            unit=team, by=leader, kind=kind, changed_on=datetime.date(2026, 11, 2)
        )
        for kind in ("it_system", "premises")
    )
    governance_services.change_answer(
        change=answered, by=leader, revise=False, reason="Samme arbejdsgange"
    )
    return {
        "annual_review": governance_services.annual_review_create(
            unit=team, by=leader, held_on=datetime.date(2026, 3, 2), participants="TRIO"
        ),
        "change": change,
        "answered_change": answered,
        "agreement": governance_services.agreement_create(
            unit=team, by=leader, direction_purpose="Sammen om trivslen"
        ),
    }


def _survey_and_absence(org):
    """A survey with results for the team and its sibling (six respondents each), and the
    team's sickness absence."""
    survey_import(survey_rows_for({org.team: 6, org.sibling: 6}, "Arbejdstempo", 40), by=None)
    figure = SurveyFigure.objects.get(unit=org.team)
    absence = SicknessAbsence.objects.create(
        unit=org.team,
        period_start=datetime.date(2025, 12, 1),
        period_end=datetime.date(2026, 11, 30),
        days_per_fte=12,
        municipality_average=11,
    )
    return figure.survey, figure, absence


def _round_of(apv):
    """A round the team's APV belongs to (made directly: starting one would add APVs)."""
    round_ = Round.objects.create(
        title="APV 2026",
        unit=apv.unit,
        started_on=apv.started_on,
        identification_by=apv.started_on + datetime.timedelta(30),
        involvement_by=apv.started_on + datetime.timedelta(60),
        prioritisation_by=apv.started_on + datetime.timedelta(90),
        communication_by=apv.started_on + datetime.timedelta(120),
        follow_up_by=apv.started_on + datetime.timedelta(300),
    )
    Assessment.objects.filter(pk=apv.pk).update(round=round_)
    return round_

"""`send_reminders`, `reminders_schedule` (and the schedule after migrate), the admin pages, and the
settings that keep a write from waiting on the broker."""

import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from apps.reminders.models import Reminder
from apps.reminders.schedule import SCHEDULE
from tests.admin_helpers import client_for

from .conftest import AS_OF

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_send_reminders_sweeps_and_sends_in_danish_and_a_second_run_sends_nothing(
    org, action_due, mailoutbox
):
    action_due(-1)
    first = run("send_reminders", "--as-of", AS_OF.isoformat())
    assert "2 nye påmindelser registreret. 2 påmindelser sendt i 2 e-mails." in first
    second = run("send_reminders", "--as-of", AS_OF.isoformat())
    assert "0 nye påmindelser registreret. 0 påmindelser sendt i 0 e-mails." in second
    assert len(mailoutbox) == 2


@pytest.mark.parametrize("bad", ["2026-13-01", "i går", "01-03-2026"])
def test_send_reminders_refuses_a_bad_date_with_a_clear_message(bad):
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("send_reminders", "--as-of", bad)


def test_the_schedule_is_in_the_database_after_migrate_with_expiry():
    # The test database was migrated, so post_migrate has installed the defaults.
    for name, entry in SCHEDULE.items():
        task = PeriodicTask.objects.get(name=name)
        assert task.task == entry["task"]
        assert task.enabled and task.expire_seconds == entry["options"]["expires"]
        assert task.crontab.timezone.key == settings.TIME_ZONE


def test_reminders_schedule_keeps_an_operators_changes_unless_restored():
    sweep = PeriodicTask.objects.get(name="reminders: sweep")
    sweep.crontab = CrontabSchedule.objects.create(minute="30", hour="6", timezone="UTC")
    sweep.enabled = False
    sweep.save()
    PeriodicTask.objects.filter(name="reminders: send").delete()

    out = run("reminders_schedule")
    assert "reminders: sweep: uændret" in out and "reminders: send: oprettet" in out
    sweep.refresh_from_db()
    assert (sweep.crontab.minute, sweep.enabled) == ("30", False)

    run("reminders_schedule", "--restore")
    sweep.refresh_from_db()
    assert (sweep.crontab.minute, sweep.crontab.hour, sweep.enabled) == ("5", "7-17", True)
    assert PeriodicTask.objects.filter(name__in=SCHEDULE).count() == len(SCHEDULE)


def test_writes_never_wait_long_on_the_broker():
    assert settings.CELERY_BROKER_CONNECTION_TIMEOUT <= 1
    assert settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] <= 1
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.APV_REMINDER_RETRY_BACKOFF_MAX < settings.APV_BROKER_VISIBILITY_TIMEOUT


def test_a_broker_that_cannot_be_reached_is_logged_not_raised(caplog):
    from apps.core.queue import enqueue
    from apps.reminders import tasks

    from .conftest import celery_broker

    with celery_broker("redis://127.0.0.1:1/0"):
        assert enqueue(tasks.sweep) is False
    assert "Could not enqueue apps.reminders.tasks.sweep." in caplog.text


# --- admin ------------------------------------------------------------------------------------


@pytest.fixture
def recorded(org, action_due):
    action_due(-1)
    call_command("send_reminders", "--as-of", AS_OF.isoformat(), stdout=io.StringIO())
    return Reminder.objects.all()


def test_the_admin_lists_a_persons_own_reminders_read_only(org, recorded, owner):
    client = client_for(owner)
    response = client.get(reverse("admin:reminders_reminder_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="field-recipient') == 1
    mine = recorded.get(recipient=owner)
    detail = client.get(reverse("admin:reminders_reminder_change", args=[mine.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    theirs = recorded.exclude(recipient=owner).get()
    other = client.get(reverse("admin:reminders_reminder_change", args=[theirs.pk]))
    assert other.status_code in (302, 404)
    assert client.get(reverse("admin:reminders_reminder_add")).status_code == 403


def test_a_coordinator_sees_the_reminders_in_scope_in_the_admin(org, recorded):
    url = reverse("admin:reminders_reminder_changelist")
    html = client_for(org.user("coordinator", "dept")).get(url).content.decode()
    assert html.count('class="field-recipient') == 2
    html = client_for(org.user("coordinator", "other_area")).get(url).content.decode()
    assert html.count('class="field-recipient') == 0


def test_a_person_makes_their_calendar_url_in_the_admin(org, owner):
    client = client_for(owner)
    response = client.post(reverse("admin:reminders_calendarfeed_add"), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/calendar/" in html and ".ics" in html
    assert owner.calendar_feed.token_prefix in html


def test_compose_runs_one_beat_on_the_database_schedule_installed_by_migrate():
    """No Docker engine runs here: the compose file is read. The one-shot migrate service (which
    installs the default schedule) runs before beat, which reads it from the database; workers
    scale freely."""
    import yaml

    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "migrate" in services["migrate"]["command"]
    assert (
        services["beat"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    )
    assert settings.CELERY_BEAT_SCHEDULER == "django_celery_beat.schedulers:DatabaseScheduler"
    beat = services["beat"]["command"]
    assert "beat" in beat and "--scheduler" not in beat and " -S" not in beat
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1
    assert "replicas" not in services["worker"].get("deploy", {})
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")


def test_the_calendar_feed_pages_open_for_anyone_signed_in(org, owner):
    client = client_for(owner)
    assert client.get(reverse("admin:reminders_calendarfeed_changelist")).status_code == 200
    assert client.get(reverse("admin:reminders_calendarfeed_add")).status_code == 200

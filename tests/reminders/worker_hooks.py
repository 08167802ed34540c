"""Imported by the test worker (`celery worker --include`): ways to make it stop at a chosen
moment, so that a test can kill it there."""

import os
import time
from pathlib import Path

from celery.signals import task_postrun

SEND_TASK = "apps.reminders.tasks.send_reminders"


@task_postrun.connect
def pause_after_send(task=None, **kwargs):
    """With APV_TEST_PAUSE_AFTER_SEND set: after a send task has marked its reminders sent, but
    before the broker is told the task is done (acks late), write the marker file and wait."""
    marker = os.environ.get("APV_TEST_PAUSE_AFTER_SEND")
    if marker and task is not None and task.name == SEND_TASK:
        Path(marker).write_text("sent")
        time.sleep(600)

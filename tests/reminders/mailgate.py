"""An e-mail backend for the test worker that never delivers: it writes a marker file when a
message is about to go out and then waits, so that the test can kill the worker mid-send."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class StuckEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        Path(os.environ["APV_TEST_STUCK_MARKER"]).write_text("sending")
        time.sleep(600)
        return 0


class RefusingEmailBackend(BaseEmailBackend):
    """A mail server that hangs up on every message."""

    def send_messages(self, email_messages):
        from smtplib import SMTPServerDisconnected

        raise SMTPServerDisconnected("Connection unexpectedly closed")

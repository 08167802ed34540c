"""One sender of the benchmark's "two senders at once": once set up it says "ready", sends to
at most PEOPLE people when told to (a line on its input), and prints the messages and reminders
it sent, when it began and ended, and to whom. `python -m bench.send AS_OF PEOPLE` (the
database from DATABASE_URL)."""

import datetime
import os
import sys
import time


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "apvtracker.settings.local"
    os.environ["DEBUG"] = "False"
    import django

    django.setup()
    from django.test.utils import override_settings

    from apps.reminders import services

    as_of = datetime.date.fromisoformat(sys.argv[1])
    # Ready: wait for the word to start, so that both senders send at the same time.
    print("ready", flush=True)
    sys.stdin.readline()
    began = time.time()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        result = services.reminders_send(as_of=as_of, limit=int(sys.argv[2]))
    people = ",".join(str(pk) for pk in result.recipients) or "-"
    print(result.messages, result.sent, began, time.time(), people, flush=True)


if __name__ == "__main__":
    main()

"""`manage.py demo_identity_provider`: the demo's OpenID Connect provider in the foreground,
on 127.0.0.1, for `make demo-sso`. It logs in whoever is clicked on its page, so it refuses to
start unless DEBUG is on or --i-know-this-is-a-demo is given."""

import contextlib
import hashlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.demo.identity_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    DEFAULT_PORT,
    NAME,
    Provider,
    demo_persons,
)


def tracker_environment(issuer: str) -> dict[str, str]:
    """What the tracker needs to log in through the provider at `issuer` (the Makefile's
    demo-sso sets the same; tests/demo/test_identity_provider.py holds them together)."""
    return {
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_OP_DISCOVERY": f"{issuer}/.well-known/openid-configuration",
        "OIDC_PROVIDER_NAME": NAME,
        # The demo's coordinators have no authenticator app: the test login counts as strong.
        "OIDC_TRUST_MFA": "true",
    }


class Command(BaseCommand):
    help = (
        "Run the demo's test login (an OpenID Connect provider) on 127.0.0.1: its page logs in "
        "any demo user who is clicked on, without a password. For the demo only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=DEFAULT_PORT)
        parser.add_argument(
            "--i-know-this-is-a-demo",
            action="store_true",
            dest="demo_confirmed",
            help="Run it although DEBUG is off. It logs in anyone who clicks.",
        )

    def handle(self, *args, port, demo_confirmed, **options):
        if not (settings.DEBUG or demo_confirmed):
            raise CommandError(
                "The demo's test login logs in anyone who clicks, without a password: it runs "
                "only with DEBUG on, or with --i-know-this-is-a-demo."
            )
        people = demo_persons()
        if not people:
            raise CommandError("No active user with an e-mail address: run seed_demo first.")
        # The same secret after a restart: a browser's choice (the provider's cookie) holds,
        # so that the tracker's silent renewal does not log the person out.
        secret = hashlib.sha256(f"demo-identity-provider:{settings.SECRET_KEY}".encode()).digest()
        try:
            op = Provider(people=people, port=port, secret=secret, log=self.stdout.write)
        except OSError as error:
            raise CommandError(f"Port {port} on 127.0.0.1: {error.strerror}.") from error
        self.stdout.write(f"{NAME} (kun til demoen) på {op.issuer} med {len(people)} personer.")
        self.stdout.write("Start APV-trackeren med disse miljøvariabler:")
        for name, value in tracker_environment(op.issuer).items():
            self.stdout.write(f"  {name}={_shell(value)}")
        self.stdout.write("Ctrl-C stopper test-loginet.")
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is the way to stop it
            op.serve()


def _shell(value: str) -> str:
    return f"'{value}'" if " " in value else value

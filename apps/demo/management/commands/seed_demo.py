"""`manage.py seed_demo`: fill an empty database with Nordby Kommune and print the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from apps.demo.content import DEMO_PASSWORD
from apps.demo.services import DemoLogin, demo_seed

COLUMNS = ("Brugernavn", "Adgangskode", "Navn", "Rolle", "Enhed")


class Command(BaseCommand):
    help = (
        "Create a demo municipality (Nordby Kommune) with users for every role and APVs in "
        "every phase. Running it again changes nothing and prints the logins."
    )

    def handle(self, *args, **options):
        with translation.override("da"):
            result = demo_seed(stdout=self.stdout)
        featured = [login for login in result.logins if login.featured]
        others = [login for login in result.logins if not login.featured]
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (adgangskode {DEMO_PASSWORD} for alle):")
        self.stdout.write(self._table(featured))
        if others:
            self.stdout.write("")
            self.stdout.write("Øvrige ledere, AMR'er, TR'er og medarbejdere (samme adgangskode):")
            self.stdout.write(self._table(others))
        self.stdout.write("")
        self.stdout.write(
            f"Log ind på {settings.SITE_URL.rstrip('/')}/admin/. "
            "Prøv for eksempel:\n"
            "  amr     – Børnehuset Solsikken er i fasen Inddragelse: tag stilling til de åbne "
            "fund og ryk APV'en videre.\n"
            "  leder   – Børnehuset Mælkebøtten er i fasen Prioritering: giv fundene prioritet, "
            "tilføj tiltag og få handlingsplanen godkendt.\n"
            "  koordinator – ser hele kommunen, også forsinkede tiltag og fortrolige fund."
        )

    @staticmethod
    def _table(logins: list[DemoLogin]) -> str:
        rows = [COLUMNS] + [
            (login.username, DEMO_PASSWORD, login.name, login.role, login.unit) for login in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
        lines = []
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            lines.append("  " + "  ".join(cells).rstrip())
        return "\n".join(lines)

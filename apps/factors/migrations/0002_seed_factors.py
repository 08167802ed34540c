"""Seed the factor taxonomy of DESIGN.md §3 (NFA's psychosocial factors plus the physical rest)."""

from django.db import migrations

# (domain, Danish name, legal risk code or "")
FACTORS = [
    ("krav", "Arbejdstempo", "workload"),
    ("krav", "Arbejdsmængde", "workload"),
    ("krav", "Følelsesmæssige krav", "emotional_demands"),
    ("ledelse", "Inddragelse", ""),
    ("ledelse", "Støtte", ""),
    ("ledelse", "Anerkendelse", ""),
    ("ledelse", "Relationer", ""),
    ("ledelse", "Ledelseskvalitet", ""),
    ("ledelse", "Retfærdighed", ""),
    ("samarbejde", "Samarbejde med kolleger", ""),
    ("samarbejde", "Tillid til kolleger", ""),
    ("forandringer", "Håndtering af forandringer", ""),
    ("arbejdets_organisering", "Klare mål", "unclear_demands"),
    ("arbejdets_organisering", "Høje krav", "workload"),
    ("arbejdets_organisering", "Modstridende krav", "unclear_demands"),
    ("arbejdets_organisering", "Indflydelse", ""),
    ("arbejdets_organisering", "Udviklingsmuligheder", ""),
    ("arbejdets_organisering", "Forudsigelighed", ""),
    ("negative_handlinger", "Trusler", "violence"),
    ("negative_handlinger", "Vold", "violence"),
    ("negative_handlinger", "Mobning", "offensive_behaviour"),
    ("negative_handlinger", "Seksuel chikane", "offensive_behaviour"),
    ("negative_handlinger", "Chikane", "offensive_behaviour"),
    ("negative_handlinger", "Diskrimination", "offensive_behaviour"),
    ("trivsel", "Stress", ""),
    ("trivsel", "Arbejdslivsbalance", ""),
    ("trivsel", "Jobtilfredshed", ""),
    ("trivsel", "Mening i arbejdet", ""),
    ("trivsel", "Engagement", ""),
    ("fysisk_og_andet", "Ergonomi", ""),
    ("fysisk_og_andet", "Indeklima", ""),
    ("fysisk_og_andet", "Støj", ""),
    ("fysisk_og_andet", "Kemi og stoffer", ""),
    ("fysisk_og_andet", "Ulykker", ""),
    ("fysisk_og_andet", "Andet", ""),
]

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", " ": "_", "-": "_"})


def factor_code(name: str) -> str:
    """Lower-case ASCII slug of a Danish name: 'Seksuel chikane' -> 'seksuel_chikane'."""
    return name.lower().translate(_ASCII)


def seed(apps, schema_editor):
    Factor = apps.get_model("factors", "Factor")
    for domain, name, legal_risk in FACTORS:
        Factor.objects.update_or_create(
            code=factor_code(name),
            defaults={"name": name, "domain": domain, "legal_risk": legal_risk},
        )


def unseed(apps, schema_editor):
    Factor = apps.get_model("factors", "Factor")
    Factor.objects.filter(
        code__in=[factor_code(name) for _, name, _ in FACTORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("factors", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

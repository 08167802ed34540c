"""Seed the mapping of NFA's workplace questionnaire (the dimensions most Danish well-being
surveys report, COPSOQ-based) to our factors. Coordinators edit it in the admin."""

from django.db import migrations

# (dimension as the survey tool names it, factor code, a high score is good)
NFA_DIMENSIONS = [
    ("Arbejdsmængde", "arbejdsmaengde", False),
    ("Arbejdstempo", "arbejdstempo", False),
    ("Følelsesmæssige krav", "foelelsesmaessige_krav", False),
    ("Indflydelse", "indflydelse", True),
    ("Udviklingsmuligheder", "udviklingsmuligheder", True),
    ("Mening i arbejdet", "mening_i_arbejdet", True),
    ("Forudsigelighed", "forudsigelighed", True),
    ("Rolleklarhed", "klare_maal", True),
    ("Rollekonflikter", "modstridende_krav", False),
    ("Anerkendelse", "anerkendelse", True),
    ("Ledelseskvalitet", "ledelseskvalitet", True),
    ("Social støtte fra nærmeste leder", "stoette", True),
    ("Social støtte fra kolleger", "samarbejde_med_kolleger", True),
    ("Tillid mellem kolleger", "tillid_til_kolleger", True),
    ("Tillid til ledelsen", "relationer", True),
    ("Retfærdighed", "retfaerdighed", True),
    ("Jobtilfredshed", "jobtilfredshed", True),
    ("Konflikt mellem arbejde og privatliv", "arbejdslivsbalance", False),
    ("Stress", "stress", False),
    ("Engagement", "engagement", True),
    ("Mobning", "mobning", False),
    ("Seksuel chikane", "seksuel_chikane", False),
    ("Trusler om vold", "trusler", False),
    ("Fysisk vold", "vold", False),
]


def seed(apps, schema_editor):
    Factor = apps.get_model("factors", "Factor")
    SurveyDimension = apps.get_model("surveys", "SurveyDimension")
    factors = {f.code: f for f in Factor.objects.all()}
    for name, code, higher_is_better in NFA_DIMENSIONS:
        if code in factors:
            SurveyDimension.objects.get_or_create(
                name=name,
                defaults={"factor": factors[code], "higher_is_better": higher_is_better},
            )


def unseed(apps, schema_editor):
    SurveyDimension = apps.get_model("surveys", "SurveyDimension")
    SurveyDimension.objects.filter(name__in=[name for name, _, _ in NFA_DIMENSIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial"), ("factors", "0004_seed_keywords")]

    operations = [migrations.RunPython(seed, unseed)]

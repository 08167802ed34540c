"""Common words for the seeded factors, so that logging a finding finds the factor by the words
people use on a walk-round ("pause", "skæld ud", "ryg"). Coordinators edit them in the admin."""

from django.db import migrations

KEYWORDS = {
    "arbejdstempo": "travlhed tidspres pause pauser stress hast løbe stærkt",
    "arbejdsmaengde": "for mange opgaver overarbejde travlhed normering bemanding pause vikar",
    "foelelsesmaessige_krav": "sorg vrede pårørende borgere børn forældre belastning omsorg",
    "inddragelse": "medindflydelse høring beslutninger inddraget",
    "stoette": "hjælp opbakning sparring leder kolleger",
    "anerkendelse": "ros værdsat påskønnelse feedback",
    "relationer": "tone stemning kontakt leder",
    "ledelseskvalitet": "ledelse leder tydelighed beslutninger",
    "retfaerdighed": "fair uretfærdig forskelsbehandling fordeling",
    "samarbejde_med_kolleger": "samarbejde team kolleger konflikt hjælpe hinanden",
    "tillid_til_kolleger": "tillid sladder tone",
    "haandtering_af_forandringer": "omorganisering ændringer nyt it-system flytning sammenlægning",
    "klare_maal": "uklare mål opgaver roller forventninger",
    "hoeje_krav": "krav arbejdspres deadlines",
    "modstridende_krav": "modstridende krav dilemmaer prioritering",
    "indflydelse": "indflydelse planlægning selvbestemmelse vagtplan",
    "udviklingsmuligheder": "kompetencer uddannelse kursus udvikling",
    "forudsigelighed": "information planlægning vagtplan overraskelser",
    "trusler": "trussel trusler truet skæld ud",
    "vold": "slag spark vold overfald bid",
    "mobning": "mobning udelukkelse drilleri",
    "seksuel_chikane": "seksuel krænkelse berøring kommentarer",
    "chikane": "chikane krænkelse skæld ud nedværdigende",
    "diskrimination": "forskelsbehandling diskrimination",
    "stress": "stress søvn udbrændt belastet",
    "arbejdslivsbalance": "fritid familie overarbejde balance pause",
    "jobtilfredshed": "tilfredshed trivsel",
    "mening_i_arbejdet": "mening formål værdi",
    "engagement": "motivation lyst engagement",
    "ergonomi": "løft ryg skuldre arbejdsstilling bord stol tunge løft",
    "indeklima": "luft temperatur varme kulde træk ventilation lugt",
    "stoej": "støj larm lyd akustik",
    "kemi_og_stoffer": "kemikalier rengøringsmidler støv",
    "ulykker": "fald glat snuble skade ulykke",
    "andet": "andet",
}


def seed(apps, schema_editor):
    Factor = apps.get_model("factors", "Factor")
    for code, words in KEYWORDS.items():
        Factor.objects.filter(code=code, keywords="").update(keywords=words)


def unseed(apps, schema_editor):
    Factor = apps.get_model("factors", "Factor")
    Factor.objects.filter(code__in=KEYWORDS).update(keywords="")


class Migration(migrations.Migration):
    dependencies = [("factors", "0003_factor_keywords")]

    operations = [migrations.RunPython(seed, unseed)]

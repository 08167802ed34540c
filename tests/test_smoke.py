from apps.factors.models import Factor


def test_factor_seed_has_every_domain_and_legal_risk(db):
    assert Factor.objects.count() == 35
    assert Factor.objects.get(code="seksuel_chikane").legal_risk == "offensive_behaviour"
    assert Factor.objects.get(code="foelelsesmaessige_krav").legal_risk == "emotional_demands"
    assert set(Factor.objects.values_list("domain", flat=True).distinct()) == {
        "krav",
        "ledelse",
        "samarbejde",
        "forandringer",
        "arbejdets_organisering",
        "negative_handlinger",
        "trivsel",
        "fysisk_og_andet",
    }

"""Building HR files for the import tests."""

UNITS = "enhed_id;overordnet_id;navn;antal_medarbejdere;type"
PEOPLE = "person_id;navn;email;enhed_id;rolle;fratraadt"


def csv(header: str, *rows: str) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def org_units(org, **names) -> list[str]:
    """The org fixture's tree as a unit file's rows (its units get HR ids U-<name>)."""
    rows = []
    for name in ("root", "area", "dept", "team", "sibling", "other_area"):
        unit = getattr(org, name)
        parent = f"U-{_name_of(org, unit.parent_id)}" if unit.parent_id else ""
        rows.append(f"U-{name};{parent};{names.get(name, unit.name)};{unit.headcount};{unit.kind}")
    return rows


def _name_of(org, pk):
    for name in ("root", "area", "dept", "team", "sibling", "other_area"):
        if getattr(org, name).pk == pk:
            return name
    raise KeyError(pk)


def give_hr_ids(org) -> None:
    from apps.organisation.models import Unit

    for name in ("root", "area", "dept", "team", "sibling", "other_area"):
        unit = getattr(org, name)
        Unit.objects.filter(pk=unit.pk).update(external_id=f"U-{name}")
        unit.external_id = f"U-{name}"

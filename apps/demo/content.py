"""What the demo municipality contains: Nordby Kommune, its people and its APV rounds.

Plain data, read by `apps.demo.services`, which drives the real services with it. Every day is
an offset from the day the demo is built: -30 is thirty days ago, 14 is in two weeks. Findings
and actions are referred to by their title within their APV.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from apps.actions.models import Evaluation
from apps.assessments import cycle
from apps.assessments.models import ApprovalForum
from apps.findings.models import Dialogue, Finding, Level
from apps.organisation.models import Role, Unit

ROOT_UNIT = "Nordby Kommune"
DEMO_PASSWORD = "demo1234"
EMAIL_DOMAIN = "nordby.dk"

# For the login table; the demo speaks Danish whatever the state of the translation catalogue.
ROLE_LABELS = {
    Role.COORDINATOR: "arbejdsmiljøkoordinator",
    Role.LEADER: "leder",
    Role.AMR: "arbejdsmiljørepræsentant (AMR)",
    Role.TR: "tillidsrepræsentant (TR)",
    Role.MED: "MED-medlem",
    Role.EMPLOYEE: "medarbejder",
}

ORGANISATION, AREA, DEPARTMENT, TEAM = (
    Unit.Kind.ORGANISATION,
    Unit.Kind.AREA,
    Unit.Kind.DEPARTMENT,
    Unit.Kind.TEAM,
)
RISK, RESOURCE = Finding.Kind.RISK, Finding.Kind.RESOURCE
OPEN, CONFIRMED, DISMISSED, RESOLVED = (
    Finding.Status.OPEN,
    Finding.Status.CONFIRMED,
    Finding.Status.DISMISSED,
    Finding.Status.RESOLVED,
)
SURVEY, DIALOGUE, WALKROUND, INCIDENT = (
    Finding.Source.SURVEY,
    Finding.Source.DIALOGUE,
    Finding.Source.WALKROUND,
    Finding.Source.INCIDENT,
)
INDIVIDUAL, GROUP, LEADERSHIP, ORG = (
    Level.INDIVIDUAL,
    Level.GROUP,
    Level.LEADERSHIP,
    Level.ORGANISATION,
)
BETTER, UNCHANGED = Evaluation.Effect.BETTER, Evaluation.Effect.UNCHANGED
KEEP, ADJUST, NEW_ACTION = (
    Evaluation.Decision.KEEP,
    Evaluation.Decision.ADJUST,
    Evaluation.Decision.NEW_ACTION,
)
Forum = Dialogue.Forum


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    headcount: int
    children: tuple[UnitSpec, ...] = ()


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    roles: tuple[tuple[str, str], ...] = ()  # (role, unit name)
    superuser: bool = False
    featured: bool = False  # listed first in the login table


@dataclass(frozen=True)
class UpdateSpec:
    day: int
    progress: int
    note: str


@dataclass(frozen=True)
class EvaluationSpec:
    day: int
    effect: str
    decision: str
    notes: str
    by: str | None = None  # default: the APV's AMR


@dataclass(frozen=True)
class ActionSpec:
    title: str
    description: str
    owner: str
    due: int
    level: str = ""
    created: int | None = None  # default: three days into prioritisation
    updates: tuple[UpdateSpec, ...] = ()
    done: int | None = None
    done_note: str = "Tiltaget er gennemført."
    cancelled: int | None = None
    cancel_note: str = ""
    evaluations: tuple[EvaluationSpec, ...] = ()


@dataclass(frozen=True)
class FindingSpec:
    title: str
    factor: str
    description: str
    kind: str = RISK
    causes: str = ""
    source: str = SURVEY
    level: str = ""
    severity: int | None = None
    extent: int | None = None
    status: str = OPEN
    priority: int | None = None
    confidential: bool = False
    handlers: tuple[str, ...] = ()
    reporter: str | None = None  # default: the APV's AMR
    logged: int | None = None  # default: in the first days of the round
    decided: int | None = None  # when the status was settled; default: end of involvement
    actions: tuple[ActionSpec, ...] = ()


@dataclass(frozen=True)
class DialogueSpec:
    forum: str
    day: int
    participants: str
    summary: str
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommunicationSpec:
    day: int
    by: str
    where_we_are: str
    what_we_did: str
    how_we_go_on: str
    published: bool = True


@dataclass(frozen=True)
class ApprovalSpec:
    day: int
    by: str
    forum: str
    comment: str


@dataclass(frozen=True)
class AssessmentSpec:
    unit: str
    amr: str
    leader: str
    phases: dict[str, int]  # phase -> day it was entered; identification is the start
    findings: tuple[FindingSpec, ...] = ()
    dialogues: tuple[DialogueSpec, ...] = ()
    communications: tuple[CommunicationSpec, ...] = ()
    approval: ApprovalSpec | None = None
    sickness_absence_note: str = ""
    due: int | None = None


UNITS = UnitSpec(
    ROOT_UNIT,
    ORGANISATION,
    14,
    (
        UnitSpec(
            "Børn og Unge",
            AREA,
            5,
            (
                UnitSpec(
                    "Dagtilbud Nord",
                    DEPARTMENT,
                    3,
                    (
                        UnitSpec("Børnehuset Solsikken", TEAM, 18),
                        UnitSpec("Børnehuset Mælkebøtten", TEAM, 15),
                    ),
                ),
                UnitSpec(
                    "Nordby Skole",
                    DEPARTMENT,
                    7,
                    (UnitSpec("Indskolingen", TEAM, 21), UnitSpec("Udskolingen", TEAM, 19)),
                ),
            ),
        ),
        UnitSpec(
            "Ældre og Sundhed",
            AREA,
            6,
            (
                UnitSpec(
                    "Hjemmeplejen",
                    DEPARTMENT,
                    5,
                    (
                        UnitSpec("Hjemmeplejen Vest", TEAM, 32),
                        UnitSpec("Hjemmeplejen Øst", TEAM, 28),
                    ),
                ),
                UnitSpec(
                    "Plejecenter Egebakken",
                    DEPARTMENT,
                    6,
                    (UnitSpec("Skovhuset", TEAM, 24), UnitSpec("Enghuset", TEAM, 21)),
                ),
            ),
        ),
        UnitSpec(
            "Teknik og Miljø",
            AREA,
            4,
            (
                UnitSpec(
                    "Drift og Anlæg",
                    DEPARTMENT,
                    4,
                    (UnitSpec("Vej og Park", TEAM, 17), UnitSpec("Genbrugspladsen", TEAM, 8)),
                ),
            ),
        ),
    ),
)


# The units' ids in the HR system, which the survey and absence files name them by: a digit per
# level, so a unit's id shows where it sits.
HR_IDS = {
    ROOT_UNIT: "NK-1000",
    "Børn og Unge": "NK-1100",
    "Dagtilbud Nord": "NK-1110",
    "Børnehuset Solsikken": "NK-1111",
    "Børnehuset Mælkebøtten": "NK-1112",
    "Nordby Skole": "NK-1120",
    "Indskolingen": "NK-1121",
    "Udskolingen": "NK-1122",
    "Ældre og Sundhed": "NK-1200",
    "Hjemmeplejen": "NK-1210",
    "Hjemmeplejen Vest": "NK-1211",
    "Hjemmeplejen Øst": "NK-1212",
    "Plejecenter Egebakken": "NK-1220",
    "Skovhuset": "NK-1221",
    "Enghuset": "NK-1222",
    "Teknik og Miljø": "NK-1300",
    "Drift og Anlæg": "NK-1310",
    "Vej og Park": "NK-1311",
    "Genbrugspladsen": "NK-1312",
}

# The survey tool's and the HR system's files. The demo is built with the 2024 survey and the
# year's sickness absence; last month's survey (trivselsmaaling-2026-11, as CSV and as XLSX) is
# left for a coordinator to import in the demo.
DEMO_FILES = Path(__file__).resolve().parent / "files"
SEEDED_SURVEY = "trivselsmaaling-2024-11.csv"
SEEDED_ABSENCE = "sygefravaer-2026.csv"


def _u(username, name, role=None, unit=None, **kwargs) -> UserSpec:
    first_name, last_name = name.split(" ", 1)
    roles = ((role, unit),) if role else ()
    return UserSpec(username, first_name, last_name, roles, **kwargs)


C, L, A, T, M, E = (
    Role.COORDINATOR,
    Role.LEADER,
    Role.AMR,
    Role.TR,
    Role.MED,
    Role.EMPLOYEE,
)
VEST, OEST, EGEBAKKEN = "Hjemmeplejen Vest", "Hjemmeplejen Øst", "Plejecenter Egebakken"

# fmt: off
USERS = (
    # The logins a demo starts from.
    _u("koordinator", "Mette Kjær", C, ROOT_UNIT, featured=True),
    _u("leder", "Anne Mikkelsen", L, "Dagtilbud Nord", featured=True),
    _u("amr", "Camilla Nørgaard", A, "Børnehuset Solsikken", featured=True),
    _u("tr", "Maria Lindberg", T, "Dagtilbud Nord", featured=True),
    _u("med", "Peter Damgaard", M, "Børn og Unge", featured=True),
    _u("medarbejder", "Jonas Kristiansen", E, "Børnehuset Solsikken", featured=True),
    _u("admin", "Nordby IT", superuser=True, featured=True),
    # Everyone else, so that every unit has its leader, AMR and TR.
    _u("jens.overgaard", "Jens Overgaard", L, ROOT_UNIT),
    _u("pia.winther", "Pia Winther", C, "Ældre og Sundhed"),
    _u("lars.bjerregaard", "Lars Bjerregaard", L, "Børn og Unge"),
    _u("thomas.brandt", "Thomas Brandt", L, "Nordby Skole"),
    _u("rasmus.vinther", "Rasmus Vinther", A, "Nordby Skole"),
    _u("niels.bruun", "Niels Bruun", T, "Nordby Skole"),
    _u("sofie.bach", "Sofie Bach", A, "Børnehuset Mælkebøtten"),
    _u("line.kjeldsen", "Line Kjeldsen", E, "Børnehuset Mælkebøtten"),
    _u("hanne.dalsgaard", "Hanne Dalsgaard", L, "Ældre og Sundhed"),
    _u("karin.bundgaard", "Karin Bundgaard", M, "Ældre og Sundhed"),
    _u("susanne.lund", "Susanne Lund", L, "Hjemmeplejen"),
    _u("tina.pedersen", "Tina Pedersen", T, "Hjemmeplejen"),
    _u("louise.friis", "Louise Friis", L, VEST),
    _u("dorthe.thomsen", "Dorthe Thomsen", A, VEST),
    _u("emma.holt", "Emma Holt", E, VEST),
    _u("ahmed.hassan", "Ahmed Hassan", A, OEST),
    _u("birgitte.holm", "Birgitte Holm", L, EGEBAKKEN),
    _u("jette.laursen", "Jette Laursen", A, EGEBAKKEN),
    _u("lone.vestergaard", "Lone Vestergaard", T, EGEBAKKEN),
    _u("per.soendergaard", "Per Søndergaard", L, "Teknik og Miljø"),
    _u("ole.madsen", "Ole Madsen", M, "Teknik og Miljø"),
    _u("kim.rasmussen", "Kim Rasmussen", L, "Drift og Anlæg"),
    _u("henrik.mortensen", "Henrik Mortensen", A, "Drift og Anlæg"),
    _u("brian.jakobsen", "Brian Jakobsen", T, "Drift og Anlæg"),
    _u("morten.kristensen", "Morten Kristensen", L, "Vej og Park"),
    _u("mads.iversen", "Mads Iversen", E, "Vej og Park"),
)
# fmt: on
# The people's ids in the HR system, as apps/demo/files/hr-medarbejdere.csv has them: everyone
# but the administrator, in the order above, from P-1001.
PERSON_IDS = {
    spec.username: f"P-{1001 + n}"
    for n, spec in enumerate(spec for spec in USERS if not spec.superuser)
}
# The AMR's term of office ends within the month (a reminder is due), and Hjemmeplejen Vest's
# AMR is on leave for three weeks, with a colleague standing in as deputy.
TERM_ENDS_IN_DAYS = ("amr", 25)
DEPUTY = {"holder": "dorthe.thomsen", "deputy": "emma.holt", "from": -3, "until": 18}


def _phases(
    identification,
    involvement=None,
    prioritisation=None,
    communication=None,
    follow_up=None,
    closed=None,
) -> dict[str, int]:
    days = (identification, involvement, prioritisation, communication, follow_up, closed)
    return {phase: day for phase, day in zip(cycle.ORDER, days, strict=True) if day is not None}


# --- Børn og Unge ---------------------------------------------------------------------------

SOLSIKKEN_LAST_ROUND = AssessmentSpec(
    unit="Børnehuset Solsikken",
    amr="amr",
    leader="leder",
    phases=_phases(-1060, -1030, -1005, -985, -975, -800),
    sickness_absence_note=(
        "Sygefraværet var 5,1 % mod 5,6 % i kommunen som helhed. Vi ser ikke en sammenhæng "
        "mellem arbejdsmiljøet og fraværet, men følger langtidsfraværet tæt."
    ),
    findings=(
        FindingSpec(
            "Støj i garderoben ved aflevering og afhentning",
            "stoej",
            "Mange voksne og børn på lidt plads giver et højt lydniveau og uro i starten og "
            "slutningen af dagen.",
            causes="Garderoben er lille og har hårde overflader, og alle afleveringer ligger "
            "mellem 7.30 og 8.30.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Lydabsorberende plader i garderoben",
                    "Teknisk Service sætter lydplader op i loftet og på endevæggen.",
                    owner="leder",
                    due=-900,
                    level=ORG,
                    done=-910,
                    evaluations=(
                        EvaluationSpec(
                            -870,
                            BETTER,
                            KEEP,
                            "Personalet oplever en tydelig forskel, og forældrene har også "
                            "bemærket det.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Svært at nå pauserne",
            "arbejdstempo",
            "Pauserne bliver taget, når der er ro, og det er der sjældent.",
            causes="Pauserne er ikke planlagt i vagtplanen.",
            level=GROUP,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Faste pauser i vagtplanen",
                    "Hver vagt får et fast pausetidspunkt, og stuerne dækker for hinanden.",
                    owner="leder",
                    due=-940,
                    level=GROUP,
                    done=-945,
                    evaluations=(
                        EvaluationSpec(
                            -880,
                            BETTER,
                            KEEP,
                            "Pauserne holdes nu de fleste dage; vi tager det op igen, hvis "
                            "det glider.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Stærkt fagligt fællesskab",
            "samarbejde_med_kolleger",
            "Kollegerne deler viden og sparrer med hinanden i hverdagen.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.TEAM_MEETING,
            -1020,
            "Personalet i Solsikken, leder Anne Mikkelsen, AMR Camilla Nørgaard",
            "Gennemgang af trivselsundersøgelsen. Vi kan genkende billedet af støj i "
            "garderoben og manglende pauser, og vi vil gerne holde fast i det faglige "
            "fællesskab.",
            ("Støj i garderoben ved aflevering og afhentning", "Svært at nå pauserne"),
        ),
    ),
    communications=(
        CommunicationSpec(
            -982,
            "leder",
            "Handlingsplanen for APV'en er godkendt i arbejdsmiljøgruppen.",
            "Vi har gennemgået trivselsundersøgelsen på personalemødet og valgt to indsatser: "
            "lydplader i garderoben og faste pauser.",
            "Lydpladerne sættes op i løbet af foråret, og pauserne står i vagtplanen fra næste "
            "måned. Vi følger op på personalemødet efter sommerferien.",
        ),
    ),
    approval=ApprovalSpec(
        -988, "leder", ApprovalForum.AMO, "Godkendt i arbejdsmiljøgruppen (leder og AMR)."
    ),
)

SOLSIKKEN = AssessmentSpec(
    unit="Børnehuset Solsikken",
    amr="amr",
    leader="leder",
    phases=_phases(-45, -12),
    due=75,
    findings=(
        FindingSpec(
            "Travlhed i ydertimerne",
            "arbejdsmaengde",
            "I åbne- og lukketiden er der ofte kun to voksne til op mod 25 børn. 11 af 16 "
            "svarer i trivselsundersøgelsen, at der er for travlt i de timer.",
            causes="Vagtplanen er lagt efter kernetiden, og når nogen er syge, bliver "
            "ydertimerne ikke dækket.",
            level=ORG,
            severity=3,
            extent=3,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Uklare forventninger efter omorganiseringen",
            "klare_maal",
            "Efter sammenlægningen til Dagtilbud Nord er det uklart, hvem der beslutter hvad i "
            "huset, og hvilke opgaver der er flyttet til den fælles ledelse.",
            causes="Den nye ledelsesstruktur er ikke fulgt op af en skriftlig opgavefordeling.",
            level=LEADERSHIP,
            severity=2,
            extent=3,
        ),
        FindingSpec(
            "Støj på stuerne",
            "stoej",
            "Ved markvandringen målte vi over 80 dB ved frokosten på Rødkælkestuen.",
            causes="Store børnegrupper i små rum med hårde overflader.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=4,
        ),
        FindingSpec(
            "Følelsesmæssigt pres i svære forældresamtaler",
            "foelelsesmaessige_krav",
            "Flere fortæller, at samtaler om bekymring for et barn fylder meget og bliver taget "
            "med hjem.",
            causes="Der er ingen fast sparring efter svære samtaler, og nye kolleger står ofte "
            "alene med dem.",
            source=DIALOGUE,
            level=GROUP,
            severity=3,
            extent=2,
        ),
        FindingSpec(
            "Godt kollegialt sammenhold",
            "samarbejde_med_kolleger",
            "Medarbejderne hjælper hinanden, når det brænder på; 15 af 16 svarer, at de altid "
            "kan få hjælp fra en kollega.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Uønskede kommentarer af seksuel karakter",
            "seksuel_chikane",
            "En medarbejder har flere gange fået kommentarer af seksuel karakter fra en "
            "forælder ved afhentning og har bedt AMR om hjælp.",
            causes="Forælderen henvender sig, når medarbejderen er alene i lukketiden.",
            source=INCIDENT,
            level=INDIVIDUAL,
            severity=4,
            extent=1,
            status=CONFIRMED,
            confidential=True,
            logged=-30,
            decided=-27,
        ),
        FindingSpec(
            "Tunge løft ved puslebordet",
            "ergonomi",
            "Puslebordet på vuggestuegangen kunne ikke hæves, så børnene blev løftet op fra "
            "gulvet. Løst dagen efter markvandringen med et hæve-sænke-bord fra depotet.",
            causes="Gammelt inventar, som ingen havde meldt som et problem.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=2,
            status=RESOLVED,
            decided=-34,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.TEAM_MEETING,
            -8,
            "Personalet i Solsikken (14 til stede), AMR Camilla Nørgaard, TR Maria Lindberg",
            "Vi gennemgik trivselsundersøgelsen og markvandringen. Der er bred enighed om "
            "travlheden i ydertimerne og om det gode sammenhold. Støjen og de uklare "
            "forventninger tager vi op igen på næste personalemøde, hvor lederen er med.",
            (
                "Travlhed i ydertimerne",
                "Uklare forventninger efter omorganiseringen",
                "Støj på stuerne",
                "Godt kollegialt sammenhold",
            ),
        ),
    ),
    communications=(
        CommunicationSpec(
            -43,
            "amr",
            "Vi er gået i gang med årets APV i Solsikken.",
            "Alle har fået trivselsundersøgelsen på mail, og AMR og leder har aftalt en "
            "markvandring i næste uge.",
            "Resultaterne gennemgår vi på personalemødet, og derefter laver vi handlingsplanen "
            "sammen.",
        ),
    ),
)

MAELKEBOETTEN = AssessmentSpec(
    unit="Børnehuset Mælkebøtten",
    amr="sofie.bach",
    leader="leder",
    phases=_phases(-80, -55, -20),
    due=40,
    sickness_absence_note=(
        "Sygefraværet er steget fra 4,8 % til 7,2 % det seneste år, mest korttidsfravær. En del "
        "af fraværet kan hænge sammen med travlheden, når kolleger er syge og vagterne ikke "
        "bliver dækket. TRIO'en følger udviklingen hver måned."
    ),
    findings=(
        FindingSpec(
            "Ekstra vagter, når kolleger er syge",
            "arbejdsmaengde",
            "Når en kollega er syg, dækker de fastansatte vagterne og mister forberedelse og "
            "pauser.",
            causes="Der er ingen fast vikarordning; vikarer bestilles først samme morgen.",
            level=ORG,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Fast vikarpulje for Dagtilbud Nord",
                    "Aftale med to faste vikarer, der deles mellem Solsikken og Mælkebøtten "
                    "og kan kaldes ind dagen før.",
                    owner="leder",
                    due=60,
                    level=ORG,
                    created=-12,
                ),
            ),
        ),
        FindingSpec(
            "For lidt tid til forberedelse",
            "hoeje_krav",
            "Den aftalte forberedelsestid bliver ofte aflyst for at dække på stuerne.",
            causes="Forberedelsen står ikke i skemaet og er det første, der ryger.",
            level=GROUP,
            severity=2,
            extent=3,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Skemalagt forberedelse to timer om ugen",
                    "Forberedelsen lægges ind i vagtplanen og må kun aflyses efter aftale med "
                    "lederen.",
                    owner="line.kjeldsen",
                    due=30,
                    level=GROUP,
                    created=-10,
                ),
            ),
        ),
        FindingSpec(
            "Utryghed ved de nye læreplaner",
            "haandtering_af_forandringer",
            "Mange er usikre på, hvad de nye pædagogiske læreplaner betyder i hverdagen, og "
            "hvem der skal dokumentere hvad.",
            causes="Læreplanerne er indført uden en fælles introduktion.",
            source=DIALOGUE,
            level=LEADERSHIP,
            severity=2,
            extent=2,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Dårligt indeklima i grupperummene",
            "indeklima",
            "Luften er tung allerede midt på formiddagen, og CO2-måleren står ofte på rødt.",
            causes="Ventilationsanlægget er fra 1998 og beregnet til færre børn.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=3,
            status=CONFIRMED,
            priority=3,
        ),
        FindingSpec(
            "Anerkendende ledelse",
            "anerkendelse",
            "Medarbejderne oplever, at lederen ser og anerkender deres indsats; 13 af 15 "
            "svarer 'i høj grad'.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Uenighed om fordeling af pauser",
            "samarbejde_med_kolleger",
            "Der var uenighed om, hvem der holdt pause hvornår i sommerperioden.",
            source=DIALOGUE,
            status=DISMISSED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.TEAM_MEETING,
            -50,
            "Personalet i Mælkebøtten (12 til stede), AMR Sofie Bach",
            "Vi kan genkende travlheden ved sygdom og den manglende forberedelse. Uenigheden om "
            "pauser var en enkeltstående situation i sommerferien og er løst mellem de "
            "involverede, så den går ikke videre i APV'en.",
            (
                "Ekstra vagter, når kolleger er syge",
                "For lidt tid til forberedelse",
                "Uenighed om fordeling af pauser",
                "Anerkendende ledelse",
            ),
        ),
        DialogueSpec(
            Forum.TRIO,
            -40,
            "Leder Anne Mikkelsen, AMR Sofie Bach, TR Maria Lindberg",
            "TRIO'en er enig i billedet. Læreplanerne og indeklimaet skal med i handlingsplanen; "
            "indeklimaet kræver en sag hos Ejendomme.",
            ("Utryghed ved de nye læreplaner", "Dårligt indeklima i grupperummene"),
        ),
    ),
)

INDSKOLINGEN = AssessmentSpec(
    unit="Indskolingen",
    amr="rasmus.vinther",
    leader="thomas.brandt",
    phases=_phases(-14),
    due=120,
    findings=(
        FindingSpec(
            "Trusler fra en elev i 2. klasse",
            "trusler",
            "To lærere og en pædagog er blevet truet af den samme elev i løbet af efteråret. "
            "Episoderne er anmeldt som arbejdsskader.",
            source=INCIDENT,
            level=GROUP,
            severity=3,
            extent=2,
        ),
        FindingSpec(
            "Mange opgaver oven i undervisningen",
            "modstridende_krav",
            "Nye opgaver med skole-hjem-samarbejde, dokumentation og inklusion kommer til, uden "
            "at andre bliver taget væk.",
        ),
        FindingSpec(
            "Godt samarbejde mellem lærere og pædagoger",
            "samarbejde_med_kolleger",
            "Lærere og pædagoger planlægger sammen og oplever at have et fælles ansvar for "
            "børnene.",
            kind=RESOURCE,
        ),
    ),
)

UDSKOLINGEN_LAST_ROUND = AssessmentSpec(
    unit="Udskolingen",
    amr="rasmus.vinther",
    leader="thomas.brandt",
    phases=_phases(-1080, -1050, -1030, -1008, -1000, -700),
    sickness_absence_note=(
        "Sygefraværet er lavt (3,2 %), og vi ser ingen sammenhæng med arbejdsmiljøet."
    ),
    findings=(
        FindingSpec(
            "Sen besked om vikartimer",
            "forudsigelighed",
            "Lærerne får ofte først besked om ekstra timer samme morgen.",
            causes="Vikardækningen planlægges dag for dag på kontoret uden et fast system.",
            level=ORG,
            severity=2,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Vikarplanen lægges på intra senest kl. 15 dagen før",
                    "Kontoret samler fravær og vikartimer og melder dem ud dagen før.",
                    owner="thomas.brandt",
                    due=-960,
                    level=ORG,
                    done=-965,
                    evaluations=(
                        EvaluationSpec(
                            -900,
                            BETTER,
                            KEEP,
                            "Langt de fleste vikartimer meldes nu ud dagen før.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Hårde beskeder fra forældre på intra",
            "foelelsesmaessige_krav",
            "Lærerne modtager beskeder i en skarp tone, også om aftenen og i weekenden.",
            causes="Der er ingen fælles forventninger til svartider og tone.",
            level=GROUP,
            severity=2,
            extent=2,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Fælles retningslinjer for svartider og tone på intra",
                    "Skolebestyrelsen og personalet laver retningslinjer, som sendes til alle "
                    "forældre.",
                    owner="niels.bruun",
                    due=-950,
                    level=ORG,
                    done=-955,
                    evaluations=(
                        EvaluationSpec(
                            -890,
                            BETTER,
                            KEEP,
                            "Færre beskeder uden for arbejdstid, og tonen er blevet bedre.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Stor faglig frihed",
            "indflydelse",
            "Lærerne oplever stor indflydelse på, hvordan de tilrettelægger undervisningen.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.TEAM_MEETING,
            -1045,
            "Lærere og pædagoger i udskolingen, skoleleder Thomas Brandt, AMR Rasmus Vinther",
            "Fællesmøde om trivselsundersøgelsen. Vi er enige om, at vikartimer og tonen på "
            "intra er det vigtigste at tage fat på.",
            ("Sen besked om vikartimer", "Hårde beskeder fra forældre på intra"),
        ),
    ),
    communications=(
        CommunicationSpec(
            -1005,
            "thomas.brandt",
            "Handlingsplanen er godkendt i område-MED.",
            "Vi har valgt to indsatser: en fast vikarplan dagen før og retningslinjer for "
            "kommunikation med forældre.",
            "Begge dele træder i kraft efter efterårsferien, og vi evaluerer ved skoleårets "
            "afslutning.",
        ),
    ),
    approval=ApprovalSpec(
        -1010, "med", ApprovalForum.MED, "Godkendt i område-MED for Børn og Unge."
    ),
)

# --- Ældre og Sundhed -----------------------------------------------------------------------

HJEMMEPLEJEN_VEST_LAST_ROUND = AssessmentSpec(
    unit="Hjemmeplejen Vest",
    amr="dorthe.thomsen",
    leader="louise.friis",
    phases=_phases(-1130, -1100, -1080, -1060, -1050, -820),
    sickness_absence_note=(
        "Sygefraværet er 7,8 %. Tidspres og tunge forflytninger nævnes ved fraværssamtalerne, "
        "så arbejdsmiljøet bidrager efter vores vurdering til fraværet."
    ),
    findings=(
        FindingSpec(
            "Mange borgerbesøg på kort tid",
            "arbejdsmaengde",
            "Kørelisterne er så tætte, at besøg ofte bliver kortere end aftalt.",
            causes="Normtiderne passer ikke til de tungeste borgere.",
            level=ORG,
            severity=3,
            extent=4,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Nye normtider for de tungeste besøg",
                    "Visitationen og hjemmeplejen gennemgår normtiderne for de 20 tungeste "
                    "borgere.",
                    owner="susanne.lund",
                    due=-980,
                    level=ORG,
                    done=-990,
                    evaluations=(
                        EvaluationSpec(
                            -930,
                            UNCHANGED,
                            ADJUST,
                            "Normtiderne er justeret, men kørelisterne er stadig tætte. Tages "
                            "op igen i næste APV.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Manglende hjælpemidler hos borgerne",
            "ergonomi",
            "Hjælpemidlerne er ikke på plads, når en ny borger starter.",
            causes="Hjælpemidler bestilles først efter første besøg.",
            level=ORG,
            severity=3,
            extent=2,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Hjælpemidler bestilles før første besøg",
                    "Visitator bestiller de nødvendige hjælpemidler ved visitationen.",
                    owner="dorthe.thomsen",
                    due=-1000,
                    level=ORG,
                    done=-1010,
                    evaluations=(EvaluationSpec(-940, BETTER, KEEP, "Virker efter hensigten."),),
                ),
            ),
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.MED,
            -1095,
            "Lokal-MED for Hjemmeplejen",
            "Lokal-MED genkender billedet og anbefaler at starte med normtider og hjælpemidler.",
            ("Mange borgerbesøg på kort tid", "Manglende hjælpemidler hos borgerne"),
        ),
    ),
    communications=(
        CommunicationSpec(
            -1058,
            "louise.friis",
            "Handlingsplanen er godkendt i område-MED.",
            "Vi har prioriteret normtider og hjælpemidler.",
            "Vi følger op på gruppemøderne hver måned.",
        ),
    ),
    approval=ApprovalSpec(
        -1062,
        "karin.bundgaard",
        ApprovalForum.MED,
        "Godkendt i område-MED for Ældre og Sundhed.",
    ),
)

HJEMMEPLEJEN_VEST = AssessmentSpec(
    unit="Hjemmeplejen Vest",
    amr="dorthe.thomsen",
    leader="louise.friis",
    phases=_phases(-230, -195, -170, -140, -120),
    due=30,
    sickness_absence_note=(
        "Sygefraværet i Hjemmeplejen Vest er 8,9 % mod 6,4 % i kommunen som helhed. Ved "
        "fraværssamtalerne nævner flere tidspres og tunge forflytninger, så vi vurderer, at "
        "arbejdsmiljøet bidrager til fraværet. Lokal-MED følger tallene hvert kvartal."
    ),
    findings=(
        FindingSpec(
            "For tætpakkede kørelister",
            "arbejdsmaengde",
            "Kørelisterne giver ikke tid til transport mellem borgerne; 22 af 29 svarer, at de "
            "ofte ikke kan nå deres opgaver i arbejdstiden.",
            causes="Planlægningssystemet regner med faste transporttider, og nye borgere "
            "lægges ind uden at andre besøg flyttes.",
            level=ORG,
            severity=4,
            extent=4,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Gennemgang af kørelister med planlæggerne hver 14. dag",
                    "Gruppelederen og to medarbejdere gennemgår de kommende kørelister med "
                    "planlæggerne og flytter besøg, der ikke kan nås.",
                    owner="louise.friis",
                    due=-110,
                    level=ORG,
                    created=-165,
                    updates=(
                        UpdateSpec(
                            -135,
                            50,
                            "De første tre gennemgange er holdt; planlæggerne har flyttet 14 "
                            "besøg.",
                        ),
                    ),
                    done=-112,
                    evaluations=(
                        EvaluationSpec(
                            -80,
                            BETTER,
                            KEEP,
                            "Færre vagter med overskredne kørelister (fra ca. 30 % til 12 %). "
                            "Gennemgangene fortsætter.",
                        ),
                    ),
                ),
                ActionSpec(
                    "Buffertid ved nye borgere",
                    "Første besøg hos en ny borger planlægges med 15 minutters buffer.",
                    owner="louise.friis",
                    due=-60,
                    level=ORG,
                    created=-165,
                    updates=(
                        UpdateSpec(
                            -100,
                            30,
                            "Aftalt med planlæggerne; mangler at blive lagt ind i systemet.",
                        ),
                        UpdateSpec(
                            -40,
                            70,
                            "Bufferen er lagt ind for dagvagten; aftenvagten mangler stadig.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Vold og trusler fra borgere med demens",
            "vold",
            "Der er registreret syv episoder med slag, spyt eller trusler fra borgere med "
            "demens det seneste halve år.",
            causes="Nye kolleger kender ikke borgerne, og der mangler viden om at nedtrappe "
            "konflikter.",
            source=INCIDENT,
            level=GROUP,
            severity=3,
            extent=2,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Kursus i konflikthåndtering for alle medarbejdere",
                    "To dages kursus ved kommunens voldsforebyggende team, på tre hold, så "
                    "driften kan fortsætte.",
                    owner="dorthe.thomsen",
                    due=-90,
                    level=GROUP,
                    created=-164,
                    updates=(UpdateSpec(-120, 35, "Hold 1 har gennemført kurset."),),
                    done=-92,
                    evaluations=(
                        EvaluationSpec(
                            -60,
                            BETTER,
                            KEEP,
                            "Medarbejderne føler sig bedre klædt på. To episoder siden kurset "
                            "mod fire i samme periode sidste år.",
                            by="louise.friis",
                        ),
                    ),
                ),
                ActionSpec(
                    "Fast procedure for at melde bekymring om en borger",
                    "Bekymring om en borger noteres i omsorgssystemet og nævnes på "
                    "morgenmødet, så den næste ved det før besøget.",
                    owner="emma.holt",
                    due=-30,
                    level=GROUP,
                    created=-164,
                    updates=(UpdateSpec(-50, 50, "Udkast til procedure drøftet på teammødet."),),
                    done=-20,
                    done_note="Proceduren er taget i brug i begge grupper.",
                ),
            ),
        ),
        FindingSpec(
            "Mangler sparring efter svære besøg",
            "foelelsesmaessige_krav",
            "Flere står alene med oplevelser fra besøg hos døende borgere eller borgere i svær "
            "mistrivsel.",
            causes="Der er ingen fast tid til faglig sparring; man går direkte videre til "
            "næste borger.",
            source=DIALOGUE,
            level=GROUP,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=3,
            actions=(
                ActionSpec(
                    "Faglig supervision en gang om måneden",
                    "Ekstern supervisor, halvanden time om måneden i to grupper.",
                    owner="susanne.lund",
                    due=30,
                    level=LEADERSHIP,
                    created=-162,
                    updates=(
                        UpdateSpec(-90, 20, "Aftalen med supervisor er på plads."),
                        UpdateSpec(-30, 50, "Tre af seks supervisionsgange er holdt."),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Tunge forflytninger i borgernes hjem",
            "ergonomi",
            "Ved følgebesøg så vi forflytninger uden lift hos tre borgere, hvor der burde være "
            "en lift.",
            causes="Hjælpemidler bevilges langsomt, og medarbejderne klarer sig uden imens.",
            source=WALKROUND,
            level=ORG,
            severity=3,
            extent=2,
            status=CONFIRMED,
            priority=4,
            actions=(
                ActionSpec(
                    "Forflytningsvejleder gennemgår hjælpemidler hos de tungeste borgere",
                    "Forflytningsvejlederen tager med på besøg hos de ti tungeste borgere.",
                    owner="dorthe.thomsen",
                    due=-45,
                    level=ORG,
                    created=-160,
                    done=-50,
                    evaluations=(
                        EvaluationSpec(
                            -35,
                            UNCHANGED,
                            NEW_ACTION,
                            "Gennemgangen viste, at to borgere skal have loftlift; uden lift "
                            "er forflytningerne stadig for tunge.",
                            by="louise.friis",
                        ),
                    ),
                ),
                ActionSpec(
                    "Loftlift hos to borgere",
                    "Bestilles som hastesag hos Hjælpemiddelcentralen.",
                    owner="susanne.lund",
                    due=45,
                    level=ORG,
                    created=-33,
                ),
            ),
        ),
        FindingSpec(
            "Stærkt fællesskab i grupperne",
            "tillid_til_kolleger",
            "Høj tillid til kollegerne; man kan altid ringe til en kollega undervejs i vagten.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Slidt arbejdstøj",
            "andet",
            "Nogle nævner, at arbejdstøjet er slidt og ikke passer.",
            status=DISMISSED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.MED,
            -185,
            "Lokal-MED for Hjemmeplejen",
            "Lokal-MED genkender billedet fra trivselsundersøgelsen. Kørelisterne og volden er "
            "det vigtigste. Arbejdstøjet hører ikke under APV'en; det skiftes allerede med den "
            "nye indkøbsaftale.",
            (
                "For tætpakkede kørelister",
                "Vold og trusler fra borgere med demens",
                "Slidt arbejdstøj",
            ),
        ),
        DialogueSpec(
            Forum.TEAM_MEETING,
            -180,
            "Dag- og aftengrupperne i Hjemmeplejen Vest, AMR Dorthe Thomsen",
            "Gruppemøde: Vi talte om de svære besøg og forflytningerne. Mange efterlyser "
            "sparring og en lift hos de tungeste borgere.",
            (
                "Mangler sparring efter svære besøg",
                "Tunge forflytninger i borgernes hjem",
                "Stærkt fællesskab i grupperne",
            ),
        ),
        DialogueSpec(
            Forum.TRIO,
            -25,
            "Gruppeleder Louise Friis, AMR Dorthe Thomsen, TR Tina Pedersen",
            "Status på handlingsplanen: Kørelisterne og kurset virker. Bufferen for aftenvagten er "
            "forsinket, og loftliften er bestilt. Proceduren for bekymringer evalueres på næste "
            "møde.",
            ("For tætpakkede kørelister", "Tunge forflytninger i borgernes hjem"),
        ),
    ),
    communications=(
        CommunicationSpec(
            -138,
            "louise.friis",
            "Handlingsplanen for APV'en er godkendt i område-MED.",
            "Vi har gennemgået trivselsundersøgelsen i lokal-MED og på gruppemøderne og valgt "
            "fire indsatser: kørelister, konflikthåndtering, supervision og forflytninger.",
            "Indsatserne går i gang nu. Vi fortæller om, hvordan det går, på gruppemøderne og her.",
        ),
        CommunicationSpec(
            -45,
            "dorthe.thomsen",
            "Vi er halvvejs med handlingsplanen.",
            "Kurset i konflikthåndtering er gennemført for alle, og kørelisterne gennemgås hver "
            "14. dag med planlæggerne.",
            "Vi mangler bufferen for aftenvagten og en loftlift hos to borgere. Supervisionen "
            "fortsætter resten af året.",
        ),
    ),
    approval=ApprovalSpec(
        -142,
        "karin.bundgaard",
        ApprovalForum.MED,
        "Godkendt i område-MED for Ældre og Sundhed uden bemærkninger.",
    ),
)

HJEMMEPLEJEN_OEST = AssessmentSpec(
    unit="Hjemmeplejen Øst",
    amr="ahmed.hassan",
    leader="susanne.lund",
    phases=_phases(-150, -120, -95, -25),
    due=60,
    sickness_absence_note=(
        "Sygefraværet er 7,1 %. Langtidssygemeldingerne skyldes overvejende forhold uden for "
        "arbejdet, men den store udskiftning giver ekstra pres på de faste medarbejdere. Vi "
        "følger det ved de kvartalsvise fraværssamtaler."
    ),
    findings=(
        FindingSpec(
            "Stor udskiftning i personalegruppen",
            "forudsigelighed",
            "Otte ud af 28 er stoppet det seneste år. De faste medarbejdere bruger meget tid på "
            "at introducere nye kolleger og vikarer.",
            causes="Mange vikarer og korte introduktionsforløb.",
            level=ORG,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Introduktionsprogram med fast følordning",
                    "Nye medarbejdere følger en fast kollega i to uger og har samtale med "
                    "lederen efter en måned.",
                    owner="ahmed.hassan",
                    due=20,
                    level=ORG,
                    created=-85,
                    updates=(
                        UpdateSpec(-40, 40, "Programmet er skrevet; de første to nye følger det."),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Uklar opgavefordeling mellem dag- og aftenvagt",
            "modstridende_krav",
            "Opgaver ved vagtskiftet (medicin, dokumentation, indkøb) falder mellem to stole, "
            "og dag- og aftenvagt får modsatte beskeder.",
            causes="Der er ingen skriftlig aftale om overlappet; beskeder gives mundtligt.",
            source=DIALOGUE,
            level=GROUP,
            severity=2,
            extent=3,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Fælles beskrivelse af opgaverne ved vagtskiftet",
                    "Dag- og aftenvagt skriver sammen en tjekliste for overlappet.",
                    owner="susanne.lund",
                    due=-10,
                    level=GROUP,
                    created=-85,
                    updates=(UpdateSpec(-35, 60, "Udkastet er drøftet med aftenvagten."),),
                ),
            ),
        ),
        FindingSpec(
            "Oplevet mobning i en vagtgruppe",
            "mobning",
            "En medarbejder oplever at blive holdt uden for og talt nedsættende om af to "
            "kolleger i aftenvagten.",
            causes="En konflikt, der har udviklet sig over flere måneder uden at blive taget op.",
            source=DIALOGUE,
            level=GROUP,
            severity=3,
            extent=1,
            status=CONFIRMED,
            priority=3,
            confidential=True,
            handlers=("ahmed.hassan", "tina.pedersen"),
            logged=-135,
            actions=(
                ActionSpec(
                    "Samtaler med de involverede og aftale om omgangstone",
                    "AMR og TR holder samtaler med de involverede. Omgangstonen drøftes på "
                    "teammødet uden at nævne enkeltpersoner.",
                    owner="tina.pedersen",
                    due=14,
                    level=GROUP,
                    created=-80,
                ),
            ),
        ),
        FindingSpec(
            "God støtte fra nærmeste leder",
            "stoette",
            "Medarbejderne oplever, at lederen er let at få fat i og bakker op i svære sager.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
        FindingSpec(
            "Glat trappe ved indgangen til kontoret",
            "ulykker",
            "Trappen ved personaleindgangen var isglat om morgenen. Der er lagt skridsikre "
            "trin, og trappen saltes nu fast.",
            causes="Trappen ligger i skygge og ises til om morgenen.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=2,
            status=RESOLVED,
            decided=-140,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.MED,
            -115,
            "Lokal-MED for Hjemmeplejen",
            "Lokal-MED er enig i, at udskiftningen og vagtskiftet er de vigtigste "
            "problemstillinger.",
            (
                "Stor udskiftning i personalegruppen",
                "Uklar opgavefordeling mellem dag- og aftenvagt",
            ),
        ),
        DialogueSpec(
            Forum.TEAM_MEETING,
            -105,
            "Dag- og aftenvagten i Hjemmeplejen Øst, AMR Ahmed Hassan",
            "Personalemøde: Vi kan genkende billedet. Lederens støtte fremhæves som noget, vi "
            "skal holde fast i.",
            (
                "Stor udskiftning i personalegruppen",
                "Uklar opgavefordeling mellem dag- og aftenvagt",
                "God støtte fra nærmeste leder",
                "Glat trappe ved indgangen til kontoret",
            ),
        ),
    ),
    communications=(
        CommunicationSpec(
            -5,
            "ahmed.hassan",
            "Handlingsplanen for APV'en er godkendt.",
            "Vi har valgt at arbejde med introduktion af nye kolleger og med opgaverne ved "
            "vagtskiftet.",
            "Tjeklisten for vagtskiftet bliver færdig inden jul, og introduktionsprogrammet "
            "evalueres i foråret.",
            published=False,
        ),
    ),
    approval=ApprovalSpec(
        -27,
        "susanne.lund",
        ApprovalForum.AMO,
        "Godkendt på arbejdsmiljømøde med AMR og TR.",
    ),
)

SKOVHUSET = AssessmentSpec(
    unit="Skovhuset",
    amr="jette.laursen",
    leader="birgitte.holm",
    phases=_phases(-400, -370, -345, -310, -290, -30),
    sickness_absence_note=(
        "Sygefraværet er 6,0 %, på niveau med kommunen. Travlhed ved medicinhåndteringen "
        "nævnes ved fraværssamtalerne, men vi vurderer ikke, at arbejdsmiljøet er hovedårsagen "
        "til fraværet."
    ),
    findings=(
        FindingSpec(
            "Mange afbrydelser under medicinhåndteringen",
            "arbejdstempo",
            "Medicinen doseres i fællesrummet, hvor personalet bliver afbrudt af beboere, "
            "pårørende og telefonen.",
            causes="Der er intet skærmet medicinrum, og telefonen følger den medicinansvarlige.",
            level=ORG,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Forstyr-ikke-vest og fast tid til medicindosering",
                    "Den medicinansvarlige bærer vest og afleverer telefonen under doseringen.",
                    owner="birgitte.holm",
                    due=-300,
                    level=ORG,
                    done=-305,
                    evaluations=(
                        EvaluationSpec(
                            -250,
                            BETTER,
                            KEEP,
                            "Markant færre afbrydelser, og ingen medicinfejl siden.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Pres fra pårørende",
            "foelelsesmaessige_krav",
            "Nogle pårørende kommer med mange og skiftende krav og giver udtryk for "
            "utilfredshed over for personalet.",
            causes="Forventningerne bliver ikke afstemt ved indflytningen.",
            source=DIALOGUE,
            level=GROUP,
            severity=3,
            extent=2,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Forventningssamtale med pårørende ved indflytning",
                    "Kontaktpersonen holder en samtale med de pårørende i den første uge.",
                    owner="jette.laursen",
                    due=-280,
                    level=GROUP,
                    done=-285,
                    evaluations=(
                        EvaluationSpec(
                            -230,
                            UNCHANGED,
                            NEW_ACTION,
                            "Samtalerne hjælper ved nye beboere, men ikke med de pårørende, "
                            "der allerede er her. Vi prøver faste pårørendemøder.",
                            by="birgitte.holm",
                        ),
                    ),
                ),
                ActionSpec(
                    "Faste pårørendemøder hver tredje måned",
                    "Leder og kontaktpersoner inviterer alle pårørende til et fælles møde.",
                    owner="birgitte.holm",
                    due=-120,
                    level=LEADERSHIP,
                    created=-225,
                    done=-125,
                    evaluations=(
                        EvaluationSpec(
                            -60,
                            BETTER,
                            KEEP,
                            "Færre konflikter, og de pårørende bruger møderne aktivt.",
                        ),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Usikkerhed om den nye vagtplan",
            "forudsigelighed",
            "Vagtplanen bliver lavet fire uger ad gangen og ændres ofte med kort varsel.",
            causes="Mange ubesatte vagter og planlægning med kort horisont.",
            level=ORG,
            severity=2,
            extent=2,
            status=CONFIRMED,
            priority=3,
            actions=(
                ActionSpec(
                    "Vagtplanen lægges for et halvt år ad gangen",
                    "Grundplanen lægges for et halvt år; kun sygdom kan ændre den.",
                    owner="birgitte.holm",
                    due=-260,
                    level=ORG,
                    done=-262,
                    evaluations=(
                        EvaluationSpec(-200, BETTER, KEEP, "Medarbejderne kan planlægge igen."),
                    ),
                ),
                ActionSpec(
                    "Ekstra personalemøde hver måned om vagtplanen",
                    "Et kort møde, hvor ændringer i vagtplanen gennemgås.",
                    owner="birgitte.holm",
                    due=-200,
                    level=GROUP,
                    cancelled=-250,
                    cancel_note="Aflyst: Med en fast grundplan for et halvt år er møderne ikke "
                    "længere nødvendige.",
                ),
            ),
        ),
        FindingSpec(
            "Dårlig luft i fællesstuen",
            "indeklima",
            "Luften i fællesstuen var tung hele dagen. Udsugningen var slukket ved en fejl og "
            "blev tændt igen samme dag.",
            causes="Udsugningen blev ikke tændt igen efter service.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=3,
            status=RESOLVED,
            decided=-385,
        ),
        FindingSpec(
            "Meningsfuldt arbejde med beboerne",
            "mening_i_arbejdet",
            "Medarbejderne oplever, at de gør en forskel for beboerne hver dag.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.MED,
            -365,
            "Lokal-MED for Plejecenter Egebakken",
            "Lokal-MED genkender medicinhåndteringen og presset fra pårørende som de største "
            "problemer.",
            ("Mange afbrydelser under medicinhåndteringen", "Pres fra pårørende"),
        ),
        DialogueSpec(
            Forum.TEAM_MEETING,
            -360,
            "Personalet i Skovhuset, AMR Jette Laursen",
            "Personalemøde om vagtplanen og arbejdsglæden. Vi er enige om at holde fast i det, "
            "der giver mening i arbejdet.",
            ("Usikkerhed om den nye vagtplan", "Meningsfuldt arbejde med beboerne"),
        ),
        DialogueSpec(
            Forum.MED,
            -100,
            "Lokal-MED for Plejecenter Egebakken",
            "Opfølgning: Alle tiltag er gennemført eller aflyst med god grund. Pårørendemøderne "
            "evalueres efter næste møde.",
            ("Pres fra pårørende",),
        ),
    ),
    communications=(
        CommunicationSpec(
            -308,
            "birgitte.holm",
            "Handlingsplanen er godkendt i område-MED.",
            "Vi har valgt at skærme medicinhåndteringen, tale med pårørende ved indflytning og "
            "lægge vagtplanen længere frem.",
            "Tiltagene starter i næste måned, og vi følger op i lokal-MED.",
        ),
        CommunicationSpec(
            -35,
            "jette.laursen",
            "APV'en er ved at blive afsluttet.",
            "Alle tiltag er gennemført og evalueret. Afbrydelserne ved medicinen er næsten væk, "
            "og pårørendemøderne virker.",
            "Vi holder fast i de nye vaner og tager trivslen op igen ved næste APV.",
        ),
    ),
    approval=ApprovalSpec(-312, "karin.bundgaard", ApprovalForum.MED, "Godkendt i område-MED."),
)

# --- Teknik og Miljø ------------------------------------------------------------------------

VEJ_OG_PARK = AssessmentSpec(
    unit="Vej og Park",
    amr="henrik.mortensen",
    leader="morten.kristensen",
    phases=_phases(-260, -230, -205, -175, -150),
    due=45,
    sickness_absence_note=(
        "Sygefraværet er 4,2 %. To arbejdsulykker med fravær det seneste år skete ved "
        "vejarbejde, så arbejdsmiljøet bidrager til fraværet, og det indgår i handlingsplanen."
    ),
    findings=(
        FindingSpec(
            "Trafikfarlige arbejdssteder ved vejarbejde",
            "ulykker",
            "Tre nærved-hændelser og én ulykke, hvor bilister kørte ind i afspærrede områder.",
            causes="Afmærkningen følger ikke de nye regler, og der er for lidt "
            "afspærringsmateriel til flere opgaver på én gang.",
            source=INCIDENT,
            level=ORG,
            severity=4,
            extent=3,
            status=CONFIRMED,
            priority=1,
            actions=(
                ActionSpec(
                    "Ny afmærkningsplan og mere afspærringsmateriel",
                    "Afmærkningsplanen opdateres efter de nye regler, og der købes materiel til "
                    "to ekstra arbejdssteder.",
                    owner="morten.kristensen",
                    due=-160,
                    level=ORG,
                    created=-200,
                    done=-165,
                    evaluations=(EvaluationSpec(-120, BETTER, KEEP, "Ingen nye hændelser siden."),),
                ),
            ),
        ),
        FindingSpec(
            "Uklare forventninger efter omorganiseringen",
            "klare_maal",
            "Efter sammenlægningen af vej- og parkafdelingen ved mange ikke, hvem der leder "
            "hvilke opgaver.",
            causes="Den nye struktur blev meldt ud på et stormøde, men ikke fulgt op skriftligt.",
            level=LEADERSHIP,
            severity=3,
            extent=3,
            status=CONFIRMED,
            priority=2,
            actions=(
                ActionSpec(
                    "Møde om den nye struktur og ansvarsfordeling",
                    "Driftslederen gennemgår strukturen med hvert hold.",
                    owner="kim.rasmussen",
                    due=-150,
                    level=LEADERSHIP,
                    created=-200,
                    done=-130,
                    evaluations=(
                        EvaluationSpec(
                            -100,
                            BETTER,
                            ADJUST,
                            "Møderne hjalp, men der mangler noget skriftligt at slå op i.",
                        ),
                    ),
                ),
                ActionSpec(
                    "Skriftlig oversigt over, hvem der gør hvad",
                    "En side pr. hold med opgaver, holdleder og stedfortræder.",
                    owner="kim.rasmussen",
                    due=-30,
                    level=LEADERSHIP,
                    created=-200,
                    updates=(UpdateSpec(-60, 20, "Første udkast er sendt til holdlederne."),),
                ),
            ),
        ),
        FindingSpec(
            "Lange dage i vinterberedskabet",
            "arbejdslivsbalance",
            "Vintervagten giver mange sene udkald, og de samme folk tager mange vagter.",
            causes="Rulleplanen bygger på frivillig tilmelding.",
            level=GROUP,
            severity=3,
            extent=2,
            status=CONFIRMED,
            priority=3,
            actions=(
                ActionSpec(
                    "Ny rulleplan for vintervagten",
                    "Alle med kørekort til saltbilerne indgår i en fast rulleplan.",
                    owner="mads.iversen",
                    due=20,
                    level=GROUP,
                    created=-198,
                    updates=(
                        UpdateSpec(-20, 60, "Forslaget til rulleplan er sendt i høring i holdene."),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Vibrationer fra håndværktøj",
            "ergonomi",
            "Hækkeklippere og buskryddere bruges mange timer i træk i sæsonen.",
            causes="Ældre maskiner uden vibrationsdæmpning.",
            source=WALKROUND,
            level=ORG,
            severity=2,
            extent=2,
            status=CONFIRMED,
            priority=4,
            actions=(
                ActionSpec(
                    "Vibrationsdæmpede maskiner og skift mellem opgaver",
                    "De ældste maskiner udskiftes, og holdene skifter opgave hver anden time.",
                    owner="morten.kristensen",
                    due=-80,
                    level=ORG,
                    created=-198,
                    done=-85,
                    evaluations=(
                        EvaluationSpec(-50, BETTER, KEEP, "Færre klager over ømme hænder."),
                    ),
                ),
            ),
        ),
        FindingSpec(
            "Stolthed over synligt arbejde i byen",
            "mening_i_arbejdet",
            "Medarbejderne er stolte af, at borgerne kan se resultatet af deres arbejde.",
            kind=RESOURCE,
            status=CONFIRMED,
        ),
    ),
    dialogues=(
        DialogueSpec(
            Forum.AMO,
            -225,
            "Arbejdsmiljøgruppen for Drift og Anlæg: driftsleder Kim Rasmussen, AMR Henrik "
            "Mortensen",
            "Arbejdsmiljøgruppen er enig om, at trafiksikkerheden har førsteprioritet. Den nye "
            "struktur skal forklares bedre.",
            (
                "Trafikfarlige arbejdssteder ved vejarbejde",
                "Uklare forventninger efter omorganiseringen",
            ),
        ),
        DialogueSpec(
            Forum.TEAM_MEETING,
            -215,
            "Alle hold i Vej og Park, værkfører Morten Kristensen",
            "Morgenmøde i garagen om resultaterne. Vintervagten og maskinerne fylder meget; "
            "stoltheden over arbejdet er noget, vi skal passe på.",
            (
                "Lange dage i vinterberedskabet",
                "Vibrationer fra håndværktøj",
                "Stolthed over synligt arbejde i byen",
            ),
        ),
    ),
    communications=(
        CommunicationSpec(
            -172,
            "morten.kristensen",
            "Handlingsplanen er godkendt i arbejdsmiljøgruppen.",
            "Vi har valgt fire indsatser: afmærkning, ansvarsfordeling, vintervagt og maskiner.",
            "Afmærkningen er første prioritet og er på plads inden sommerferien.",
        ),
        CommunicationSpec(
            -90,
            "henrik.mortensen",
            "Status efter sommeren.",
            "Afmærkningen og de nye maskiner er på plads, og alle hold har haft møde om "
            "strukturen.",
            "Vi mangler den skriftlige oversigt over ansvarsfordelingen og den nye rulleplan "
            "før vinteren.",
        ),
    ),
    approval=ApprovalSpec(
        -177,
        "morten.kristensen",
        ApprovalForum.AMO,
        "Godkendt i arbejdsmiljøgruppen for Drift og Anlæg.",
    ),
)

GENBRUGSPLADSEN = AssessmentSpec(
    unit="Genbrugspladsen",
    amr="henrik.mortensen",
    leader="kim.rasmussen",
    phases=_phases(-20),
    due=150,
    findings=(
        FindingSpec(
            "Trusler fra borgere ved afvisning af affald",
            "trusler",
            "Medarbejderne bliver jævnligt råbt ad og truet, når de afviser forkert sorteret "
            "affald. To episoder er politianmeldt i år.",
            source=INCIDENT,
            level=GROUP,
            severity=3,
            extent=3,
        ),
        FindingSpec(
            "Støj fra containerkørsel",
            "stoej",
            "Containerne tømmes og flyttes midt i åbningstiden tæt på skurvognen.",
            source=WALKROUND,
        ),
    ),
)

# In the order they are built; a unit's older round comes before its current one.
ASSESSMENTS = (
    SOLSIKKEN_LAST_ROUND,
    SOLSIKKEN,
    MAELKEBOETTEN,
    INDSKOLINGEN,
    UDSKOLINGEN_LAST_ROUND,
    HJEMMEPLEJEN_VEST_LAST_ROUND,
    HJEMMEPLEJEN_VEST,
    HJEMMEPLEJEN_OEST,
    SKOVHUSET,
    VEJ_OG_PARK,
    GENBRUGSPLADSEN,
)


# Two concerns to Solsikken's AMR (the anonymous one, the named one, and the AMR's answer).
CONCERNS = (
    "Vi er for få på stuen efter kl. 15, når forældrene henter. Det går ud over børnene og os, "
    "og ingen tør sige det højt på personalemødet.",
    "Jeg har svært ved at nå pauserne, når vi er to på stuen. Kan det tages op i APV'en?",
    "Tak, fordi du skriver. Jeg tager pauserne med på næste personalemøde, hvor vi taler om "
    "travlheden om eftermiddagen, og vender tilbage til dig bagefter.",
)

ANNUAL_REVIEW = {
    "participants": "Arbejdsmiljøudvalget (Hoved-MED): direktionen, arbejdsmiljøkoordinator og "
    "fem arbejdsmiljørepræsentanter",
    "last_year_goals": "Alle enheder fik en APV; sygefraværet i hjemmeplejen faldt en smule, "
    "men travlheden om eftermiddagen i dagtilbuddene fylder stadig.",
    "goals": "Færre enheder med høj arbejdsmængde i trivselsmålingen 2026; alle "
    "forventningsaftaler i TRIO'erne på plads inden sommer.",
    "way_of_working": "Hoved-MED følger APV-runden på dashboardet hvert kvartal; TRIO'erne "
    "mødes fast en gang om måneden.",
}
CHANGE = (
    "Nyt omsorgssystem på tablets fra november: dokumentationen flytter ud til borgerne, og "
    "medarbejderne skal lære det nye system i en travl periode."
)
AGREEMENT = {
    "direction_purpose": "At trivslen i Solsikken bliver bedre, især om eftermiddagen.",
    "direction_goals": "Færre dage, hvor vi er to på stuen efter kl. 15. Succes er, at alle "
    "kan holde pause.",
    "frame_procedures": "TRIO-møde den første tirsdag i måneden, 30 minutter.",
    "relation_roles": "Lederen har ansvaret for bemandingen; AMR og TR bringer kollegernes "
    "oplevelser med.",
}

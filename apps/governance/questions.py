"""The TRIO's expectation agreement (forventningsafstemning): its three parts and sixteen
guiding questions.

The texts quote the workshop deck word for word (slide 26, "Værktøj til at forventningsafstemme";
the parts are introduced on slide 25, "Afklaring af forventninger til hinanden"), so they are
Danish literals, not translated source strings. Each question is answered in a text field of
`Agreement` named by its code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    code: str
    text: str


@dataclass(frozen=True)
class Part:
    code: str
    title: str
    questions: tuple[Question, ...]


PARTS = (
    Part(
        "direction",
        "Retning og mål",
        (
            Question("direction_purpose", "Hvad er formålet med vores samarbejde?"),
            Question(
                "direction_goals",
                "Hvad er de(t) specifikke mål, vi ønsker at opnå? Hvordan ser succes ud?",
            ),
            Question(
                "direction_priorities", "Hvad skal vi prioritere? Hvad skal vi ikke prioritere?"
            ),
            Question(
                "direction_dilemmas",
                "Hvilke udfordringer, interessekonflikter eller dilemmaer ser vi? "
                "Hvilke aftaler skal vi have for at håndtere dem?",
            ),
        ),
    ),
    Part(
        "frame",
        "Rammer og råderum",
        (
            Question(
                "frame_procedures",
                "Hvilke procedurer og mødefora har vi brug for for at lykkes? (kadence)",
            ),
            Question(
                "frame_resources",
                "Hvilke ressourcer har vi til rådighed? Hvilke har vi brug for? "
                "(tid, værktøjer, budget)",
            ),
            Question(
                "frame_standards",
                "Hvilke kvalitetsstandarter, lovkrav og regler skal vi efterleve i samarbejdet?",
            ),
            Question(
                "frame_communication",
                "Hvordan sikrer vi kommunikation og orientering af kolleger/medarbejdere?",
            ),
            Question(
                "frame_evaluation",
                "Hvordan sikrer vi løbende evaluering af samarbejdet/indsatserne?",
            ),
        ),
    ),
    Part(
        "relations",
        "Relationer og roller",
        (
            Question(
                "relation_cooperation", "Hvordan samarbejder vi bedst muligt for at løse opgaven?"
            ),
            Question(
                "relation_roles",
                "Hvordan ser vi vores egen og hinandens rolle samt ansvar i samarbejdet?",
            ),
            Question("relation_mandate", "Hvilket beslutningsmandat har vi hver især?"),
            Question(
                "relation_agreements",
                "Hvilke aftaler har vi brug for, for at samarbejde bedst muligt?",
            ),
            Question(
                "relation_information",
                "Hvilke informationer har vi hver især brug for fra hinanden og fra andre?",
            ),
            Question(
                "relation_influence", "Hvordan sikrer vi medindflydelse fra kolleger/medarbejdere?"
            ),
            Question(
                "relation_involvement", "Hvordan skal vi bruge og involvere MED/TRIO/HSU m.m.?"
            ),
        ),
    ),
)

QUESTIONS = {q.code: q.text for part in PARTS for q in part.questions}
ANSWER_FIELDS = tuple(QUESTIONS)

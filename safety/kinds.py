"""The kinds of concern a crisis answer is tailored to."""

from enum import Enum


class CrisisKind(str, Enum):
    """What a crisis message is about; the answer's wording and contacts follow from it.

    The values are stable identifiers: they appear in Rasa entities, audit counts
    and the reply wording file, so never rename one without migrating those.
    """

    SUICIDAL_THOUGHTS = "suicidal_thoughts"
    SELF_HARM = "self_harm"
    MEANS = "means_or_method"
    HARM_FROM_OTHERS = "harm_from_others"
    MEDICAL_EMERGENCY = "medical_emergency"
    WORRY_ABOUT_SOMEONE = "worry_about_someone"

# The Rasa entity that carries a CrisisKind from the NLU component to the actions.
CRISIS_KIND_ENTITY = "crisis_kind"

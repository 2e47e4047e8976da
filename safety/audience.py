"""Two things about a crisis message that change who is offered first.

- `suggests_young_person`: an age under 18, school, or a step-parent or a parent's
  partner said the way a child says it ("my stepdad", "my mum's boyfriend"). Then
  Childline comes first. A false "yes" costs little (Childline is one line more, and
  the adult services still follow); a miss puts a child's disclosure behind adult lines.
- `mentions_medicines`: medicines, tablets or an overdose. Then the answer says to call
  999 or 111 even if the person feels fine, because some poisonings harm late.

Plain regular expressions on the lower-cased text: no model, the same in Rasa and in
bot/'s fail-safe.
"""

from __future__ import annotations

import re

_AGE_WORDS = ("five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
              "sixteen seventeen").split()
_AGE = r"(?:[5-9]|1[0-7]|" + "|".join(_AGE_WORDS) + r")"

_YOUNG = [
    # "I'm 14", "im 15", "i am fifteen", "I'm only 13", "aged 12", "age 16"
    re.compile(rf"\b(?:i'?m|i am|am|im)\s+(?:only\s+|just\s+)?{_AGE}\b(?!\s*(?:%|percent|minutes|"
               r"hours|mins|days|weeks|months|pounds|quid|times|stone|kg|miles|pills|tablets|feet|ft|"
               r"metres|meters|floors|storeys|stops))"),
    re.compile(rf"\b(?:aged?|age of)\s+{_AGE}\b"),
    # "14 years old", "15yo", "13 y/o"
    re.compile(rf"\b{_AGE}\s*(?:years? old|yrs? old|yo|y/o|year old)\b"),
    # school as the speaker's own world
    re.compile(r"\b(?:my|at|in|from|to|after|before|skip(?:ping)?|hate)\s+(?:high\s+|primary\s+"
               r"|secondary\s+)?school\b"),
    re.compile(r"\b(?:my|our)\s+(?:guidance\s+|pe\s+|maths\s+|english\s+|form\s+|class\s+)?"
               r"teachers?\b"),
    re.compile(r"\b(?:in|i'?m in)\s+(?:year\s+(?:[1-9]|1[0-3])|s[1-6]|p[4-7]|primary\s+[4-7])\b"),
    re.compile(r"\bhomework\b|\bschool\s*(?:bus|uniform|trip)\b|\bplayground\b"),
    # step-parents and a parent's partner, the way a child names them
    re.compile(r"\bmy\s+step[\s-]?(?:dad|da|father|mum|mam|maw|mom|mother|parent)s?\b"),
    re.compile(r"\bmy\s+(?:mum|mam|maw|mom|mother|ma|dad|da|faither|father)'?s\s+"
               r"(?:new\s+)?(?:boyfriend|girlfriend|partner|fella|bloke|man)\b"),
    re.compile(r"\bmy\s+(?:foster\s+(?:mum|dad|carers?|parents?)|social\s+worker|"
               r"parents\s+(?:won'?t|don'?t|never)\s+let\s+me)\b"),
    re.compile(r"\b(?:my|our)\s+(?:big|wee|little|older|younger)\s+(?:brother|sister)\s+"
               r"(?:hits|touches|beats|hurts)\s+me\b"),
]

# Someone speaking about their own child: "my son's school", "my daughter is 14".
_PARENT_SPEAKING = re.compile(
    r"\bmy\s+(?:son|daughter|kids?|child|children|boy|girl|pupils?|students?)\b"
    r"|\bi'?m\s+a\s+(?:teacher|parent|mum|dad)\b|\bi\s+(?:work|teach)\s+(?:at|in)\b"
)

_MEDICINES = re.compile(
    r"\b(?:paracetamol|ibuprofen|aspirin|co-?codamol|codeine|tramadol|morphine|diazepam|"
    r"sertraline|citalopram|fluoxetine|mirtazapine|amitriptyline|lithium|quetiapine|"
    r"olanzapine|insulin|antidepressants?|painkillers?|sleeping\s+(?:pills|tablets)|"
    r"pills?|tablets?|meds|medicines?|medication|prescription|overdos(?:e|ed|ing)|"
    r"o\.?d(?:'?d|ed)?)\b"
)


def suggests_young_person(text: str) -> bool:
    """True when the words suggest the person writing is a child or young person."""
    lowered = _plain(text)
    if not any(p.search(lowered) for p in _YOUNG):
        return False
    return not _PARENT_SPEAKING.search(lowered)


def mentions_medicines(text: str) -> bool:
    """True when the message is about medicines, tablets or an overdose."""
    return bool(_MEDICINES.search(_plain(text)))


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())

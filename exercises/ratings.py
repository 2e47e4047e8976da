"""Before-and-after ratings, and how the change is put into words.

The scale is how strong the difficult feeling is, 0 (not at all) to 10 (the
strongest), so a lower number after means the feeling eased. The wording
reports the numbers and acknowledges them without praise: a number that did
not fall is not a failure, and praise for one that did would make it one.
"""

from __future__ import annotations

import re

RATING_QUESTION = (
    "On a scale of 0 to 10, how strong is what you're feeling right now? "
    "0 is not at all, 10 is the strongest."
)

_WORDS = {
    "zero": 0, "nought": 0, "none": 0, "nothing": 0, "one": 1, "two": 2, "three": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}
# "7", "7/10", "7 out of 10", "about 7", "seven", "a seven": one number, nothing else.
_RATING = re.compile(
    r"^(?:(?:about|around|maybe|a|an|like)\s+)?([a-z]+|\d+)"
    r"(?:\s*(?:/|out of|outta)\s*10)?[.!]?$"
)


class RatingError(ValueError):
    """Not a whole number from 0 to 10; the message is safe to show as it is."""


def parse_rating(value: object) -> int | None:
    """The 0-10 rating a person gave, or None when it isn't one.

    Accepts numbers and number words so that "seven" or "7/10" is not met with
    an error when the meaning is plain; anything vaguer is asked again.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= 10 else None
    if not isinstance(value, str):
        return None
    match = _RATING.match(value.strip().casefold())
    if not match:
        return None
    word = match.group(1)
    number = int(word) if word.isdigit() else _WORDS.get(word)
    return number if number is not None and 0 <= number <= 10 else None


def check_rating(value: object) -> int:
    """A valid rating, or RatingError with a kind message to show."""
    number = parse_rating(value)
    if number is None:
        raise RatingError("Please send a whole number from 0 to 10, like 3 or 7.")
    return number


def reflect_change(before: int, after: int) -> str:
    """One honest, gentle sentence or two about the change between two ratings."""
    before, after = check_rating(before), check_rating(after)
    if after < before:
        return (
            f"You were at {before} and now you're at {after}. "
            "It might be worth remembering what you did, for another time."
        )
    if after == before:
        return (
            f"You were at {before} and you're still at {after}. "
            "That's okay. Some days things don't shift, and it doesn't mean "
            "you did it wrong."
        )
    return (
        f"You were at {before} and now you're at {after}. "
        "That happens sometimes, and it isn't your fault. If it feels like too much, "
        "you can stop here, try something gentler, or type /sos for people you can "
        "talk to now."
    )

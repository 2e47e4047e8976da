"""What the person typed, made ready for Rasa: pure functions shared by Telegram and console.

Rasa reads a message that starts with "/" as an intent name (that is how
button payloads work), so free text must never start with one: otherwise
typing "/crisis{...}" or "/stop" would steer the dialogue past the NLU and the
crisis detector. Commands are mapped to their intents here instead.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.splitting import RASA_TEXT_LIMIT, truncate_for_rasa

# Commands answered by Rasa, and the intent each one sends.
COMMAND_INTENTS = {
    "start": "/greet",
    "menu": "/show_menu",
    "help": "/ask_help",
    "stop": "/stop",
    "exercises": "/browse_exercises",
    "groups": "/find_group",
    "plan": "/show_plan",
    "checkin": "/start_checkin",
    "mydata": "/ask_my_data",
    "privacy": "/ask_privacy",
}
# A shared location goes to Rasa as this intent, rounded to this many decimals: about
# 100 m, enough to find a town's groups, no closer to where the person lives.
LOCATION_INTENT = "/share_location"
LOCATION_DECIMALS = 3
# Commands answered by bot/ itself, so they work with Rasa down.
SOS_COMMANDS = ("sos", "crisis")

_DEEP_LINK = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,64})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Prepared:
    """Text to send to Rasa, and whether it had to be shortened."""

    text: str
    truncated: bool = False


def prepare_text(raw: str | None, limit: int = RASA_TEXT_LIMIT) -> Prepared:
    """Strip leading slashes and surrounding space, and cap the length."""
    text = (raw or "").strip().lstrip("/").strip()
    shortened, truncated = truncate_for_rasa(text, limit)
    return Prepared(shortened, truncated)


def deep_link_parameter(args: Sequence[str] | None) -> str | None:
    """The /start parameter from a t.me/<bot>?start=<param> link, if well formed.

    Telegram allows only A-Z, a-z, 0-9, _ and -, up to 64 characters; anything
    else did not come from a link and is dropped rather than passed on.
    """
    if not args or len(args) != 1:
        return None
    return args[0] if _DEEP_LINK.match(args[0]) else None


def split_command(text: str) -> tuple[str, str] | None:
    """("menu", "rest of the words") for "/menu@SomeBot rest of the words"; None if no command."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return match.group(1).lower(), (match.group(2) or "").strip()


def location_intent(latitude: float, longitude: float) -> str | None:
    """'/share_location{"latitude": 55.953, "longitude": -3.189}', or None if not on Earth."""
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (latitude, longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    where = {
        "latitude": round(float(latitude), LOCATION_DECIMALS),
        "longitude": round(float(longitude), LOCATION_DECIMALS),
    }
    return LOCATION_INTENT + json.dumps(where)

"""Every privacy statement the companion makes is true of how it runs.

The texts: domain.yml's responses, bot/'s own texts, the privacy notice (data/privacy/), the
crisis wording. None may promise what the code does not do ("no one reads", "stays between
us", end-to-end encryption); the notice names who can read what, Telegram, how to clear the
chat, a shared phone, and the retention days configured for both processes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot import texts
from bot.settings import Settings
from personal.privacy import (
    DEFAULT_CONVERSATION_DAYS,
    DEFAULT_PERSONAL_DAYS,
    NOTICE_FILE,
    Retention,
    privacy_notice,
    retention_from_env,
)

ROOT = Path(__file__).resolve().parents[2]
# Promises the code cannot keep: the service's operator can read the stores, Telegram
# carries the messages, and bot chats are not end-to-end encrypted.
FALSE_PROMISES = [
    re.compile(r"\b(no[- ]?one|nobody|naebody)( else)? (reads|can read|sees|can see|will see)",
               re.I),
    re.compile(r"stays? between us", re.I),
    re.compile(r"just for you|only you can", re.I),
    re.compile(r"(?<!not )\bend[- ]to[- ]end[- ]encrypted", re.I),
    re.compile(r"\b(completely|fully|totally|100%) (private|anonymous|confidential|secure)", re.I),
    re.compile(r"\bnever (shared|share|passed on)\b", re.I),
]
PERSON_ENV = {"PSEUDONYM_KEY": "k" * 32, "ALLOW_DEV_PSEUDONYM_KEY": "1"}


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, (list, tuple)):
        return [s for value in node for s in _strings(value)]
    return []


def every_text_the_companion_says() -> dict[str, str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    said = {f"domain {name}": text for name, variants in domain["responses"].items()
            for text in _strings(variants)}
    said.update({f"bot/texts {name}": text for name, value in vars(texts).items()
                 if name.isupper() for text in _strings(value)})
    crisis = yaml.safe_load((ROOT / "data/safety/crisis_replies.yml").read_text("utf-8"))
    said.update({f"crisis reply {i}": text for i, text in enumerate(_strings(crisis))})
    notice = yaml.safe_load(NOTICE_FILE.read_text(encoding="utf-8"))
    said.update({f"notice {name}": text for name, text in notice.items()})
    return said


def test_no_text_promises_what_the_code_does_not_do() -> None:
    said = every_text_the_companion_says()
    assert len(said) > 100
    broken = {where: pattern.pattern for where, text in said.items()
              for pattern in FALSE_PROMISES if pattern.search(text)}
    assert broken == {}


@pytest.mark.parametrize(
    ("env", "conversation", "personal"),
    [
        ({}, DEFAULT_CONVERSATION_DAYS, DEFAULT_PERSONAL_DAYS),
        ({"CONVERSATION_RETENTION_DAYS": "14", "PERSONAL_RETENTION_DAYS": "90"}, 14, 90),
        ({"CONVERSATION_RETENTION_DAYS": "1", "PERSONAL_RETENTION_DAYS": "3650"}, 1, 3650),
    ],
)
def test_the_days_in_the_notice_are_the_days_both_processes_are_configured_with(
    env: dict[str, str], conversation: int, personal: int
) -> None:
    bot_retention = Settings.from_env({**PERSON_ENV, **env}).retention
    action_server_retention = retention_from_env(env)
    assert bot_retention == action_server_retention == Retention(conversation, personal)
    notice = privacy_notice(action_server_retention)
    assert f"conversation is deleted after {conversation} days with no messages" in notice
    assert f"deleted after {personal} days unused" in notice
    assert re.findall(r"(\d+) days", notice) == [str(conversation), str(personal)]


@pytest.mark.parametrize(
    "env",
    [{"CONVERSATION_RETENTION_DAYS": "0"}, {"CONVERSATION_RETENTION_DAYS": "a month"},
     {"PERSONAL_RETENTION_DAYS": "7"}, {"PERSONAL_RETENTION_DAYS": "99999"}],
)
def test_malformed_retention_days_stop_both_processes_with_the_variable_named(
    env: dict[str, str]
) -> None:
    name = next(iter(env))
    with pytest.raises(ValueError, match=name):
        retention_from_env(env)
    with pytest.raises(ValueError, match=name):
        Settings.from_env({**PERSON_ENV, **env})


def test_the_notice_says_who_can_see_what_and_how_to_clear_the_chat() -> None:
    notice = privacy_notice(Retention())
    for fact in (
        "organisation that runs this service can read what I keep",
        "Telegram, a separate company, carries our messages",
        "not end-to-end encrypted",
        "required by law to share",
        "Deleting here doesn't delete the chat in Telegram",
        "Delete chat or Clear history",
        "shared phone",
        "delete my data",
    ):
        assert fact in notice


def test_the_notice_is_short_enough_for_a_phone() -> None:
    notice = privacy_notice(Retention(conversation_days=3650, personal_days=3650))
    assert len(notice) <= 1200
    assert all(len(line) <= 250 for line in notice.splitlines())


def test_is_bot_and_the_group_chat_text_point_to_privacy_without_promising() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    is_bot = domain["responses"]["utter_is_bot"][0]["text"]
    assert "can read what I keep" in is_bot and "/privacy" in is_bot
    assert "/privacy" in texts.GROUP_CHAT
    assert ("privacy", "Who can see what, and for how long") in texts.COMMANDS

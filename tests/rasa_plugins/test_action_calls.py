"""The compiled action response check gives Rasa's verdicts; the launcher installs it."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from rasa_plugins import action_calls

VALID = [
    {"events": [], "responses": []},
    {
        "events": [
            {"event": "slot", "name": "exercise_state", "value": {"phase": "intro", "step": 0}},
            {"event": "active_loop", "name": None},
        ],
        "responses": [{"text": "Paced breathing", "buttons": [{"title": "Go", "payload": "/x"}]}],
    },
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "name": 3}]},
    {"events": [], "responses": ["just text"]},
]


@pytest.fixture
def installed():
    action_calls.install()
    yield RemoteAction("action_test", None)
    action_calls.uninstall()


@pytest.mark.parametrize("result", VALID)
def test_a_valid_response_passes_both_checks(installed, result) -> None:
    assert installed._validate_action_result(result) is True
    assert action_calls._ORIGINAL(installed, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_response_fails_both_checks_with_rasas_message(installed, result) -> None:
    with pytest.raises(ValidationError) as ours:
        installed._validate_action_result(result)
    with pytest.raises(ValidationError) as rasas:
        action_calls._ORIGINAL(installed, result)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_the_rasa_launcher_installs_it(monkeypatch) -> None:
    from scripts import rasa_private

    monkeypatch.setattr(rasa_private.rasa_main, "main", lambda: None)
    # main() also sets the log redactor: put it back afterwards.
    monkeypatch.setattr(rasa_private.log_utils, "_anonymizer", rasa_private.log_utils._anonymizer)
    try:
        rasa_private.main()
        assert RemoteAction._validate_action_result is action_calls._validate_action_result
    finally:
        for plugin in rasa_private.PLUGINS:
            plugin.uninstall()

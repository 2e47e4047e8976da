"""Cheaper custom action calls inside the Rasa server: the response check compiled once.

Rasa 3.6 checks every action server response against its response schema with
`jsonschema.validate(result, schema)`, which first checks the schema itself against
the JSON Schema meta-schema and builds a new validator, on every call. The events
schema is large, so that meta-check cost about 20 ms of CPU per action call here
(profiled with `python -m scripts.scaled.profile_turn --cprofile --text ...`: 19 of
25 s for an exercise start, which makes four action calls), against about 1 ms for
checking the response alone. `install()` swaps in the same check with a validator
built once per process: the same schema, the same error (with Rasa's message) for an
invalid response, and the schema still checked, once, the first time.

Installed by the Rasa launcher (`scripts/rasa_private.py`) and by the profiler;
importing this module changes nothing.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Dict

from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_ORIGINAL = RemoteAction._validate_action_result


@cache
def _response_validator() -> Any:
    """Rasa's action response schema, checked once and compiled into a validator."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    """What `RemoteAction._validate_action_result` does, without the per-call schema check."""
    error = best_match(_response_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        f". Failed to validate Action server response from API, "
        f"make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Use the compiled check for every remote action call in this process (idempotent)."""
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def uninstall() -> None:
    """Rasa's own check again (tests)."""
    RemoteAction._validate_action_result = _ORIGINAL  # type: ignore[method-assign]

"""The rasa-sdk action server, with what people wrote kept out of its error answers and logs.

When an action raises, rasa-sdk answers HTTP 500 with `{"error": str(exception),
"request_body": <the whole tracker>}` and logs the exception with its message; Rasa then
writes that body into its own log. So one failing action would put the conversation's
text, the sender id and (through database errors) stored values into two logs. Here the
same server answers a failure with the exception's class alone and logs only the class
and where it was raised. Database engines also hide their parameters (`hide_parameters`).
Use exactly like `python -m rasa_sdk`: `python -m scripts.actions_private --actions actions`.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from rasa_sdk import __main__ as sdk_main
from rasa_sdk import endpoint
from sanic import response
from sanic.request import Request

_LOGGER = logging.getLogger(__name__)
_create_app = endpoint.create_app


async def answer_failure(_request: Request, exception: Exception) -> Any:
    """500 with the exception's class: enough for Rasa to fail the turn, nothing personal."""
    where = "".join(traceback.format_tb(exception.__traceback__, limit=-3))
    _LOGGER.error("action failed: %s\n%s", type(exception).__name__, where)
    return response.json({"error": type(exception).__name__}, status=500)


def private_app(*args: Any, **kwargs: Any) -> Any:
    """rasa-sdk's app, its catch-all error answer replaced by `answer_failure`."""
    app = _create_app(*args, **kwargs)
    app.error_handler.add(Exception, answer_failure)
    return app


def main() -> None:
    endpoint.create_app = private_app
    sdk_main.main()


if __name__ == "__main__":
    main()

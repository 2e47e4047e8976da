"""A small local stand-in for the Telegram Bot API, for driving bot/ end to end.

It is an aiohttp server on 127.0.0.1 (random port) answering ``/bot<token>/<method>``
the way Telegram does (``{"ok": true, "result": ...}`` with valid Message objects),
for the methods bot/ calls. Tests feed it update dicts, which the bot receives
through ``getUpdates`` long polling, and then assert on the recorded calls: the
exact texts and keyboards sent to each chat, callback answers, edits.

Use it as ``async with FakeTelegram() as telegram:`` and point the bot at
``telegram.base_url`` (TELEGRAM_BASE_URL) with ``telegram.token``.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web

from testkit.bot_api_wire import (
    SENDING_METHODS,
    ApiError,
    Call,
    Upload,
    decode_params,
    error_response,
    plain,
)
from testkit.loopback import serve_on_loopback

DEFAULT_TOKEN = "1234567:fake-bot-api-token"
BOT_USERNAME = "companion_test_bot"
BLOCKED = "Forbidden: bot was blocked by the user"


class FakeTelegram:
    """The fake Bot API server, its recorded calls, and its queue of updates."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.calls: list[Call] = []
        self.commands: list[dict[str, Any]] = []
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._failures: dict[str, list[tuple[int, str, int | None]]] = {}
        self.blocked: set[int] = set()
        self.delay_seconds = 0.0
        self._changed: asyncio.Condition | None = None
        self._closing: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.port: int | None = None

    # -- lifecycle ---------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner, self.port = await serve_on_loopback(app)
        return self

    async def stop(self) -> None:
        if self._closing is not None:
            self._closing.set()
            await self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """The API root to give the bot as TELEGRAM_BASE_URL."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Companion",
            "username": BOT_USERNAME,
        }

    # -- what tests do -----------------------------------------------------------------

    def feed(self, update: dict[str, Any]) -> int:
        """Queue an update for the bot's next getUpdates; returns its update_id."""
        update = dict(update)
        update.setdefault("update_id", next(self._update_ids))
        for key in ("message", "edited_message", "callback_query"):
            part = update.get(key)
            chat = (part or {}).get("chat") or ((part or {}).get("message") or {}).get("chat")
            if chat:
                self._chats[int(chat["id"])] = chat
        self._updates.append(update)
        task = asyncio.get_running_loop().create_task(self._notify())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return update["update_id"]

    def fail_next(
        self,
        method: str,
        error_code: int = 400,
        description: str = "Bad Request",
        retry_after: int | None = None,
    ) -> None:
        """Make the next call to `method` fail as Telegram would (429 with `retry_after`)."""
        failure = (error_code, description, retry_after)
        self._failures.setdefault(method.lower(), []).append(failure)

    def flood_next(self, method: str, retry_after: int = 1) -> None:
        """Telegram's flood control: the next call to `method` must wait `retry_after` s."""
        self.fail_next(method, 429, f"Too Many Requests: retry after {retry_after}", retry_after)

    def earlier_bot_message(
        self, chat_id: int, text: str, keyboard: list[list[dict[str, str]]] | None = None
    ) -> dict[str, Any]:
        """A message the bot sent before this test (say, before a restart), for button presses."""
        params: dict[str, Any] = {"chat_id": chat_id}
        if keyboard:
            params["reply_markup"] = {"inline_keyboard": keyboard}
        return self._store(params, {"text": text})

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.name == method.lower()]

    def sent_to(self, chat_id: int) -> list[Call]:
        """Messages and photos sent to `chat_id`, in order."""
        return [c for c in self.calls if c.name in SENDING_METHODS and c.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message as it stands now (after any edits)."""
        return self._messages[(chat_id, message_id)]

    def sent_messages(self, chat_id: int) -> list[dict[str, Any]]:
        """The Message objects sent to `chat_id`, current state, in order."""
        return [m for (chat, _), m in sorted(self._messages.items()) if chat == chat_id]

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `predicate()` holds, re-checking after every request."""
        assert self._changed is not None, "start() the fake first"
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def wait_for_sent(self, chat_id: int, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until at least `count` messages were sent to `chat_id`; return them all."""
        try:
            await self.wait_for(lambda: len(self.sent_to(chat_id)) >= count, timeout)
        except asyncio.TimeoutError:
            texts = [c.plain_text for c in self.sent_to(chat_id)]
            raise AssertionError(f"expected {count} messages to {chat_id}, got {texts}") from None
        return self.sent_to(chat_id)

    async def wait_for_calls(
        self, method: str, count: int = 1, timeout: float = 10.0
    ) -> list[Call]:
        try:
            await self.wait_for(lambda: len(self.calls_to(method)) >= count, timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"expected {count} {method} calls") from None
        return self.calls_to(method)

    async def settle(self, quiet_seconds: float = 0.3, timeout: float = 10.0) -> None:
        """Wait until the bot has made no call other than getUpdates for `quiet_seconds`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = [c for c in self.calls if c.name != "getupdates"]
            if not busy or time.monotonic() - busy[-1].at >= quiet_seconds:
                return
            await asyncio.sleep(quiet_seconds / 3)

    # -- the server --------------------------------------------------------------------

    async def _notify(self) -> None:
        if self._changed is not None:
            async with self._changed:
                self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return error_response(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            params = await decode_params(request)
        except ConnectionResetError:
            # The bot went away mid-request (shutting down): nothing to answer.
            return web.Response(status=499)
        if method.lower() != "getupdates":
            self.calls.append(Call(method, params))
            await self._notify()
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
        failures = self._failures.get(method.lower())
        if failures:
            return error_response(*failures.pop(0))
        if method.lower() in SENDING_METHODS and Call(method, params).chat_id in self.blocked:
            return error_response(403, BLOCKED)
        handler = getattr(self, f"_api_{method.lower()}", None)
        if handler is None:
            return error_response(404, "Not Found: method not found")
        try:
            result = await handler(params)
        except ApiError as exc:
            return error_response(exc.code, exc.description)
        return web.json_response({"ok": True, "result": result})

    async def _api_getupdates(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        assert self._changed is not None and self._closing is not None
        if not self._updates and timeout > 0 and not self._closing.is_set():
            try:
                async with self._changed:
                    await asyncio.wait_for(
                        self._changed.wait_for(
                            lambda: bool(self._updates) or self._closing.is_set()
                        ),
                        timeout,
                    )
            except asyncio.TimeoutError:
                pass
        return self._updates[:limit]

    async def _api_getme(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_sendmessage(self, params: Mapping[str, Any]) -> dict[str, Any]:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(plain(text, params).encode("utf-16-le")) // 2 > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._store(params, {"text": plain(text, params)})

    async def _api_sendphoto(self, params: Mapping[str, Any]) -> dict[str, Any]:
        photo = params.get("photo")
        if not photo:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        size = {
            "file_id": "photo-file-id",
            "file_unique_id": "photo-unique",
            "width": 1,
            "height": 1,
        }
        extra: dict[str, Any] = {"photo": [size]}
        if params.get("caption"):
            extra["caption"] = plain(params["caption"], params)
        return self._store(params, extra)

    async def _api_senddocument(self, params: Mapping[str, Any]) -> dict[str, Any]:
        document = params.get("document")
        if not isinstance(document, Upload) or not document.data:
            raise ApiError(400, "Bad Request: file must be non-empty")
        extra: dict[str, Any] = {
            "document": {
                "file_id": "document-file-id",
                "file_unique_id": "document-unique",
                "file_name": document.filename,
                "mime_type": document.content_type,
            }
        }
        if params.get("caption"):
            extra["caption"] = plain(params["caption"], params)
        return self._store(params, extra)

    async def _api_editmessagereplymarkup(self, params: Mapping[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        markup = params.get("reply_markup") or None
        if markup == message.get("reply_markup"):
            raise ApiError(400, "Bad Request: message is not modified")
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    async def _api_editmessagetext(self, params: Mapping[str, Any]) -> dict[str, Any]:
        message = self._find(params)
        message["text"] = plain(params.get("text", ""), params)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        return message

    async def _api_setmycommands(self, params: Mapping[str, Any]) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    async def _api_getmycommands(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return self.commands

    async def _api_deletemycommands(self, params: Mapping[str, Any]) -> bool:
        self.commands = []
        return True

    async def _api_getwebhookinfo(self, params: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "url": "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_true(self, params: Mapping[str, Any]) -> bool:
        return True

    _api_sendchataction = _api_true
    _api_answercallbackquery = _api_true
    _api_deletewebhook = _api_true
    _api_setwebhook = _api_true
    _api_close = _api_true
    _api_logout = _api_true

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self._chats:
            return self._chats[chat_id]
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": "Test"}
        return {"id": chat_id, "type": "group", "title": "Test group"}

    def _store(self, params: Mapping[str, Any], content: dict[str, Any]) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise ApiError(400, "Bad Request: chat not found")
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self.bot_user,
            **content,
        }
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _find(self, params: Mapping[str, Any]) -> dict[str, Any]:
        key = (params.get("chat_id"), params.get("message_id"))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self._messages[key]  # type: ignore[index]

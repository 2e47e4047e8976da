"""ALISS through a small local HTTP server: mapping, cache, attribution, fallback."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from common.clock import UK
from signposting.aliss import ATTRIBUTION, AlissClient, AlissSettings
from signposting.answer import answer

# The longest a held answer waits (only reached if the client under test ignores its timeout).
HOLD_LIMIT_SECONDS = 30.0

RECORD = {
    "id": "5a1b-sample",
    "name": "Sample Carers Drop-in Group",
    "description": "A SAMPLE record served by the test's own server.",
    "url": "https://example.org/dropin",
    "phone": "01382 000000",
    "email": "",
    "organisation": {"id": "o1", "name": "Sample Org", "aliss_url": "https://example.org/o1",
                     "is_claimed": True},
    "categories": [{"name": "Carers", "slug": "carers"}],
    "locations": [{"formatted_address": "1 Sample Road, Dundee, DD1 1XX",
                   "street_address": "1 Sample Road", "locality": "Dundee", "region": "",
                   "postal_code": "DD1 1XX", "latitude": 56.46, "longitude": -2.97}],
    "service_areas": [],
    "aliss_url": "https://www.aliss.org/services/5a1b-sample",
    "last_updated": "2026-10-01T10:00:00Z",
}


class _Handler(BaseHTTPRequestHandler):
    requests: list[dict] = []
    status = 200
    # Set: answer at once. Cleared by a test: hold the answer (the fixture sets it again,
    # and HOLD_LIMIT_SECONDS bounds a hold so a broken client cannot hang the suite).
    hold = threading.Event()

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        type(self).requests.append({"path": url.path, **parse_qs(url.query)})
        type(self).hold.wait(HOLD_LIMIT_SECONDS)
        body = json.dumps({"count": 1, "next": None, "data": [RECORD]}).encode()
        try:
            self.send_response(type(self).status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)
        except BrokenPipeError:  # the client gave up waiting, as it should
            pass

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    _Handler.requests, _Handler.status = [], 200
    _Handler.hold.set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.hold.set()
    httpd.shutdown()
    httpd.server_close()


def client(url: str, clock=time.monotonic, timeout: float = 2.0) -> AlissClient:
    return AlissClient(AlissSettings(enabled=True, url=url, timeout=timeout), clock=clock)


def test_it_is_off_by_default() -> None:
    assert AlissSettings.from_env({}).enabled is False
    assert AlissSettings.from_env({"ALISS_ENABLED": "1"}).enabled is True
    off = AlissClient(AlissSettings())
    assert off.search("carers", "DD1") is None


def test_it_asks_by_topic_and_postcode_district_and_maps_the_record(server) -> None:
    services = client(server).search("carers", "DD1", "carers")
    assert _Handler.requests[0]["path"] == "/v5/services/"
    assert _Handler.requests[0]["q"] == ["carers"] and _Handler.requests[0]["postcode"] == ["DD1"]
    (service,) = services
    assert service.topics[0] == "carers" and service.service_area == ("dundee_city",)
    assert service.kind == "group" and service.verified == "aliss"
    assert service.phones[0].number == "01382 000000"
    assert service.source == RECORD["aliss_url"] and service.checked.isoformat() == "2026-10-01"
    assert not service.hours.known  # ALISS publishes no opening hours
    assert service.attribution == ATTRIBUTION


def test_answers_are_kept_for_a_day(server) -> None:
    now = [0.0]
    aliss = client(server, clock=lambda: now[0])
    aliss.search("carers", "DD1")
    now[0] = 23 * 3600
    aliss.search("carers", "DD1")
    assert len(_Handler.requests) == 1
    now[0] = 25 * 3600
    aliss.search("carers", "DD1")
    assert len(_Handler.requests) == 2


def test_a_slow_answer_falls_back(server) -> None:
    """The server holds its answer until the test ends: only the client's timeout can end
    the search, so an answer (not None) would mean the client waited it out."""
    _Handler.hold.clear()
    assert client(server, timeout=0.2).search("carers", "DD1") is None
    assert len(_Handler.requests) == 1


def test_an_error_or_no_server_falls_back(server) -> None:
    _Handler.status = 500
    assert client(server).search("carers", "DD1") is None
    assert client("http://127.0.0.1:9").search("carers", "DD1") is None


def test_live_results_rank_first_with_the_attribution_line(server) -> None:
    at = datetime(2026, 11, 23, 14, 0, tzinfo=UK)
    slots = {"support_topic": "carers", "support_place": "town:Dundee"}
    page = answer(slots, 0, at, client(server))
    assert page.shown[0] == "aliss_5a1b_sample"
    assert "Sample Carers Drop-in Group" in page.text and ATTRIBUTION in page.text
    assert "Here's support for carers in Dundee" in page.text


def test_without_aliss_the_local_directory_answers(server) -> None:
    _Handler.status = 503
    at = datetime(2026, 11, 23, 14, 0, tzinfo=UK)
    page = answer({"support_topic": "carers", "support_place": "town:Dundee"}, 0, at,
                  client(server))
    assert page.shown[0] == "carers_centres" and ATTRIBUTION not in page.text

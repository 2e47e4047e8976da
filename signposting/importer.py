"""Load an organisation's own directory: an Open Referral UK JSON export, or a CSV.

An organisation deploying the bot knows its local groups better than any
national list. This turns their export into the same YAML model as
data/resources/*.yml, which is then checked by the same schema on load:

    .venv/bin/python -m signposting.importer export.json --out data/resources/local.yml \\
        --source https://example.org/directory --checked 2026-11-23

Open Referral UK: a list of services (or a page `{"content": [...]}`), each with
`organization`, `contacts[].phones[]`, `regular_schedules[]` (weekday 1-7 or
byday "MO,TU", opens_at, closes_at), `service_at_locations[].location`
(physical_addresses, latitude, longitude), `service_areas[]` and
`service_taxonomys[].taxonomy.name`. Topics and council areas are read from
those words with the same rules the conversation uses.

CSV columns (a header row; lists separated by ";"): organisation,
organisation_url, service, kind, description, topics, modes, area, url, phone,
email, schedule ("mon;thu 19:00-21:00"), location, town, postcode, source,
checked. Empty cells are left out. Imported entries are marked
`verified: imported`: what the export says, as the organisation published it.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import yaml

from common.opening_hours import WEEKDAYS
from signposting.model import KINDS, MODES
from signposting.places import read_place
from signposting.understanding import GENERAL, read_request

_BYDAY = {"MO": "mon", "TU": "tue", "WE": "wed", "TH": "thu", "FR": "fri", "SA": "sat",
          "SU": "sun"}
_GROUP_WORDS = ("group", "meeting", "peer support", "mutual aid", "club", "cafe", "shed")


def slug(text: Any, prefix: str) -> str:
    """A lower_snake_case id from any identifier (UUIDs included), behind a prefix."""
    return prefix + re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def phone_number(raw: Any) -> str | None:
    """A UK number as digits and spaces (the publisher's spacing kept), or None."""
    text = " ".join(re.sub(r"[^\d ]", "", str(raw or "").replace("+44", "0 ")).split())
    text = re.sub(r"^0 (\d)", r"0\1", text)
    digits = text.replace(" ", "")
    if not 3 <= len(digits) <= 11:
        return None
    if " " in text:
        return text
    if len(digits) <= 6:
        return digits if len(digits) <= 4 else f"{digits[:3]} {digits[3:]}"
    return f"{digits[:4]} {digits[4:7]} {digits[7:]}".strip()


def topics_from(words: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in words:
        for topic in read_request(text).topics:
            if topic not in found:
                found.append(topic)
    if len(found) > 1 and GENERAL in found:
        found.remove(GENERAL)
    return found or [GENERAL]


def areas_from(words: Iterable[str]) -> list[str]:
    found: list[str] = []
    for text in words:
        place = read_place(text) if text else None
        for area in place.areas if place else ():
            if area not in found:
                found.append(area)
    return found


# ---------------------------------------------------------------- Open Referral UK
def from_open_referral(data: Any, source: str, checked: date) -> list[dict]:
    """Organisations with their services, in the directory's YAML shape."""
    services = data.get("content", data.get("items")) if isinstance(data, dict) else data
    if not isinstance(services, list):
        raise ValueError("expected a list of services or a page with 'content'")
    organisations: dict[str, dict] = {}
    for raw in services:
        org = raw.get("organization") or raw.get("organisation") or {}
        org_id = slug(org.get("id") or org.get("name") or raw.get("id"), "org_")
        entry = organisations.setdefault(org_id, {
            "id": org_id, "name": org.get("name") or raw["name"], "services": [],
            **({"url": org["url"]} if org.get("url") else {}),
        })
        entry["services"].append(_oruk_service(raw, source, checked))
    return list(organisations.values())


def _oruk_service(raw: dict, source: str, checked: date) -> dict:
    locations = [sal.get("location") or {} for sal in raw.get("service_at_locations") or ()]
    taxonomy = [(t.get("taxonomy") or {}).get("name", "") for t in
                raw.get("service_taxonomys") or ()]
    phones = [p.get("number") for c in raw.get("contacts") or () for p in c.get("phones") or ()]
    phones += [p.get("number") for p in raw.get("phones") or ()]
    numbers = list(dict.fromkeys(n for n in map(phone_number, phones) if n))
    place_words = [a.get("name", "") if isinstance(a, dict) else str(a)
                   for a in (s.get("service_area") for s in raw.get("service_areas") or ())]
    located = [_oruk_location(loc) for loc in locations]
    located = [loc for loc in located if loc]
    areas = areas_from(place_words) or [loc["area"] for loc in located]
    text = " ".join([raw.get("name", ""), *taxonomy]).lower()
    modes = (["in_person"] if located else []) + (["phone"] if numbers else [])
    if raw.get("url") or not modes:
        modes.append("online")
    service: dict[str, Any] = {
        "id": slug(raw.get("id") or raw["name"], "oruk_"),
        "name": raw["name"],
        "kind": "group" if any(w in text for w in _GROUP_WORDS) else
                ("local_service" if located else "online"),
        "description": shorten(raw.get("description") or raw["name"]),
        "topics": topics_from([raw.get("name", ""), *taxonomy, raw.get("description") or ""]),
        "modes": modes,
        "service_area": list(dict.fromkeys(areas)) or "scotland",
        "source": source,
        "checked": checked,
        "verified": "imported",
    }
    if raw.get("url"):
        service["url"] = raw["url"]
    if raw.get("email"):
        service["email"] = raw["email"]
    if numbers:
        service["phones"] = [{"number": n} for n in numbers]
    schedule = _oruk_schedule(raw.get("regular_schedules") or [])
    if schedule:
        service["schedule"] = schedule
    if located:
        service["locations"] = located
    return service


def _oruk_location(raw: dict) -> dict | None:
    addresses = raw.get("physical_addresses") or raw.get("physical_address") or []
    address = addresses[0] if addresses else {}
    postcode = (address.get("postal_code") or "").upper().split(" ")[0] or None
    words = [address.get("city") or "", postcode or "", raw.get("name") or ""]
    areas = areas_from(words)
    if not areas:
        return None
    location: dict[str, Any] = {"name": raw.get("name") or address.get("city") or "",
                                "area": areas[0]}
    if address.get("city"):
        location["town"] = address["city"]
    if postcode:
        location["postcode"] = postcode
    for key in ("latitude", "longitude"):
        if isinstance(raw.get(key), (int, float)):
            location[key] = float(raw[key])
    return location


def _oruk_schedule(rules: list[dict]) -> list[dict]:
    schedule: list[dict] = []
    for rule in rules:
        if rule.get("byday"):
            days = [_BYDAY[d.strip()[-2:]] for d in str(rule["byday"]).split(",")
                    if d.strip()[-2:] in _BYDAY]
        elif isinstance(rule.get("weekday"), int) and 1 <= rule["weekday"] <= 7:
            days = [WEEKDAYS[rule["weekday"] - 1]]
        else:
            continue
        opens, closes = str(rule.get("opens_at", ""))[:5], str(rule.get("closes_at", ""))[:5]
        if days and re.match(r"^\d\d:\d\d$", opens) and re.match(r"^\d\d:\d\d$", closes):
            schedule.append({"days": days, "opens": opens, "closes": closes})
    return schedule


# ---------------------------------------------------------------- CSV
def from_csv(path: Path, source: str, checked: date) -> list[dict]:
    organisations: dict[str, dict] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            row = {k: (v or "").strip() for k, v in row.items() if k}
            org_id = slug(row["organisation"], "org_")
            entry = organisations.setdefault(org_id, {
                "id": org_id, "name": row["organisation"], "services": [],
                **({"url": row["organisation_url"]} if row.get("organisation_url") else {}),
            })
            entry["services"].append(_csv_service(row, source, checked))
    return list(organisations.values())


def _csv_service(row: dict, source: str, checked: date) -> dict:
    split = [p.strip() for p in row.get("topics", "").split(";") if p.strip()]
    modes = [m.strip() for m in row.get("modes", "").split(";") if m.strip() in MODES]
    number = phone_number(row.get("phone"))
    areas = areas_from([a for a in row.get("area", "").split(";")]) if \
        row.get("area", "").lower() not in ("", "scotland") else []
    service: dict[str, Any] = {
        "id": slug(f"{row['organisation']} {row['service']}", "csv_"),
        "name": row["service"],
        "kind": row["kind"] if row.get("kind") in KINDS else "local_service",
        "description": shorten(row.get("description") or row["service"]),
        "topics": topics_from(split + [row["service"]]),
        "modes": modes or ["in_person"],
        "service_area": areas or "scotland",
        "source": row.get("source") or source,
        "checked": date.fromisoformat(row["checked"]) if row.get("checked") else checked,
        "verified": "imported",
    }
    for key in ("url", "email"):
        if row.get(key):
            service[key] = row[key]
    if number:
        service["phones"] = [{"number": number}]
    elif "phone" in service["modes"]:
        service["modes"].remove("phone")
    schedule = _csv_schedule(row.get("schedule", ""))
    if schedule:
        service["schedule"] = schedule
    if row.get("location") and areas:
        location = {"name": row["location"], "area": areas[0]}
        if row.get("town"):
            location["town"] = row["town"]
        if row.get("postcode"):
            location["postcode"] = row["postcode"].upper().split(" ")[0]
        service["locations"] = [location]
    return service


def _csv_schedule(text: str) -> list[dict]:
    """'mon;thu 19:00-21:00, sat 10:00-12:00' -> weekly rules."""
    rules = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = re.match(r"^([a-z;]+)\s+(\d\d:\d\d)-(\d\d:\d\d)$", part.lower())
        if match:
            days = [d for d in match.group(1).split(";") if d in WEEKDAYS]
            rules.append({"days": days, "opens": match.group(2), "closes": match.group(3)})
    return rules


def shorten(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def write_yaml(organisations: list[dict], path: Path, source: str) -> None:
    header = (f"# Imported with signposting.importer from {source}.\n"
              "# verified: imported: as the organisation published it; recheck yearly.\n")
    body = yaml.safe_dump({"organisations": organisations}, sort_keys=False,
                          allow_unicode=True, width=100)
    path.write_text(header + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, help="an Open Referral UK .json export or a .csv")
    parser.add_argument("--out", type=Path, required=True, help="YAML file to write")
    parser.add_argument("--source", required=True, help="where the export came from (URL)")
    parser.add_argument("--checked", type=date.fromisoformat, default=date.today(),
                        help="the date the export was taken (default: today)")
    args = parser.parse_args(argv)
    if args.input.suffix.lower() == ".csv":
        organisations = from_csv(args.input, args.source, args.checked)
    else:
        data = json.loads(args.input.read_text(encoding="utf-8"))
        organisations = from_open_referral(data, args.source, args.checked)
    write_yaml(organisations, args.out, args.source)
    count = sum(len(o["services"]) for o in organisations)
    print(f"wrote {count} services from {len(organisations)} organisations to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

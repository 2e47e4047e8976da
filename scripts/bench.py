"""The benchmark (`make bench`): this bot against Rasa's own starter bot, on this machine.

1. Starts the project's stack (action server + Rasa, scripts.stack) on free ports with
   throwaway databases, and times how long Rasa takes to answer.
2. Drives simulated people through the REST channel with issue 16's mix ("hello",
   "I feel anxious", "can we do a breathing exercise", "find a group for carers in
   Fife", "thanks"; each message a new conversation) at 1 and 10 at once; the same
   mix with one held-out crisis message in ten at 10 at once (crisis p95); then
   through bot/ (python-telegram-bot polling a local fake Telegram server) at 1 and
   20 with a realistic mix (greetings, exercises, searches, check-ins, ~10% crisis).
3. Reads the resident memory of each process.
4. Creates Rasa's starter bot (`rasa init --no-prompt`) in a temporary folder, trains
   it there, serves it, and runs the same issue-mix REST load, printing the ratio
   (messages per second and p95 of this bot over the starter bot's).
5. Writes var/bench/bench-<time>.json and .md (markdown tables: every run; per message
   type at one person, both bots; the ratio; issue 16's targets, met or not) and
   prints them.

    python -m scripts.bench [--total 300] [--skip-starter] [--skip-bot]

A measurement, not a test: the figures depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import subprocess
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scripts.bench_load import ISSUE_MIX, Result, bot_load, crisis_mix, rest_load, rss_mb
from scripts.stack import ROOT, STACK_KEYS, VENV_BIN, Stack, free_port

OUT_DIR = ROOT / "var" / "bench"
MIX_LEVELS = (1, 10)  # people at once, issue 16's mix, both bots
CRISIS_LEVEL = 10
BOT_LEVELS = (1, 20)
WARM_UP = 20


def fresh_env(var_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in STACK_KEYS}
    env.update(RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()), VAR_DIR=str(var_dir))
    env.update(extra)
    return env


def timed_start(stack: Stack) -> float:
    started = time.monotonic()
    stack.start()
    return round(time.monotonic() - started, 1)


async def measure(
    rasa_url: str, total: int, bot_levels: tuple[int, ...], crisis: bool = True
) -> list[Result]:
    """Issue 16's mix at each level (then with crisis), then bot/ levels.

    A warm-up first, so that lazily built parts are ready.
    """
    mix = list(ISSUE_MIX)
    await rest_load(rasa_url, 2, WARM_UP, "warm-up", mix, new_conversation_each=True)
    results = []
    for people in MIX_LEVELS:
        print(f"  REST, issue mix, {people} at once...", flush=True)
        results.append(await rest_load(
            rasa_url, people, total, f"mix x{people}", mix, new_conversation_each=True))
    if crisis:
        print(f"  REST, issue mix with crisis, {CRISIS_LEVEL} at once...", flush=True)
        results.append(await rest_load(
            rasa_url, CRISIS_LEVEL, total, f"mix+crisis x{CRISIS_LEVEL}", crisis_mix(),
            new_conversation_each=True))
    for people in bot_levels:
        print(f"  bot/, {people} at once...", flush=True)
        results.append(await bot_load(rasa_url, people, total // 2, f"bot/ x{people}"))
    return results


def run_ours(total: int, work: Path, bot_levels: tuple[int, ...] = BOT_LEVELS) -> dict[str, Any]:
    print("Starting this project's stack...", flush=True)
    stack = Stack(fresh_env(work / "ours"))
    ready = timed_start(stack)
    try:
        results = asyncio.run(measure(stack.rasa_url, total, bot_levels))
        memory = {
            "rasa_mb": rss_mb(stack.rasa.process.pid if stack.rasa.process else None),
            "actions_mb": rss_mb(stack.actions.process.pid if stack.actions.process else None),
            "bench_and_bot_mb": rss_mb(os.getpid()),
        }
    finally:
        stack.stop()
    return {"ready_seconds": ready, "results": [r.summary() for r in results], "memory": memory}


def run_starter(total: int, work: Path) -> dict[str, Any]:
    """Rasa's own starter bot, created and trained in `work`, under the same REST load."""
    project = work / "starter"
    project.mkdir()  # `rasa init --no-prompt` wants the folder to exist
    print("Creating and training Rasa's starter bot (rasa init)...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
        cwd=work, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"},
    )
    trained = round(time.monotonic() - started, 1)
    stack = Stack(fresh_env(work / "starter-var", RASA_MODEL=str(project / "models")))
    stack.servers = [stack.rasa]  # the starter bot has no custom actions
    ready = timed_start(stack)
    try:
        results = asyncio.run(measure(stack.rasa_url, total, (), crisis=False))
        memory = {"rasa_mb": rss_mb(stack.rasa.process.pid if stack.rasa.process else None)}
    finally:
        stack.stop()
    return {
        "init_and_train_seconds": trained,
        "ready_seconds": ready,
        "results": [r.summary() for r in results],
        "memory": memory,
    }


def ratios(ours: dict[str, Any], starter: dict[str, Any]) -> dict[str, Any]:
    """Ours divided by the starter bot's, per run both had (throughput: >1 is better)."""
    theirs = {r["name"]: r for r in starter["results"]}
    out = {}
    for mine in ours["results"]:
        other = theirs.get(mine["name"])
        if other and other["throughput_msg_s"] and other["p95_ms"]:
            out[mine["name"]] = {
                "throughput": round(mine["throughput_msg_s"] / other["throughput_msg_s"], 2),
                "p95": round(mine["p95_ms"] / other["p95_ms"], 2),
            }
    return out


COLUMNS = (
    ("run", "name"), ("sent", "sent"), ("lost", "lost"), ("errors", "errors"),
    ("empty", "empty_replies"),
    ("msg/s", "throughput_msg_s"), ("p50 ms", "p50_ms"), ("p95 ms", "p95_ms"),
    ("p99 ms", "p99_ms"), ("crisis p95 ms", "crisis_p95_ms"), ("crisis sent", "crisis_sent"),
    ("crisis with 999", "crisis_with_999"),
)


def table(report: dict[str, Any]) -> str:
    lines = [
        f"Benchmark {report['when']} on {report['machine']}; load average at start "
        f"{report['load_at_start']}, at end {report.get('load_at_end')} (the machine was "
        "shared with other work: figures are a lower bound)",
        "",
        "| bot | " + " | ".join(title for title, _ in COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    for label in ("ours", "starter"):
        for row in (report.get(label) or {}).get("results", []):
            cells = ["—" if row.get(key) is None else str(row[key]) for _, key in COLUMNS]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("")
    for label in ("ours", "starter"):
        part = report.get(label)
        if part:
            extra = {k: v for k, v in part.items() if k != "results"}
            lines.append(f"- {label}: {json.dumps(extra)}")
    if report.get("ratio"):
        lines.append(f"- ours / starter: {json.dumps(report['ratio'])}")
    lines += ["", *per_type_table(report), "", *ratio_lines(report), "", *target_lines(report)]
    return "\n".join(lines) + "\n"


ONE_PERSON = f"mix x{MIX_LEVELS[0]}"


def _run(report: dict[str, Any], label: str, name: str) -> dict[str, Any] | None:
    return next((r for r in (report.get(label) or {}).get("results", [])
                 if r["name"] == name), None)


def per_type_table(report: dict[str, Any]) -> list[str]:
    """p50/p95 per message type of issue 16's mix, one person at a time, both bots."""
    ours, starter = _run(report, "ours", ONE_PERSON), _run(report, "starter", ONE_PERSON)
    if not ours:
        return []
    lines = ["One person at a time, per message type (REST, each a new conversation):", "",
             "| message | ours p50 ms | ours p95 ms | starter p50 ms | starter p95 ms |",
             "|---|---|---|---|---|"]
    for message in ISSUE_MIX:
        mine = ours["by_kind"].get(message.kind) or {}
        theirs = (starter or {}).get("by_kind", {}).get(message.kind) or {}
        cells = [mine.get("p50_ms"), mine.get("p95_ms"), theirs.get("p50_ms"),
                 theirs.get("p95_ms")]
        lines.append(f"| {message.text} | " + " | ".join(
            "—" if cell is None else str(cell) for cell in cells) + " |")
    return lines


def ratio_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for name, ratio in (report.get("ratio") or {}).items():
        lines.append(f"- {name}: this bot does {ratio['throughput']}x the starter bot's "
                     f"messages per second, at {ratio['p95']}x its p95")
    return lines


def target_lines(report: dict[str, Any]) -> list[str]:
    """Issue 16's targets against this run: measured here, never asserted by a test."""
    def verdict(ok: bool | None) -> str:
        return "not measured" if ok is None else ("met" if ok else "NOT met")

    ten = (report.get("ratio") or {}).get(f"mix x{MIX_LEVELS[-1]}")
    ours_one = _run(report, "ours", ONE_PERSON)
    crisis = _run(report, "ours", f"mix+crisis x{CRISIS_LEVEL}")
    runs = (report.get("ours") or {}).get("results", [])
    worst_type = max((kind["p95_ms"] or 0 for kind in (ours_one or {}).get(
        "by_kind", {}).values()), default=None) if ours_one else None
    rasa_mb = ((report.get("ours") or {}).get("memory") or {}).get("rasa_mb")
    checks = [
        ("at 10 at once, >= 1.5x the starter bot's msg/s",
         None if not ten else ten["throughput"] >= 1.5),
        ("at 10 at once, p95 <= the starter bot's", None if not ten else ten["p95"] <= 1),
        (f"one person, every message type p95 < 150 ms (worst {worst_type})",
         None if worst_type is None else worst_type < 150),
        (f"crisis p95 < 150 ms at 10 at once ({(crisis or {}).get('crisis_p95_ms')})",
         None if not crisis or crisis["crisis_p95_ms"] is None
         else crisis["crisis_p95_ms"] < 150),
        ("nothing lost, no errors, no empty answer", None if not runs else all(
            not (r["lost"] or r["errors"] or r["empty_replies"]) for r in runs)),
        (f"Rasa resident memory < 1.1 GB ({rasa_mb} MB)",
         None if rasa_mb is None else rasa_mb < 1126),
    ]
    return ["Issue 16's targets in this run:", ""] + [
        f"- {what}: {verdict(ok)}" for what, ok in checks]


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: how busy the machine was besides this."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total", type=int, default=300, help="messages per REST level")
    parser.add_argument("--skip-starter", action="store_true")
    parser.add_argument("--skip-bot", action="store_true", help="no runs through bot/")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if not list((ROOT / "models").glob("*.tar.gz")):
        raise SystemExit("No trained model: run `make train` first.")
    report: dict[str, Any] = {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} CPUs, {platform.machine()}, Python "
        f"{platform.python_version()}",
        "load_at_start": load_average(),
    }
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        report["ours"] = run_ours(args.total, work, () if args.skip_bot else BOT_LEVELS)
        write(report, stamp)  # kept even if the starter bot fails
        if not args.skip_starter:
            report["starter"] = run_starter(args.total, work)
            report["ratio"] = ratios(report["ours"], report["starter"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write(report, stamp)
    print(table(report))
    print(f"Written to {OUT_DIR}/bench-{stamp}.json and .md")


def write(report: dict[str, Any], stamp: str) -> None:
    report["load_at_end"] = load_average()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    (OUT_DIR / f"bench-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    (OUT_DIR / f"bench-{stamp}.md").write_text(table(report))


if __name__ == "__main__":
    main()

"""The benchmark's code path on tiny numbers, against a stand-in Rasa (no timing asserted)."""

from __future__ import annotations

from scripts import bench
from scripts.bench_load import ISSUE_MIX, crisis_mix
from tests.support.fake_rasa import FakeRasa


def _answer(body: dict) -> list[dict]:
    return [{"text": f"you said {body['message']}; 999"}]


async def test_the_issue_mix_runs_each_message_as_a_new_conversation() -> None:
    async with FakeRasa(_answer) as rasa:
        results = await bench.measure(rasa.url, total=12, bot_levels=())
    names = [r.name for r in results]
    assert names == ["mix x1", "mix x10", "mix+crisis x10"]
    mix_runs = [r for r in rasa.requests if r["message"] in {m.text for m in ISSUE_MIX}]
    senders = [r["sender"] for r in rasa.requests]
    assert len(set(senders)) == len(senders)  # every message a new conversation
    assert len(mix_runs) >= 2 * 12
    one = results[0].summary()
    assert set(one["by_kind"]) == {m.kind for m in ISSUE_MIX}
    assert one["sent"] == 12 and one["lost"] == 0
    assert results[2].summary()["crisis_sent"] >= 1


def test_the_crisis_mix_is_one_crisis_message_in_ten() -> None:
    mix = crisis_mix()
    assert len([m for m in mix if m.kind == "crisis"]) * 10 == len(mix)


async def test_the_report_has_every_table_and_the_ratio() -> None:
    async with FakeRasa(_answer) as rasa:
        ours = [r.summary() for r in await bench.measure(rasa.url, 10, ())]
        starter = [r.summary() for r in await bench.measure(rasa.url, 10, (), crisis=False)]
    report = {
        "when": "now", "machine": "test", "load_at_start": "0", "load_at_end": "0",
        "ours": {"results": ours, "memory": {"rasa_mb": 900.0}},
        "starter": {"results": starter, "memory": {"rasa_mb": 900.0}},
    }
    report["ratio"] = bench.ratios(report["ours"], report["starter"])
    assert set(report["ratio"]) == {"mix x1", "mix x10"}
    text = bench.table(report)
    for message in ISSUE_MIX:
        assert f"| {message.text} |" in text
    assert "this bot does" in text and "messages per second" in text
    assert "Issue 16's targets in this run:" in text

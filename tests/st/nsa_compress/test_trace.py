"""The example's --trace FILE: the simulator's modeled timeline of the launch as a Chrome trace.

Checks the structure a trace viewer (chrome://tracing, Perfetto) relies on: a traceEvents list;
one process per core of the launch, named; in each the threads SCALAR, VECTOR, MTE2, MTE3 and
FLOWCTRL, named; complete events (ph X) with a start and a non-negative duration on a named
thread; flow events in pairs, each start (ph s) with exactly one finish (ph f) of its id, on the
same core and not before it. And that the trace is the launch's: its last event ends when the
report's modeled kernel time does.
"""
import json

import pytest

from .cases import LegalCase
from ..nsa_harness.example import with_flag
from .test_cli import assert_refused, prepared, run_case_arguments

THREADS = {"SCALAR", "VECTOR", "MTE2", "MTE3", "FLOWCTRL"}
# Several windows per sequence and several sequences, so that the launch uses several cores and
# each streams more than one tile.
CASE = LegalCase(name="trace", dtype="float16", N=4, D=32, l=32, d=16, lengths=(200, 96, 160), seq_type=1, seed=5)


def load_trace(case, tmp_path):
    _, _, arguments = prepared(case, tmp_path)
    trace_file = tmp_path / "trace.json"
    result = run_case_arguments(case, with_flag(arguments, "--trace", str(trace_file)), tmp_path)
    assert result.returncode == 0, f"{result.command}\n{result.describe()}"
    return json.loads(trace_file.read_text()), result.report


def test_trace_has_a_process_per_core_a_thread_per_pipe_and_matched_flows(example_binary, tmp_path):
    trace, report = load_trace(CASE, tmp_path)
    cores = report["launch"]["blockDim"]
    assert cores > 1, "the case should use several cores"
    events = trace["traceEvents"]
    assert isinstance(events, list) and events

    processes = {e["pid"]: e["args"]["name"] for e in events if e["ph"] == "M" and e["name"] == "process_name"}
    assert processes == {c: f"core {c}" for c in range(cores)}
    threads = {}
    for e in events:
        if e["ph"] == "M" and e["name"] == "thread_name":
            threads.setdefault(e["pid"], {})[e["tid"]] = e["args"]["name"]
    assert set(threads) == set(range(cores))
    for pid, names in threads.items():
        assert sorted(names.values()) == sorted(THREADS), f"core {pid}: {names}"

    complete = [e for e in events if e["ph"] == "X"]
    for e in complete:
        assert e["tid"] in threads[e["pid"]], e
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
        assert isinstance(e["dur"], (int, float)) and e["dur"] >= 0, e
    busy = {threads[e["pid"]][e["tid"]] for e in complete}
    assert {"SCALAR", "VECTOR", "MTE2", "MTE3", "FLOWCTRL"} <= busy

    starts = [e for e in events if e["ph"] == "s"]
    finishes = {}
    for e in events:
        if e["ph"] == "f":
            assert e["id"] not in finishes, f"two flow finishes with id {e['id']}"
            finishes[e["id"]] = e
    assert starts, "no flag or queue hand-over in the trace"
    assert len({s["id"] for s in starts}) == len(starts), "two flow starts share an id"
    assert {s["id"] for s in starts} == set(finishes), "flow starts and finishes do not pair up"
    for s in starts:
        f = finishes[s["id"]]
        assert (f["pid"], f["cat"], f["name"]) == (s["pid"], s["cat"], s["name"]), (s, f)
        assert f["ts"] >= s["ts"], (s, f)
        assert s["tid"] in threads[s["pid"]] and f["tid"] in threads[f["pid"]], (s, f)

    end_us = max(e["ts"] + e["dur"] for e in complete)
    assert end_us == pytest.approx(report["launch"]["modeled_seconds"] * 1e6, rel=1e-6)


def test_an_empty_trace_file_name_is_refused(example_binary, tmp_path):
    _, _, arguments = prepared(CASE, tmp_path)
    assert_refused(run_case_arguments(CASE, with_flag(arguments, "--trace", ""), tmp_path), "--trace")

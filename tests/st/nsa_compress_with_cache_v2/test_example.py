"""The example's demo: a prefill and a decode step, K and V; its printed rows are what the
contract gives for its constant tokens and weights (K rows 1, V rows 2, the unnamed row 0)."""
import subprocess

from ..nsa_harness import example
from ..nsa_harness.example import parse_report


def test_demo_writes_the_new_windows_of_both_pools_and_keeps_the_other_row(example_binary):
    done = subprocess.run([str(example_binary)], capture_output=True, text=True, timeout=example.TIMEOUT_SECONDS,
                          env=example.environment())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    expected = [f"{name} cache row {row} starts with: {value:f}" for name, written in (("K", 1.0), ("V", 2.0))
                for row, value in enumerate((written, written, written, 0.0))]
    assert lines[:8] == expected, done.stdout
    report = parse_report(done.stdout)
    assert report["status"] == 0 and report["rows"] == 3 and report["launch"]["op_type"] == "NsaCompressWithCacheV2"

"""The example's demo: two batches of a paged pool, one due; its printed rows are the golden's."""
import subprocess

from ..nsa_harness import example
from ..nsa_harness.example import parse_report


def test_demo_writes_the_due_batch_and_keeps_the_other_rows(example_binary):
    done = subprocess.run([str(example_binary)], capture_output=True, text=True, timeout=example.TIMEOUT_SECONDS,
                          env=example.environment())
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[:3] == ["cache row 0 starts with: 0.000000", "cache row 1 starts with: 1.000000",
                         "cache row 2 starts with: 0.000000"], done.stdout
    report = parse_report(done.stdout)
    assert report["status"] == 0 and report["rows"] == 1 and report["launch"]["op_type"] == "NsaCompressWithCache"

"""What the benchmarks share: where an op's example binary is, running it on one SoC and reading
its JSON result line, and writing the rows as a markdown table and a CSV file."""
import csv
import json
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def example_binary(op):
    """The example of `op` (its folder's name): test_aclnn_<op> in the folder NSA_EXAMPLE_DIR
    names (the sanitized build's, under --sanitize), else in build.sh's build_out/example."""
    return Path(os.environ.get("NSA_EXAMPLE_DIR") or ROOT / "build_out" / "example") / f"test_aclnn_{op}"


def run_example(command, soc, what):
    """Runs `command` (an example binary and its flags) with ASCEND_SIM_SOC=soc and returns its
    last output line, parsed, and the wall seconds it took. Raises, naming `what`, when the call
    failed or ran on another SoC."""
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800,
                          env={**os.environ, "ASCEND_SIM_SOC": soc})
    wall = time.monotonic() - started
    lines = done.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or result.get("status") != 0:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip()} {lines[-1:]}")
    if result["launch"]["soc"] != soc:
        raise RuntimeError(f"{what} ran on {result['launch']['soc']}, not {soc}")
    return result, wall


def markdown_table(rows, columns, headers):
    """`columns`: (key, format) pairs; `headers`: the titles that differ from the keys."""
    head = "| " + " | ".join(headers.get(name, name) for name, _ in columns) + " |"
    rule = "|" + "---|" * len(columns)
    body = ["| " + " | ".join(fmt.format(row[name]) for name, fmt in columns) + " |" for row in rows]
    return "\n".join([head, rule] + body)


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)

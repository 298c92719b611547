"""What a forked child can do on the simulator backend (NSA_COMPRESS_BACKEND=simulator in the
children's environment; the CPU backend has no session, see the last test). The session (ACL initialised, device set, a stream) belongs to the
process that created it: a child forked after that, even while another thread is inside a call,
gets a RuntimeError that says so from every call, without hanging, and exits cleanly; a child
forked before the first call creates its own session and runs. Each case runs in its own process
group with a timeout, so that a hang fails the test instead of the suite, and nothing is left
behind."""
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
TIMEOUT_SECONDS = 120

FORK = """
import json, os, sys, threading, time
import numpy as np
import nsa_compress

x, w = np.ones((4096, 4, 128), np.float16), np.ones((32, 4), np.float16)
mode = sys.argv[1]
stop = threading.Event()
if mode != "before_first_call":
    session = nsa_compress.session()
if mode == "during_a_call":
    def calls():
        while not stop.is_set():
            nsa_compress.compress(x, w, 32, 16, [4096])
    worker = threading.Thread(target=calls)
    worker.start()
    # Fork once the worker holds the session's lock: it is inside a call.
    while session.lock.acquire(blocking=False):
        session.lock.release()
        time.sleep(0.001)
pid = os.fork()
if pid == 0:
    try:
        out = nsa_compress.compress(x[:64], w, 32, 16, [64])
        outcome = {"ran": out.shape}
    except RuntimeError as error:
        outcome = {"error": type(error).__name__, "message": str(error), "pid": os.getpid(), "parent": os.getppid()}
    print(json.dumps(outcome), flush=True)
    sys.exit(0)  # a normal exit: the child runs the atexit handlers it inherited
_, status = os.waitpid(pid, 0)
stop.set()
if mode == "during_a_call":
    worker.join()
print(json.dumps({"child_exit_status": status}), flush=True)
"""


def _run_fork(mode, backend="simulator"):
    environ = dict(os.environ, PYTHONPATH=str(PYTHON_DIR), NSA_COMPRESS_BACKEND=backend)
    process = subprocess.Popen([sys.executable, "-c", textwrap.dedent(FORK), mode], env=environ, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the test's process and the child it forked
        stdout, stderr = process.communicate()
        pytest.fail(f"{mode}: no result within {TIMEOUT_SECONDS} s (the forked child hangs); output: {stdout!r}")
    assert process.returncode == 0, stderr
    child, parent = [json.loads(line) for line in stdout.strip().splitlines()[-2:]]
    assert parent == {"child_exit_status": 0}, (child, stderr)
    return child


@pytest.mark.parametrize("mode", ["during_a_call", "after_a_call"])
def test_a_child_forked_after_the_session_is_refused_clearly(mode):
    child = _run_fork(mode)
    assert child.get("error") == "RuntimeError", child
    for words in (f"pid {child['pid']}", f"forked from pid {child['parent']}", "spawn"):
        assert words in child["message"], child


def test_a_child_forked_before_the_first_call_runs():
    assert _run_fork("before_first_call") == {"ran": [3, 4, 128]}


def test_the_cpu_backend_runs_in_a_child_forked_after_a_call():
    # The CPU implementation keeps no session and no threads between calls: a forked child runs.
    assert _run_fork("before_first_call", backend="cpu") == {"ran": [3, 4, 128]}

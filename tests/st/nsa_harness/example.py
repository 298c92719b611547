"""Runs an op's example binary: finds it and the libraries of the build it comes from, runs it
through subprocess with a timeout, parses its JSON result line and reads its output file back."""
import json
import os
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[3]
# Where build.sh puts the examples (each op's binary is test_aclnn_<op> there) unless
# EXAMPLE_DIR_VARIABLE names another folder (the sanitized build's, under --sanitize), and the
# simulator runtime and the installed custom op API library relative to the build_out folder that
# holds the examples' folder.
EXAMPLE_DIR_VARIABLE = "NSA_EXAMPLE_DIR"
DEFAULT_EXAMPLE_DIR = REPO_ROOT / "build_out" / "example"
LIBRARY_SUBDIRS = (Path("simulator") / "lib", Path("install") / "vendors" / "customize" / "op_api" / "lib")
# Generous for the largest default case (a few seconds); a hang must still end the test.
TIMEOUT_SECONDS = float(os.environ.get("NSA_ST_TIMEOUT", "300"))
ELEMENT_TYPES = {"float16": np.uint16, "bfloat16": np.uint16, "float32": np.uint32}
# Longer sequence lists go through --act-seq-len-file: Linux limits one argument to 128 KiB, which
# a cumulative list of some 20,000 sequences passes.
ACT_SEQ_LEN_INLINE_MAX = 1000
ACT_SEQ_LEN_FILE = "act_seq_len.txt"


def list_flag(values):
    """A list flag's value: whole numbers joined by commas."""
    return ",".join(str(int(v)) for v in values)


def with_flag(arguments, flag, value):
    """`arguments` with `flag` set to `value`: replaced where given, else appended."""
    arguments = list(arguments)
    if flag in arguments:
        arguments[arguments.index(flag) + 1] = value
    else:
        arguments += [flag, value]
    return arguments


def act_seq_len_in_file(act_seq_len):
    return act_seq_len is not None and len(act_seq_len) > ACT_SEQ_LEN_INLINE_MAX


def act_seq_len_arguments(act_seq_len, folder):
    """The example's sequence flag: none for a null list, --act-seq-len-file `folder`/
    ACT_SEQ_LEN_FILE for a long one (write_act_seq_len writes it), else --act-seq-len."""
    if act_seq_len is None:
        return []
    if act_seq_len_in_file(act_seq_len):
        return ["--act-seq-len-file", str(Path(folder) / ACT_SEQ_LEN_FILE)]
    return ["--act-seq-len", list_flag(act_seq_len)]


def write_act_seq_len(act_seq_len, folder):
    """Writes a long sequence list into `folder` for --act-seq-len-file, one value per line."""
    if act_seq_len_in_file(act_seq_len):
        (Path(folder) / ACT_SEQ_LEN_FILE).write_text("\n".join(str(int(v)) for v in act_seq_len) + "\n")


def example_dir():
    """The folder of the example binaries this run uses."""
    return Path(os.environ.get(EXAMPLE_DIR_VARIABLE) or DEFAULT_EXAMPLE_DIR)


def ops():
    """Every op with system tests: each folder of tests/st with a runner module."""
    return sorted(folder.name for folder in (REPO_ROOT / "tests" / "st").iterdir() if (folder / "runner.py").is_file())


def binary_path(op):
    """The example binary of `op` (the name of its folder, e.g. nsa_compress_grad)."""
    return example_dir() / f"test_aclnn_{op}"


def library_dirs():
    """The library folders of the build the examples come from: <build_out>/example holds them, so
    that examples built in another checkout run with their own libraries."""
    build_out = example_dir().resolve().parent
    return [build_out / sub for sub in LIBRARY_SUBDIRS]


def library_path(current):
    """LD_LIBRARY_PATH with the build's library folders (those that exist) in front of `current`,
    so that running pytest by hand finds the same libraries build.sh sets up."""
    parts = [str(folder) for folder in library_dirs() if folder.is_dir()]
    parts += [part for part in (current or "").split(":") if part and part not in parts]
    return ":".join(parts)


def environment():
    env = dict(os.environ)
    env["LD_LIBRARY_PATH"] = library_path(env.get("LD_LIBRARY_PATH"))
    return env


@dataclass
class Result:
    returncode: int
    report: dict          # the parsed JSON line; {} when there was none
    output: np.ndarray    # the output file's raw elements, the whole output storage (empty when none was written)
    command: str          # the binary call, ready to paste into a shell
    stdout: str
    stderr: str

    def describe(self):
        """Everything the binary said, for a failure message."""
        tail = "\n".join(self.stdout.strip().splitlines()[-3:])
        return f"exit {self.returncode}; stdout tail: {tail!r}; stderr: {self.stderr.strip()[-2000:]!r}"


def parse_report(stdout):
    """The last stdout line as the JSON object the binary promises, else {}."""
    lines = stdout.strip().splitlines()
    if not lines:
        return {}
    try:
        report = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {}
    return report if isinstance(report, dict) else {}


def run_command(binary, arguments, timeout=TIMEOUT_SECONDS, extra_env=None):
    """Runs `binary` with `arguments` in the build's library environment plus `extra_env` (e.g.
    ASCEND_SIM_SOC): (the finished process, the call as a shell line ready to paste)."""
    argv = [str(binary)] + list(arguments)
    env = {**environment(), **(extra_env or {})}
    settings = {"LD_LIBRARY_PATH": env["LD_LIBRARY_PATH"], **(extra_env or {})}
    command = " ".join(f"{name}={shlex.quote(value)}" for name, value in settings.items()) + " " + shlex.join(argv)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"the binary did not finish in {timeout:.0f} s: {command}") from error
    return done, command


def read_elements(path, dtype):
    """A file's raw elements of `dtype`, or an empty array when the file was not written."""
    path = Path(path)
    return np.fromfile(path, dtype=ELEMENT_TYPES[dtype]) if path.exists() else np.zeros(0, dtype=np.uint16)


def run_arguments(binary, arguments, folder, output_dtype, timeout=TIMEOUT_SECONDS):
    """Runs `binary` with `arguments`, whose --output is `folder`/output.bin (removed first), and
    reads that file back as elements of `output_dtype`."""
    out_file = Path(folder) / "output.bin"
    if out_file.exists():
        out_file.unlink()
    done, command = run_command(binary, arguments, timeout)
    return Result(done.returncode, parse_report(done.stdout), read_elements(out_file, output_dtype), command,
                  done.stdout, done.stderr)

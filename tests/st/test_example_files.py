"""Every op's example and the files it is named, beyond their contents: an output naming an
input's or another output's file (under any spelling), an output or --trace that is a FIFO (with
and without a reader, and with one that quits before everything is written) or that cannot be
written, standard output whose reader quit, an input that is a FIFO (also one put in place between
the example's check of the path and its open), and the messages that quote a path or a file's text
holding control bytes or invalid UTF-8.

Each test runs against every op's example, on a small legal call of its own (the op's runner:
small_call_arguments, INPUT_FLAGS, OUTPUT_FLAGS, OUTPUT_OFFSET_FLAGS; TAKES_LAYOUT = False for an
example without --layout), and through a timeout, so
that a hang fails the test instead of blocking the suite. A process killed by a signal has a
negative returncode, which no assertion on an exit code accepts. Exit codes
(examples/common/result_line.h): 0 success, 1 the call failed, 2 a usage or file error, with the
message on stderr and no result line.
"""
import fcntl
import importlib
import itertools
import json
import os
import select
import shlex
import stat
import subprocess
import time

import pytest

from .nsa_harness import example, swap_on_open
from .nsa_harness.example import with_flag

# A refusal made before anything runs must come at once; a binary that waits for a FIFO's reader
# would wait for ever.
PROMPT_SECONDS = 30
# Every op's example takes these two besides its own files.
SEQUENCE_FILE_FLAG = "--act-seq-len-file"
TRACE_FLAG = "--trace"
# ESC ] 0 ; title BEL: the sequence that retitles a terminal.
RETITLE = b"\x1b]0;title\x07"


def runner(op):
    return importlib.import_module(f".{op}.runner", __package__)


def input_flags(op):
    return runner(op).INPUT_FLAGS + (SEQUENCE_FILE_FLAG,)


def output_flags(op):
    return runner(op).OUTPUT_FLAGS + (TRACE_FLAG,)


def call_arguments(op, folder):
    """The op's small legal call with its inputs in `folder`, its sequence list read from a file
    (so that every input flag names a file) and its outputs in `folder`."""
    arguments = runner(op).small_call_arguments(folder)
    at = arguments.index("--act-seq-len")
    sequence_file = folder / "ends.txt"
    sequence_file.write_text(arguments[at + 1] + "\n")
    arguments[at:at + 2] = [SEQUENCE_FILE_FLAG, str(sequence_file)]
    return with_flag(arguments, TRACE_FLAG, str(folder / "trace.json"))


def run(op, arguments, timeout=PROMPT_SECONDS, env=None):
    """The example's finished process, its output as bytes: what a terminal would receive."""
    argv = [os.fsencode(str(example.binary_path(op)))] + [os.fsencode(a) for a in arguments]
    try:
        return subprocess.run(argv, capture_output=True, timeout=timeout, env=env or example.environment())
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"the example did not finish in {timeout} s: {shlex.join(map(os.fsdecode, argv))}") \
            from error


def describe(done):
    return f"exit {done.returncode}; stdout tail {done.stdout[-300:]!r}; stderr {done.stderr[-1500:]!r}"


def assert_refused(done, *words):
    """Exit 2, no result line, every word in the message."""
    assert done.returncode == 2 and done.stdout == b"", f"expected a refusal (exit 2): {describe(done)}"
    missing = [word for word in words if os.fsencode(word) not in done.stderr]
    assert not missing, f"stderr lacks {missing}: {describe(done)}"


def report(done):
    """The result line (the last line of stdout) as JSON: it must be valid UTF-8."""
    return json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])


def file_pairs(flags_of):
    return [(op, *pair) for op in example.ops() for pair in flags_of(op)]


# ----------------------------------------------------------------------------- one file, two roles

# How two outputs name one file: the same path, a path through "..", a symbolic link to a file
# still to be created, and a hard link to a file that exists (whose contents must survive).
SPELLINGS = ("same", "dot-dot", "symlink", "hard-link")


def two_names(spelling, folder):
    """Two names of one file in `folder`: (first, second, the file's contents before, or None)."""
    target = folder / "out.bin"
    if spelling == "same":
        return target, target, None
    if spelling == "dot-dot":
        (folder / "sub").mkdir()
        return folder / "sub" / ".." / "out.bin", target, None
    if spelling == "symlink":
        (folder / "link").symlink_to("out.bin")
        return folder / "link", target, None
    target.write_bytes(b"keep")
    os.link(target, folder / "alias.bin")
    return folder / "alias.bin", target, b"keep"


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("op, first, second",
                         file_pairs(lambda op: itertools.combinations(output_flags(op), 2)))
def test_two_outputs_naming_one_file_are_refused_before_anything_runs(op, first, second, spelling, tmp_path):
    first_path, second_path, before = two_names(spelling, tmp_path)
    arguments = with_flag(with_flag(call_arguments(op, tmp_path), first, str(first_path)), second, str(second_path))
    done = run(op, arguments)
    assert_refused(done, f"{first} {first_path} and {second} {second_path} are the same file")
    if before is None:
        assert not second_path.exists(), f"a refused call created {second_path}"
    else:
        assert second_path.read_bytes() == before, f"a refused call wrote {second_path}"


@pytest.mark.parametrize("op, output, input", file_pairs(lambda op: itertools.product(output_flags(op),
                                                                                     input_flags(op))))
def test_an_output_naming_an_input_is_refused_and_the_input_kept(op, output, input, tmp_path):
    arguments = call_arguments(op, tmp_path)
    path = arguments[arguments.index(input) + 1]
    before = open(path, "rb").read()
    done = run(op, with_flag(arguments, output, path))
    assert_refused(done, f"{output} {path} is the same file as the input {input} {path}",
                   "an output must not overwrite an input")
    assert open(path, "rb").read() == before, f"{input} {path} changed"


@pytest.mark.parametrize("op", example.ops())
def test_an_output_hard_linked_to_an_input_is_refused(op, tmp_path):
    arguments = call_arguments(op, tmp_path)
    output, input = output_flags(op)[0], input_flags(op)[0]
    path = arguments[arguments.index(input) + 1]
    alias = tmp_path / "alias.bin"
    os.link(path, alias)
    assert_refused(run(op, with_flag(arguments, output, str(alias))),
                   f"{output} {alias} is the same file as the input {input} {path}")


@pytest.mark.parametrize("op", example.ops())
def test_outputs_may_share_a_device_that_keeps_nothing(op, tmp_path):
    arguments = call_arguments(op, tmp_path)
    for flag in output_flags(op):
        arguments = with_flag(arguments, flag, "/dev/null")
    done = run(op, arguments, example.TIMEOUT_SECONDS)
    assert done.returncode == 0 and report(done)["status"] == 0, describe(done)


# ----------------------------------------------------------------------------- FIFOs and devices

@pytest.mark.parametrize("op, output", file_pairs(lambda op: ((flag,) for flag in output_flags(op))))
def test_an_output_fifo_without_a_reader_is_refused_at_once(op, output, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = run(op, with_flag(call_arguments(op, tmp_path), output, str(fifo)))
    assert_refused(done, f"{output} {fifo} is a FIFO with no reader")


def read_available(fd):
    try:
        return os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""


def run_with_reader(op, arguments, fifo, timeout=example.TIMEOUT_SECONDS):
    """Runs the example while this process reads `fifo`: (the finished process, what the FIFO
    carried). The read end is open before the example starts, so the example finds its reader."""
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        argv = [str(example.binary_path(op))] + arguments
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=example.environment())
        received = bytearray()
        deadline = time.monotonic() + timeout
        while True:
            finished = process.poll() is not None
            select.select([reader], [], [], 0.05)
            chunk = read_available(reader)
            received += chunk
            if finished and not chunk:
                break
            if time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"the example did not finish in {timeout} s: {shlex.join(argv)}")
        stdout, stderr = process.communicate()
        return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr), bytes(received)
    finally:
        os.close(reader)


@pytest.mark.parametrize("op, output", file_pairs(lambda op: ((flag,) for flag in output_flags(op))))
def test_an_output_fifo_with_a_reader_receives_what_a_file_would(op, output, tmp_path):
    arguments = call_arguments(op, tmp_path)
    plain = run(op, arguments, example.TIMEOUT_SECONDS)
    assert plain.returncode == 0, describe(plain)
    expected = open(arguments[arguments.index(output) + 1], "rb").read()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done, received = run_with_reader(op, with_flag(arguments, output, str(fifo)), fifo)
    assert done.returncode == 0 and report(done)["status"] == 0, describe(done)
    assert received == expected, f"the FIFO carried {len(received)} bytes, the file {len(expected)}"


@pytest.mark.parametrize("op, output", file_pairs(lambda op: ((flag,) for flag in runner(op).OUTPUT_FLAGS)))
@pytest.mark.parametrize("target, error", [("/dev/full", "No space left on device"), ("folder", "Is a directory")])
def test_an_output_that_cannot_be_written_is_refused_naming_it(op, output, target, error, tmp_path):
    if target == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    done = run(op, with_flag(call_arguments(op, tmp_path), output, str(target)), example.TIMEOUT_SECONDS)
    assert_refused(done, f"{output} {target}", error)


@pytest.mark.parametrize("op", example.ops())
def test_a_trace_into_a_directory_is_refused_before_the_call(op, tmp_path):
    done = run(op, with_flag(call_arguments(op, tmp_path), TRACE_FLAG, str(tmp_path)))
    assert_refused(done, f"{TRACE_FLAG} {tmp_path} is a directory")


@pytest.mark.parametrize("op", example.ops())
def test_a_trace_onto_a_full_device_warns_and_the_call_succeeds(op, tmp_path):
    # The trace is written after the kernel's outputs are done: a trace the simulator cannot write
    # is a warning, and the call, with its outputs, succeeds. The device stays a device.
    done = run(op, with_flag(call_arguments(op, tmp_path), TRACE_FLAG, "/dev/full"), example.TIMEOUT_SECONDS)
    assert done.returncode == 0, describe(done)
    assert "the launch's trace was not written to '/dev/full'" in done.stderr.decode(errors="replace"), describe(done)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# ----------------------------------------------------------------------------- inputs that are FIFOs

@pytest.mark.parametrize("spelling", ("fifo", "symlink"))
@pytest.mark.parametrize("op, input", file_pairs(lambda op: ((flag,) for flag in input_flags(op))))
def test_an_input_fifo_without_a_writer_is_refused_at_once(op, input, spelling, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    path = fifo
    if spelling == "symlink":
        path = tmp_path / "link"
        path.symlink_to("fifo")
    assert_refused(run(op, with_flag(call_arguments(op, tmp_path), input, str(path))),
                   f"{input} {path} is a FIFO; it must be a regular file")


@pytest.fixture(scope="module")
def swap_library(tmp_path_factory):
    return swap_on_open.build(tmp_path_factory.mktemp("swap_on_open"))


@pytest.mark.parametrize("op, input", file_pairs(lambda op: ((flag,) for flag in input_flags(op))))
def test_an_input_replaced_by_a_fifo_after_its_check_is_refused_not_waited_on(op, input, swap_library, tmp_path):
    # The preload library renames a FIFO over the input as the example opens it: the example's
    # stat() saw the regular file, its open() gets the FIFO, which has no writer. Opened blocking,
    # it would wait for one for ever; the file checked must be the one opened.
    arguments = call_arguments(op, tmp_path)
    path = arguments[arguments.index(input) + 1]
    replacement = tmp_path / "fifo"
    os.mkfifo(replacement)
    done = run(op, arguments, env=swap_on_open.environment(example.environment(), swap_library, path, replacement))
    assert stat.S_ISFIFO(os.stat(path).st_mode), f"the preload library did not replace {path}: {describe(done)}"
    assert_refused(done, f"{input} {path} is a FIFO; it must be a regular file")


# ----------------------------------------------------------------------------- readers that quit

# What a reader that quits takes before closing its end.
A_FEW_BYTES = 16
# The smallest capacity a pipe can be given (a page): the FIFO's reader sets it, so that whatever
# the system's default, a write of more than this cannot have completed before the reader quits.
SMALL_PIPE_BYTES = 4096
# An output storage that starts this many elements before its view: megabytes, far more than the
# pipe holds, all written to the output's file.
LARGE_OUTPUT_OFFSET = 1 << 20


def read_a_few_bytes(reader, process, deadline):
    """Waits for the first bytes written to `reader` (a non-blocking read end) and returns them;
    returns b"" when the process finished without writing any."""
    while time.monotonic() < deadline:
        select.select([reader], [], [], 0.05)
        try:
            chunk = os.read(reader, A_FEW_BYTES)
        except BlockingIOError:
            continue
        if chunk or process.poll() is not None:
            return chunk
    return b""


def run_with_quitting_reader(op, arguments, fifo, timeout=example.TIMEOUT_SECONDS):
    """Runs the example while this process reads `fifo` as a reader that takes the first few bytes
    and closes its end mid-write: the example's finished process."""
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    fcntl.fcntl(reader, fcntl.F_SETPIPE_SZ, SMALL_PIPE_BYTES)
    argv = [str(example.binary_path(op))] + arguments
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=example.environment())
    deadline = time.monotonic() + timeout
    try:
        read_a_few_bytes(reader, process, deadline)
    finally:
        os.close(reader)
    try:
        stdout, stderr = process.communicate(timeout=max(deadline - time.monotonic(), 1))
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise AssertionError(f"the example did not finish in {timeout} s: {shlex.join(argv)}") from error
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


@pytest.mark.parametrize("op, output", file_pairs(lambda op: ((flag,) for flag in runner(op).OUTPUT_FLAGS)))
def test_an_output_fifo_whose_reader_quits_is_a_write_error_not_a_signal(op, output, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    arguments = with_flag(call_arguments(op, tmp_path), output, str(fifo))
    arguments = with_flag(arguments, runner(op).OUTPUT_OFFSET_FLAGS[output], str(LARGE_OUTPUT_OFFSET))
    done = run_with_quitting_reader(op, arguments, fifo)
    assert_refused(done, f"{output} {fifo}: write failed: Broken pipe", "its reader closed it")


@pytest.mark.parametrize("op", example.ops())
def test_a_trace_fifo_whose_reader_quits_warns_and_the_call_succeeds(op, tmp_path):
    # As for a full device: the trace comes after the outputs, so losing it is a warning. The
    # trace of the small call is tens of kilobytes, far more than the pipe holds.
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    done = run_with_quitting_reader(op, with_flag(call_arguments(op, tmp_path), TRACE_FLAG, str(fifo)), fifo)
    assert done.returncode == 0 and report(done)["status"] == 0, describe(done)
    stderr = done.stderr.decode(errors="replace")
    assert f"the launch's trace was not written to '{fifo}'" in stderr and "Broken pipe" in stderr, describe(done)


@pytest.mark.parametrize("op", example.ops())
def test_standard_output_whose_reader_quit_is_a_write_error_not_a_signal(op, tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)
    argv = [str(example.binary_path(op))] + call_arguments(op, tmp_path)
    try:
        done = subprocess.run(argv, stdout=write_end, stderr=subprocess.PIPE, timeout=example.TIMEOUT_SECONDS,
                              env=example.environment())
    finally:
        os.close(write_end)
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == 2, f"exit {done.returncode} (a negative one is a signal); stderr {stderr!r}"
    assert "standard output: write failed: Broken pipe (its reader closed it" in stderr, stderr


# ----------------------------------------------------------------------------- what messages quote

def assert_one_printable_line(done):
    """stderr is one line, valid UTF-8, with no control byte but its newline."""
    text = done.stderr.decode("utf-8")
    assert text.endswith("\n") and text.count("\n") == 1, describe(done)
    assert not [c for c in text[:-1] if ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F], describe(done)


@pytest.mark.parametrize("op", example.ops())
def test_a_sequence_file_that_retitles_the_terminal_is_quoted_escaped(op, tmp_path):
    arguments = call_arguments(op, tmp_path)
    sequence_file = tmp_path / "ends.txt"
    sequence_file.write_bytes(b"64,\n" + RETITLE + b"\n")
    done = run(op, arguments)
    assert done.returncode == 2 and RETITLE[:1] not in done.stderr and RETITLE[-1:] not in done.stderr, describe(done)
    assert_refused(done, f"{SEQUENCE_FILE_FLAG} {sequence_file} line 2: '\\x1b]0;title\\x07' is not an integer")


# A newline, an escape sequence, a byte no UTF-8 text holds (0xff), a C1 control (U+009B, CSI)
# and a backslash, in a file name; and how a message must show them.
HOSTILE_NAME = b"in\nput\x1b[31m\xff\xc2\x9b\\.bin"
HOSTILE_NAME_SHOWN = "in\\x0aput\\x1b[31m\\xff\\xc2\\x9b\\\\.bin"


@pytest.mark.parametrize("op", example.ops())
def test_a_path_with_control_bytes_is_quoted_escaped(op, tmp_path):
    flag = input_flags(op)[0]
    hostile = os.fsdecode(os.fsencode(tmp_path) + b"/" + HOSTILE_NAME)
    done = run(op, with_flag(call_arguments(op, tmp_path), flag, hostile))
    assert_one_printable_line(done)
    assert_refused(done, f"{flag} {tmp_path}/{HOSTILE_NAME_SHOWN}: stat failed: No such file or directory")


@pytest.mark.parametrize("op", example.ops())
def test_an_output_path_with_control_bytes_is_quoted_escaped(op, tmp_path):
    flag = runner(op).OUTPUT_FLAGS[0]
    hostile = os.fsdecode(os.fsencode(tmp_path) + b"/" + HOSTILE_NAME + b"/out.bin")
    done = run(op, with_flag(call_arguments(op, tmp_path), flag, hostile), example.TIMEOUT_SECONDS)
    assert_one_printable_line(done)
    assert_refused(done, f"{flag} {tmp_path}/{HOSTILE_NAME_SHOWN}/out.bin: open for writing failed: "
                         f"No such file or directory")


@pytest.mark.parametrize("op", [op for op in example.ops() if getattr(runner(op), "TAKES_LAYOUT", True)])
def test_a_layout_the_operator_quotes_is_escaped_in_the_result_line(op, tmp_path):
    layout = os.fsdecode(b"Q" + RETITLE + b"\xc2\x9b\xff")
    done = run(op, with_flag(call_arguments(op, tmp_path), "--layout", layout), example.TIMEOUT_SECONDS)
    assert done.returncode == 1, describe(done)
    assert "Q\\x1b]0;title\\x07\\xc2\\x9b\\xff" in report(done)["message"], describe(done)

"""The example's command line under hostile use: output that cannot be written, inputs that are
not regular files or of the wrong size, sizes and counts past what int64 holds, values it cannot
represent, illegal arguments it must pass on to the operator, sequence lists too long for a
command line, and inputs large enough that a second host copy matters.

Exit codes (the binary's header comment): 0 success, 1 the call failed, 2 a usage or file error.
A refusal of the binary's own (2) prints no JSON result line, so that nothing downstream mistakes
it for a call. Everything the binary cannot refuse on its own grounds must reach the operator.
"""
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from .cases import LegalCase
from .illegal import ACLNN_ERR_PARAM_INVALID, ACLNN_ERR_PARAM_NULLPTR, make_illegal_case
from .checks import check_illegal, check_legal, contains_word
from .golden import ordered_golden, to_bits
from ..nsa_harness.example import with_flag
from .runner import (ACT_SEQ_LEN_FILE, TIMEOUT_SECONDS, binary_path, environment, run, run_arguments,
                    write_inputs)

INT64_MAX = 2 ** 63 - 1
# A refusal made before reading must come at once; a binary that reads first takes minutes on the
# 3 GiB input below (208 s before this check existed) or blocks for ever on a FIFO.
PROMPT_SECONDS = 30
# Linux's limit on one argument (MAX_ARG_STRLEN, 32 pages).
MAX_ARG_STRLEN = 32 * 4096

# Output 2 x 4 x 32 float16: 512 bytes, under the 8 KiB a buffered stream holds back until close.
SMALL = LegalCase(name="cli:small", dtype="float16", N=4, D=32, l=32, d=32, lengths=(64,), seed=1)
# Output 16 x 8 x 64 bfloat16: 16 KiB, more than a stream's buffer, so that a buffered write fails
# before the close.
WIDE_OUTPUT = LegalCase(name="cli:wide-output", dtype="bfloat16", N=8, D=64, l=16, d=16, lengths=(256,), seed=2)
# Sequences of every kind (empty, short, long) given as lengths, in sizes that no chunk size below
# divides: chunks end inside elements, tokens and windows.
ODD_SIZES = LegalCase(name="cli:odd-sizes", dtype="float16", N=3, D=48, l=48, d=16, lengths=(0, 100, 47, 130),
                      seq_type=1, seed=3)


def prepared(case, folder):
    """Writes the case's inputs into `folder`; returns (x, w, the binary's arguments)."""
    x, w = case.data()
    write_inputs(case.call(), x, w, folder)
    return x, w, case.call().arguments(folder)


def renamed_flag(arguments, flag, new_flag, value):
    """`arguments` with `flag` and its value replaced by `new_flag value`."""
    arguments = list(arguments)
    at = arguments.index(flag)
    arguments[at:at + 2] = [new_flag, value]
    return arguments


def run_case_arguments(case, arguments, folder, timeout=TIMEOUT_SECONDS):
    return run_arguments(arguments, folder, case.dtype, timeout=timeout)


def assert_refused(result, *words):
    """Exit 2, no result line, and a message on stderr holding every word."""
    assert result.returncode == 2, f"expected a refusal (exit 2): {result.command}\n{result.describe()}"
    assert result.report == {}, f"a refusal printed a result line: {result.command}\n{result.describe()}"
    missing = [word for word in words if word not in result.stderr]
    assert not missing, f"stderr lacks {missing}: {result.command}\n{result.describe()}"


def assert_operator_refused(result, *words):
    """Exit 1 with the operator's ACLNN_ERR_PARAM_INVALID and a message naming every word."""
    assert result.returncode == 1 and result.report.get("status") == ACLNN_ERR_PARAM_INVALID, \
        f"expected the operator's refusal: {result.command}\n{result.describe()}"
    missing = [word for word in words if not contains_word(result.report.get("message", ""), word)]
    assert not missing, f"the operator's message lacks {missing}: {result.command}\n{result.describe()}"


# ----------------------------------------------------------------------------- output

@pytest.mark.parametrize("case", [SMALL, WIDE_OUTPUT], ids=lambda case: case.name)
def test_output_to_a_full_device_fails_naming_the_file_and_the_error(case, example_binary, tmp_path):
    _, _, arguments = prepared(case, tmp_path)
    result = run_case_arguments(case, with_flag(arguments, "--output", "/dev/full"), tmp_path)
    assert_refused(result, "--output /dev/full", "No space left on device")


@pytest.mark.parametrize("where, error", [("folder", "Is a directory"), ("missing/output.bin", "No such file")])
def test_an_output_that_cannot_be_opened_is_refused(where, error, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    target = tmp_path / where
    if where == "folder":
        target.mkdir()
    result = run_case_arguments(SMALL, with_flag(arguments, "--output", str(target)), tmp_path)
    assert_refused(result, f"--output {target}", error)


def test_a_result_line_that_cannot_be_written_fails(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(binary_path())] + arguments, stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=TIMEOUT_SECONDS, env=environment())
    assert done.returncode == 2, done.stderr
    assert "standard output" in done.stderr and "No space left on device" in done.stderr, done.stderr


# ----------------------------------------------------------------------------- input files

@pytest.mark.parametrize("flag", ["--input", "--weight"])
@pytest.mark.parametrize("kind", ["character device", "FIFO", "directory"])
def test_an_input_that_is_not_a_regular_file_is_refused_at_once(flag, kind, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    path = {"character device": "/dev/zero", "FIFO": str(tmp_path / "fifo"), "directory": str(tmp_path)}[kind]
    if kind == "FIFO":
        os.mkfifo(path)
    result = run_case_arguments(SMALL, with_flag(arguments, flag, path), tmp_path, timeout=PROMPT_SECONDS)
    assert_refused(result, f"{flag} {path} is a {kind}; it must be a regular file")


def test_an_input_of_the_wrong_size_is_refused_before_it_is_read(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as file:
        file.truncate(3 << 30)   # sparse: 3 GiB for a 16 KiB shape, without writing them
    result = run_case_arguments(SMALL, with_flag(arguments, "--input", str(huge)), tmp_path, timeout=PROMPT_SECONDS)
    assert_refused(result, f"--input {huge} holds {3 << 30} bytes; --shape is [64, 4, 32] of float16, "
                           f"which needs {64 * 4 * 32 * 2}")


# A sysfs attribute stats as a 4096-byte regular file but holds a few bytes: a file that ends
# before the size stat() gave, as one truncated while it is read does.
SHORTER_THAN_ITS_STAT = "/sys/devices/system/cpu/online"


def test_an_input_that_ends_before_its_stat_size_is_refused(example_binary, tmp_path):
    if not os.path.isfile(SHORTER_THAN_ITS_STAT):
        pytest.skip(f"{SHORTER_THAN_ITS_STAT} is missing: no sysfs here")
    case = LegalCase(name="cli:4096-bytes", dtype="float16", N=1, D=32, l=32, d=32, lengths=(64,), seed=4)
    _, _, arguments = prepared(case, tmp_path)
    result = run_case_arguments(case, with_flag(arguments, "--input", SHORTER_THAN_ITS_STAT), tmp_path)
    assert_refused(result, f"--input {SHORTER_THAN_ITS_STAT} ended after", "of the 4096 bytes stat() reported")


def test_a_missing_input_is_refused_with_the_os_error(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    missing = tmp_path / "missing.bin"
    result = run_case_arguments(SMALL, with_flag(arguments, "--weight", str(missing)), tmp_path)
    assert_refused(result, f"--weight {missing}", "No such file or directory")


# ----------------------------------------------------------------------------- sizes and counts

@pytest.mark.parametrize("flag, value, words", [
    ("--shape", "4294967296,4294967296,16", ["--shape is [4294967296, 4294967296, 16]", "INT64_MAX"]),
    # The element count is 0, but the strides of the sizes after the 0 do not fit.
    ("--shape", "0,4294967296,4294967296", ["--shape is [0, 4294967296, 4294967296]", "position 1", "INT64_MAX"]),
    ("--shape", "4611686018427387904,1,1", ["4611686018427387904 float16 elements take more than",
                                            "INT64_MAX) bytes"]),
    ("--weight-shape", "4294967296,4294967296", ["--weight-shape is [4294967296, 4294967296]", "INT64_MAX"]),
    ("--block", "4611686018427387904", ["the weight shape [l, N] (from --block and --shape) is "
                                        "[4611686018427387904, 4]", "INT64_MAX"]),
    ("--output-shape", "4294967296,4294967296,16", ["--output-shape is [4294967296, 4294967296, 16]", "INT64_MAX"]),
    ("--output-rows", str(2 ** 58), [f"[--output-rows, N, D] is [{2 ** 58}, 4, 32]", "INT64_MAX"]),
])
def test_sizes_past_int64_are_refused(flag, value, words, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    assert_refused(run_case_arguments(SMALL, with_flag(arguments, flag, value), tmp_path), *words)


@pytest.mark.parametrize("flag, value, words", [
    ("--shape", "64,-4,32", ["--shape[1] is -4; a size must be >= 0"]),
    ("--weight-shape", "32,-1", ["--weight-shape[1] is -1; a size must be >= 0"]),
    ("--output-shape", "-2,4,32", ["--output-shape[0] is -2; a size must be >= 0"]),
    ("--output-rows", "-1", ["--output-rows is -1; a row count must be >= 0"]),
    ("--block", str(2 ** 63), [f"--block: {2 ** 63} is outside the int64 range"]),
    ("--act-seq-len", "64,1e3", ["--act-seq-len[1]: '1e3' is not an integer"]),
    ("--chunk-bytes", "0", ["--chunk-bytes is 0; it must be >= 1"]),
])
def test_values_the_binary_cannot_represent_are_refused(flag, value, words, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    assert_refused(run_case_arguments(SMALL, with_flag(arguments, flag, value), tmp_path), *words)


def test_a_flag_given_twice_is_refused(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    assert_refused(run_case_arguments(SMALL, arguments + ["--block", "16"], tmp_path), "--block is given twice")


@pytest.mark.parametrize("act_seq_len, seq_type, words", [
    # Lengths whose sum, and whose window count at stride 16, pass INT64_MAX.
    ((INT64_MAX, INT64_MAX), 1, ["sums past T=64", "entry 0"]),
    ((-5, INT64_MAX), 0, ["actSeqLen[0]", "is -5", "negative"]),
    ((64, -2 ** 63), 0, ["actSeqLen[1]", f"is {-2 ** 63}", "negative"]),
    ((INT64_MAX,), 0, [f"actSeqLen ends at {INT64_MAX}", "T=input.shape[0]=64"]),
    ((32, 64, 16), 0, ["actSeqLen[2]", "is 16", "non-decreasing"]),
])
def test_huge_or_illegal_sequence_lists_reach_the_operator(act_seq_len, seq_type, words, example_binary, tmp_path):
    # The host's row count of such a list must neither overflow nor refuse it: the operator judges it.
    _, _, arguments = prepared(SMALL, tmp_path)
    arguments = with_flag(with_flag(arguments, "--act-seq-len", ",".join(map(str, act_seq_len))),
                          "--act-seq-len-type", str(seq_type))
    assert_operator_refused(run_case_arguments(SMALL, arguments, tmp_path), *words)


def test_a_negative_block_reaches_the_operator_with_the_default_weight_shape(example_binary, tmp_path):
    # A generated illegal case (rule block_size) that draws l = -16: a default weight shape of
    # [-16, N] is no tensor at all, and the operator would see a null weight instead of the block.
    case = make_illegal_case("block_size", 18)
    assert case.changes["block"] < 0, case.describe()
    x, w = case.data()
    check_illegal(case, run(case.call(), x, w, tmp_path))


# ----------------------------------------------------------------------------- long sequence lists

def test_a_sequence_file_takes_commas_spaces_and_newlines(example_binary, tmp_path):
    x, w, arguments = prepared(ODD_SIZES, tmp_path)
    list_file = tmp_path / "lengths.txt"
    list_file.write_text("0,\n100 ,47\r\n\t130\n")
    arguments = renamed_flag(arguments, "--act-seq-len", "--act-seq-len-file", str(list_file))
    check_legal(ODD_SIZES, x, w, run_case_arguments(ODD_SIZES, arguments, tmp_path))


def test_an_empty_sequence_file_reaches_the_operator(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    list_file = tmp_path / "empty.txt"
    list_file.write_text("\n")
    arguments = renamed_flag(arguments, "--act-seq-len", "--act-seq-len-file", str(list_file))
    assert_operator_refused(run_case_arguments(SMALL, arguments, tmp_path), "actSeqLen", "is empty")


@pytest.mark.parametrize("text, words", [
    ("64,abc\n", ["line 1: 'abc' is not an integer"]),
    ("32\n\n64x\n", ["line 3: '64x' is not an integer"]),
    ("1.5", ["line 1: '1.5' is not an integer"]),
    ("0x40", ["line 1: '0x40' is not an integer"]),
    ("99999999999999999999", ["line 1: 99999999999999999999 is outside the int64 range"]),
])
def test_junk_in_a_sequence_file_is_refused_naming_the_file_and_the_token(text, words, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    list_file = tmp_path / "junk.txt"
    list_file.write_text(text)
    arguments = renamed_flag(arguments, "--act-seq-len", "--act-seq-len-file", str(list_file))
    assert_refused(run_case_arguments(SMALL, arguments, tmp_path), f"--act-seq-len-file {list_file}", *words)


def test_a_sequence_file_that_is_not_a_regular_file_is_refused(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    arguments = renamed_flag(arguments, "--act-seq-len", "--act-seq-len-file", "/dev/zero")
    result = run_case_arguments(SMALL, arguments, tmp_path, timeout=PROMPT_SECONDS)
    assert_refused(result, "--act-seq-len-file /dev/zero is a character device")


def test_both_sequence_flags_are_refused(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    list_file = tmp_path / "ends.txt"
    list_file.write_text("64\n")
    both = arguments + ["--act-seq-len-file", str(list_file)]
    assert_refused(run_case_arguments(SMALL, both, tmp_path), "--act-seq-len and --act-seq-len-file are both given")


def test_neither_sequence_flag_passes_a_null_list_which_tnd_refuses(example_binary, tmp_path):
    # actSeqLenOptional may be null for the batched layouts; for TND the operator must refuse it
    # with ACLNN_ERR_PARAM_NULLPTR, naming the parameter.
    _, _, arguments = prepared(SMALL, tmp_path)
    at = arguments.index("--act-seq-len")
    neither = arguments[:at] + arguments[at + 2:]
    result = run_case_arguments(SMALL, neither, tmp_path)
    assert result.returncode == 1 and result.report.get("status") == ACLNN_ERR_PARAM_NULLPTR, \
        f"expected the operator's null-pointer status: {result.command}\n{result.describe()}"
    assert contains_word(result.report.get("message", ""), "actSeqLenOptional"), result.describe()
    assert result.output.size == 0, "a refused call wrote an output file"


def test_twenty_thousand_sequences_run_end_to_end(example_binary, tmp_path):
    rng = random.Random(20000)
    lengths = tuple(rng.choice([0, 5, 15, 16, 17, 31, 32, 48, 64]) for _ in range(20000))
    case = LegalCase(name="cli:20000-sequences", dtype="bfloat16", N=1, D=16, l=16, d=16, lengths=lengths,
                     seed=20000)
    # The premise: the cumulative list is longer than one argument may be.
    assert len(",".join(str(v) for v in case.act_seq_len())) > MAX_ARG_STRLEN
    x, w = case.data()
    result = run(case.call(), x, w, tmp_path)
    assert f"--act-seq-len-file {tmp_path / ACT_SEQ_LEN_FILE}" in result.command, result.command
    check_legal(case, x, w, result)


# ----------------------------------------------------------------------------- one copy in memory

@pytest.mark.parametrize("chunk_bytes", [1, 1000, 4098, 1 << 20])
def test_copies_in_chunks_are_bit_exact(chunk_bytes, example_binary, tmp_path):
    x, w = ODD_SIZES.data()
    result = run(ODD_SIZES.call(), x, w, tmp_path, extra_arguments=["--chunk-bytes", str(chunk_bytes)])
    check_legal(ODD_SIZES, x, w, result)


# Runs argv[2:], then writes its exit code and peak resident set (KiB) to argv[1]. A child's peak
# includes the resident size of the process it was forked from, taken at exec (Linux keeps the old
# image's high-water mark), so the binary must be forked from this small interpreter and not from
# pytest, whose size depends on the tests it ran before.
PEAK_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as report:
    report.write(f"{child.returncode} {usage.ru_maxrss}")
"""


def peak_resident_bytes(arguments, folder):
    """Runs the binary; returns (exit code, stderr, the binary's own peak resident set in bytes)."""
    report = folder / "peak.txt"
    with open(folder / "stdout.txt", "w") as out, open(folder / "stderr.txt", "w") as err:
        subprocess.run([sys.executable, "-c", PEAK_LAUNCHER, str(report), str(binary_path())] + arguments,
                       stdout=out, stderr=err, env=environment(), timeout=TIMEOUT_SECONDS, check=True)
    code, peak_kib = (int(v) for v in report.read_text().split())
    return code, (folder / "stderr.txt").read_text(), peak_kib * 1024


def test_peak_memory_stays_near_one_copy_of_the_input(example_binary, tmp_path):
    # N=128, D=256 float16: 64 KiB a token, 4096 tokens = 256 MiB. Sequences of l - 1 tokens have
    # no window; only the last one has one, at the end of the file, so that the kernel's work is
    # that of the one-window baseline and the difference is the host's handling of the input.
    N, D, l = 128, 256, 128
    token_bytes = N * D * 2
    lengths = (l - 1,) * 31 + (4096 - 31 * (l - 1),)
    big = LegalCase(name="cli:256MiB", dtype="float16", N=N, D=D, l=l, d=l, lengths=lengths, seed=5)
    baseline = LegalCase(name="cli:one-window", dtype="float16", N=N, D=D, l=l, d=l, lengths=(l,), seed=5)
    input_bytes = big.T * token_bytes
    assert input_bytes == 256 << 20 and big.K == baseline.K == 1

    baseline_folder = tmp_path / "baseline"
    baseline_folder.mkdir()
    _, _, baseline_arguments = prepared(baseline, baseline_folder)
    code, stderr, baseline_peak = peak_resident_bytes(baseline_arguments, baseline_folder)
    assert code == 0, stderr

    # The input is sparse except for the window's tokens, so that this process never holds it.
    rng = np.random.default_rng(big.seed)
    window_start = big.T - lengths[-1]
    window = to_bits(rng.standard_normal((l, N, D)).astype(np.float32), big.dtype)
    w = to_bits(rng.uniform(-1.0, 1.0, (l, N)).astype(np.float32), big.dtype)
    with open(tmp_path / "input.bin", "wb") as file:
        file.truncate(input_bytes)
        file.seek(window_start * token_bytes)
        window.tofile(file)
    w.tofile(tmp_path / "weight.bin")
    code, stderr, peak = peak_resident_bytes(big.call().arguments(tmp_path), tmp_path)
    assert code == 0, stderr

    # One copy is the device buffer, plus the staging chunk and the small output: under 1.3 x.
    # Two copies (a host vector of the file, then the device) are 2 x.
    limit = baseline_peak + 1.3 * input_bytes
    mib = 1 << 20
    assert peak <= limit, (f"peak RSS {peak / mib:.0f} MiB for a {input_bytes / mib:.0f} MiB input, over the "
                           f"one-window baseline {baseline_peak / mib:.0f} MiB + 1.3 x the input = {limit / mib:.0f} MiB")
    expected = ordered_golden(window, w, [l], l, l, big.dtype).reshape(-1)
    got = np.fromfile(tmp_path / "output.bin", dtype=np.uint16)
    assert np.array_equal(got, expected), "the one window at the end of the input differs from the golden"


def test_a_failed_device_allocation_fails_the_call_naming_it(example_binary, tmp_path):
    # 2^44 rows of 4 x 32 float16 is 2 PiB: representable, so no usage error, but beyond any
    # address space. ASan (a --sanitize build) must return null instead of aborting, like malloc.
    _, _, arguments = prepared(SMALL, tmp_path)
    rows = 2 ** 44
    env = dict(environment(), ASAN_OPTIONS="allocator_may_return_null=1")
    done = subprocess.run([str(binary_path())] + with_flag(arguments, "--output-rows", str(rows)),
                          capture_output=True, text=True, timeout=TIMEOUT_SECONDS, env=env)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr
    assert f"aclrtMalloc of {rows * 4 * 32 * 2} bytes for the output returned" in done.stderr, done.stderr
    assert not done.stdout.strip(), "a failed allocation printed a result line"


# ----------------------------------------------------------------------------- views, layouts, fill

@pytest.mark.parametrize("flags, words", [
    (["--input-strides", "128,32,-1"], ["--input-strides[2] is -1; aclCreateTensor takes strides >= 0"]),
    (["--weight-strides", "-4,1"], ["--weight-strides[0] is -4; aclCreateTensor takes strides >= 0"]),
    (["--output-strides", "128,32,x"], ["--output-strides[2]: 'x' is not an integer"]),
    (["--input-offset", "-1"], ["--input-offset is -1; a storage offset must be >= 0"]),
    (["--weight-offset", "-3"], ["--weight-offset is -3; a storage offset must be >= 0"]),
    (["--output-offset", "-1"], ["--output-offset is -1; a storage offset must be >= 0"]),
    (["--input-strides", "128,32"], ["--input-strides is [128, 32], 2 strides; --shape is [64, 4, 32], which takes "
                                     "one stride per size (3)"]),
    (["--weight-strides", "4,1,1"], ["--weight-strides is [4, 1, 1], 3 strides;", "which takes one stride per size (2)"]),
    (["--output-strides", "1"], ["--output-strides is [1], 1 strides;", "one stride per size (3)"]),
    # the storage's last element, offset + sum((size - 1) * stride), past INT64_MAX
    (["--input-strides", "4611686018427387904,1,1"], ["--shape is [64, 4, 32] with --input-strides "
                                                       "[4611686018427387904, 1, 1] and --input-offset 0",
                                                       f"passes {INT64_MAX} (INT64_MAX) elements"]),
    (["--input-offset", str(INT64_MAX)], ["--input-offset 9223372036854775807", "passes", "INT64_MAX) elements"]),
    # a storage of 2^62 + 8192 elements: its bytes pass INT64_MAX
    (["--output-offset", str(2 ** 62)], [f"--output-offset {2 ** 62}", "float16 elements takes more than",
                                         "INT64_MAX) bytes"]),
    # explicit strides need no contiguous ones, but the view's element count must still fit
    (["--shape", "4294967296,4294967296,16", "--input-strides", "0,0,1"],
     ["--shape is [4294967296, 4294967296, 16]: its element count passes", "INT64_MAX"]),
    (["--output-fill", "0x12345"], ["--output-fill is '0x12345'; it takes a 16-bit pattern 0x0000 to 0xFFFF"]),
    (["--output-fill", "65535"], ["--output-fill is '65535'; it takes a 16-bit pattern"]),
    (["--output-fill", "0x"], ["--output-fill is '0x'; it takes a 16-bit pattern"]),
    (["--output-fill", "0x-1"], ["--output-fill is '0x-1'"]),
    (["--output-storage", "shared"], ["--output-storage is 'shared'; it must be own, input or weight"]),
    (["--output-storage", "input", "--output-fill", "0x0000"], ["--output-fill is given with --output-storage input"]),
    # the output [2, 4, 32] (256 elements) cannot sit in the weight's 128
    (["--output-storage", "weight"], ["with --output-storage weight it must fit that storage of 128 float16 elements,"
                                      " but it reaches element 255"]),
    (["--layout", "BSND"], ["--shape is '64,4,32'; layout BSND takes 4 sizes B,S,N,D"]),
    (["--layout", "SBH", "--shape", "64,2,4,32"], ["layout SBH takes 3 sizes S,B,H"]),
    (["--layout", "BSH", "--shape", "2,32,128"], ["layout BSH: --shape B,S,H does not give the head count N",
                                                 "give --heads N"]),
    (["--layout", "XYZ", "--shape", "64,128"], ["layout 'XYZ' is not one the example knows",
                                               "three sizes, read as T,N,D, or four, read as B,S,N,D"]),
    (["--heads", "-2"], ["--heads is -2; a head count must be >= 0"]),
])
def test_views_and_layouts_the_binary_cannot_represent_are_refused(flags, words, example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    for flag, value in zip(flags[::2], flags[1::2]):
        arguments = with_flag(arguments, flag, value)
    assert_refused(run_case_arguments(SMALL, arguments, tmp_path), *words)


def test_an_input_file_must_hold_the_whole_storage(example_binary, tmp_path):
    # [64, 4, 32] with rows of 160 elements at offset 5: a storage of 5 + 63 * 160 + 3 * 32 + 32
    # elements, not the view's 8192.
    _, _, arguments = prepared(SMALL, tmp_path)
    arguments = with_flag(with_flag(arguments, "--input-strides", "160,32,1"), "--input-offset", "5")
    storage = 5 + 63 * 160 + 3 * 32 + 32
    assert_refused(run_case_arguments(SMALL, arguments, tmp_path),
                   f"holds {64 * 4 * 32 * 2} bytes; --shape is [64, 4, 32] of float16 with strides [160, 32, 1] "
                   f"and offset 5, a storage of {storage} elements, which needs {2 * storage}")


def _output_storage_run(case, tmp_path, offset, fill=None, chunk_bytes=None):
    """Runs `case` with its output at `offset` in its own storage; returns (golden bits, result)."""
    x, w, arguments = prepared(case, tmp_path)
    arguments = with_flag(arguments, "--output-offset", str(offset))
    if fill is not None:
        arguments = with_flag(arguments, "--output-fill", fill)
    if chunk_bytes is not None:
        arguments = with_flag(arguments, "--chunk-bytes", str(chunk_bytes))
    expected = ordered_golden(x, w, case.ends(), case.l, case.d, case.dtype).reshape(-1)
    return expected, run_case_arguments(case, arguments, tmp_path)


@pytest.mark.parametrize("fill, chunk_bytes", [("0x1234", None), ("0xABCD", 1), ("0x00ff", 3), (None, 1000)])
def test_the_output_file_is_the_whole_storage_with_the_fill_around_the_view(fill, chunk_bytes, example_binary,
                                                                              tmp_path):
    # An odd offset and odd chunk sizes: a chunk may end inside an element, the pattern must not slip.
    offset = 7
    expected, result = _output_storage_run(ODD_SIZES, tmp_path, offset, fill, chunk_bytes)
    assert result.returncode == 0 and result.report.get("status") == 0, result.describe()
    pattern = int(fill, 16) if fill else 0xFFFF
    assert result.output.size == offset + expected.size, result.describe()
    assert np.all(result.output[:offset] == pattern), result.output[:offset]
    assert np.array_equal(result.output[offset:], expected)


def test_an_empty_output_view_has_no_storage(example_binary, tmp_path):
    # K = 0: the view [0, N, D] at any offset lives in a storage of 0 elements.
    case = LegalCase(name="cli:no-window", dtype="bfloat16", N=2, D=16, l=64, d=16, lengths=(63, 5), seed=6)
    expected, result = _output_storage_run(case, tmp_path, 1000, "0x5555")
    assert expected.size == 0 and case.K == 0
    assert result.returncode == 0 and result.report.get("rows") == 0, result.describe()
    assert (tmp_path / "output.bin").exists() and result.output.size == 0


def test_the_usage_text_names_the_view_and_layout_flags(example_binary):
    done = subprocess.run([str(example_binary), "--help"], capture_output=True, text=True, timeout=60,
                          env=environment())
    assert done.returncode == 0
    for words in ("--layout TND|BSND|BNSD|BSH|SBH", "--heads N", "--input-strides", "--input-offset",
                  "--weight-strides", "--weight-offset", "--output-strides", "--output-offset", "--output-fill 0xHHHH",
                  "--output-storage own|input|weight", "offset + 1 +", "sum((size - 1) * stride)",
                  "actSeqLenOptional is a null pointer"):
        assert words in done.stdout, words


@pytest.mark.parametrize("layout, shape, act_seq_len, seq_type", [
    # cumulative ends whose steps pass int64: the host reads them in 128 bits
    ("BSND", "2,64,4,32", f"{INT64_MAX},{-2 ** 63}", 0),
    ("BNSD", "2,4,64,32", f"{INT64_MAX},{INT64_MAX}", 1),
    # more entries than batches, and fewer
    ("BSH", "2,64,128", "64,64,64,64", 1),
    ("SBH", "64,3,128", "10", 0),
])
def test_batch_lists_the_operator_must_judge_reach_it(layout, shape, act_seq_len, seq_type, example_binary,
                                                      tmp_path):
    # Whatever the list, the host's row count stays in [0, B * S] and the call reaches the operator,
    # which refuses it (with the layouts supported, for the list; before, for the layout).
    _, _, arguments = prepared(SMALL, tmp_path)
    for flag, value in (("--layout", layout), ("--shape", shape), ("--act-seq-len", act_seq_len),
                        ("--act-seq-len-type", str(seq_type)), ("--heads", "4")):
        arguments = with_flag(arguments, flag, value)
    sizes = [int(v) for v in shape.split(",")]
    (tmp_path / "input.bin").write_bytes(bytes(2 * int(np.prod(sizes))))
    result = run_case_arguments(SMALL, arguments, tmp_path)
    assert result.returncode == 1 and result.report.get("status") == ACLNN_ERR_PARAM_INVALID, result.describe()
    batches, length = (sizes[1], sizes[0]) if layout == "SBH" else (sizes[0], sizes[2] if layout == "BNSD" else sizes[1])
    assert 0 <= result.report["rows"] <= batches * length, result.describe()


def test_an_unknown_layout_reaches_the_operator_with_four_sizes_too(example_binary, tmp_path):
    _, _, arguments = prepared(SMALL, tmp_path)
    arguments = with_flag(with_flag(arguments, "--layout", "BHSD"), "--shape", "1,64,4,32")
    assert_operator_refused(run_case_arguments(SMALL, arguments, tmp_path), "layoutOptional", '"BHSD"')

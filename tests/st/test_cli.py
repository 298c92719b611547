"""The example's command line under hostile use: sizes and counts past what int64 holds, values
it cannot represent, and illegal arguments it must pass on to the operator.

Exit codes (the binary's header comment): 0 success, 1 the call failed, 2 a usage error. A
refusal of the binary's own (2) prints no JSON result line, so that nothing downstream mistakes
it for a call. Everything the binary cannot refuse on its own grounds must reach the operator.
"""
import pytest

from cases import ACLNN_ERR_PARAM_INVALID, LegalCase, make_illegal_case
from checks import check_illegal, contains_word
from runner import TIMEOUT_SECONDS, run, run_arguments, write_inputs

INT64_MAX = 2 ** 63 - 1

SMALL = LegalCase(name="cli:small", dtype="float16", N=4, D=32, l=32, d=32, lengths=(64,), seed=1)


def prepared(case, folder):
    """Writes the case's inputs into `folder`; returns (x, w, the binary's arguments)."""
    x, w = case.data()
    write_inputs(case.call(), x, w, folder)
    return x, w, case.call().arguments(folder)


def with_flag(arguments, flag, value):
    """`arguments` with `flag` set to `value`: replaced where given, else appended."""
    arguments = list(arguments)
    if flag in arguments:
        arguments[arguments.index(flag) + 1] = value
    else:
        arguments += [flag, value]
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

"""The V2 example's own command line: the cache input files, which the shared file tests do not
take (runner.INPUT_FLAGS), the length lists given as files, and the flags only V2 has."""
import numpy as np

from .runner import OP, small_call_arguments
from ..nsa_harness import example
from ..nsa_harness.example import with_flag


def run(arguments):
    return example.run_command(example.binary_path(OP), arguments)


def test_a_value_output_naming_the_value_cache_input_is_refused_and_the_cache_kept(tmp_path):
    arguments = small_call_arguments(tmp_path)
    cache = tmp_path / "value_cache.bin"
    cache.write_bytes(b"\0" * 256)
    done, command = run(with_flag(with_flag(arguments, "--value-cache", str(cache)), "--value-output", str(cache)))
    assert done.returncode == 2 and "--value-output" in done.stderr and "--value-cache" in done.stderr, \
        f"{done.stderr}\n{command}"
    assert cache.read_bytes() == b"\0" * 256


def test_a_value_cache_file_of_the_wrong_size_is_refused_before_the_call(tmp_path):
    arguments = small_call_arguments(tmp_path)
    cache = tmp_path / "short.bin"
    cache.write_bytes(b"\0" * 10)
    done, command = run(arguments + ["--value-cache", str(cache)])
    assert done.returncode == 2 and "--value-cache" in done.stderr and "holds 10 bytes" in done.stderr, done.stderr


def test_a_value_cache_without_its_output_is_a_usage_error(tmp_path):
    arguments = small_call_arguments(tmp_path)
    at = arguments.index("--value-output")
    done, command = run(arguments[:at] + arguments[at + 2:] + ["--value-cache", str(tmp_path / "input.bin")])
    assert done.returncode == 2 and "--value-cache is given without --value-output" in done.stderr, done.stderr


def test_a_length_list_and_its_file_together_are_a_usage_error(tmp_path):
    lengths = tmp_path / "prev.txt"
    lengths.write_text("0 47\n")
    done, command = run(small_call_arguments(tmp_path) + ["--prev-seq-len-file", str(lengths)])
    assert done.returncode == 2 and "--prev-seq-len and --prev-seq-len-file are both given" in done.stderr, done.stderr


def test_length_files_give_what_the_lists_give(tmp_path):
    arguments = small_call_arguments(tmp_path)
    done, command = run(arguments)
    assert done.returncode == 0, f"{done.stderr}\n{command}"
    inline = np.fromfile(tmp_path / "output.bin", np.uint16)
    for flag, text in (("--prev-seq-len", "0\n47\n"), ("--act-seq-len", "48, 48")):
        (tmp_path / f"{flag[2:]}.txt").write_text(text)
        at = arguments.index(flag)
        arguments[at:at + 2] = [f"{flag}-file", str(tmp_path / f"{flag[2:]}.txt")]
    done, command = run(arguments)
    assert done.returncode == 0, f"{done.stderr}\n{command}"
    assert np.array_equal(np.fromfile(tmp_path / "output.bin", np.uint16), inline)


def test_a_length_dtype_other_than_int64_or_int32_is_a_usage_error(tmp_path):
    done, command = run(small_call_arguments(tmp_path) + ["--seq-len-dtype", "int8"])
    assert done.returncode == 2 and "--seq-len-dtype is 'int8'; it must be int64 or int32" in done.stderr, done.stderr

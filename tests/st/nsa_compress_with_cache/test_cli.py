"""The decode example's own command line: the --cache input file, which the shared file tests do
not take (runner.INPUT_FLAGS), and the index tensors' flags."""
from .runner import small_call_arguments
from ..nsa_harness import example


def run(arguments):
    done, command = example.run_command(example.binary_path("nsa_compress_with_cache"), arguments)
    return done, command


def test_output_naming_the_cache_input_is_refused_and_the_cache_kept(tmp_path):
    arguments = small_call_arguments(tmp_path)
    cache = tmp_path / "cache.bin"
    cache.write_bytes(b"\0" * 192)
    done, command = run(arguments + ["--cache", str(cache)])
    assert done.returncode == 0, f"{done.stderr}\n{command}"
    at = arguments.index("--output")
    done, command = run(arguments[:at] + ["--output", str(cache)] + arguments[at + 2:] + ["--cache", str(cache)])
    assert done.returncode == 2 and "--output" in done.stderr and "--cache" in done.stderr, f"{done.stderr}\n{command}"
    assert cache.read_bytes() == b"\0" * 192


def test_a_cache_file_of_the_wrong_size_is_refused_before_the_call(tmp_path):
    arguments = small_call_arguments(tmp_path)
    cache = tmp_path / "cache.bin"
    cache.write_bytes(b"\0" * 10)
    done, command = run(arguments + ["--cache", str(cache)])
    assert done.returncode == 2 and "--cache" in done.stderr and "holds 10 bytes" in done.stderr, done.stderr


def test_block_table_without_its_shape_is_a_usage_error(tmp_path):
    arguments = small_call_arguments(tmp_path)
    at = arguments.index("--block-table-shape")
    done, command = run(arguments[:at] + arguments[at + 2:])
    assert done.returncode == 2 and "--block-table and --block-table-shape go together" in done.stderr, done.stderr


def test_an_index_dtype_other_than_int32_or_int64_is_a_usage_error(tmp_path):
    done, command = run(small_call_arguments(tmp_path) + ["--slot-dtype", "int8"])
    assert done.returncode == 2 and "--slot-dtype is 'int8'; it must be int32 or int64" in done.stderr, done.stderr

"""The decode example's own command line: the --cache input file, which the shared file tests do
not take (runner.INPUT_FLAGS), the index tensors' flags and --repeat."""
from .runner import small_call_arguments
from ..nsa_harness import example
from ..nsa_harness.example import parse_report


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


def test_repeat_below_one_is_a_usage_error(tmp_path):
    done, command = run(small_call_arguments(tmp_path) + ["--repeat", "0"])
    assert done.returncode == 2 and "--repeat is 0; it must be at least 1" in done.stderr, done.stderr


def test_repeated_calls_report_their_host_time_and_write_what_one_call_writes(tmp_path):
    arguments = small_call_arguments(tmp_path)
    output = tmp_path / arguments[arguments.index("--output") + 1]
    done, command = run(arguments)
    assert done.returncode == 0 and "host_seconds" not in parse_report(done.stdout), f"{done.stdout}\n{command}"
    once = output.read_bytes()
    done, command = run(arguments + ["--repeat", "3"])
    report = parse_report(done.stdout)
    assert done.returncode == 0 and report["rows"] == 1, f"{done.stderr}\n{command}"
    host = report["host_seconds"]
    assert host["calls"] == 3 and host["phase_one"] > 0 and host["phase_two"] > 0, host
    assert output.read_bytes() == once

"""A file named as the library that is no loadable shared library for this interpreter: refused
from its ELF header, read with bounded reads, by an error that names the file and the variable or
argument that named it, before anything is loaded. Each case runs in a fresh interpreter (no
session yet), so that a crash (a sanitizer build exiting the interpreter) fails the test too."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nsa_compress

PYTHON_DIR = Path(__file__).resolve().parents[1]
# e_ident[EI_CLASS] and e_machine in an ELF header.
EI_CLASS_OFFSET, E_MACHINE_OFFSET = 4, 18
EM_AARCH64, EM_X86_64 = 183, 62

LOAD = """
import json, resource, sys
from nsa_compress import _library
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    _library.load(sys.argv[1] or None)
    outcome = {"error": None}
except OSError as error:
    outcome = {"error": type(error).__name__, "message": str(error)}
outcome["maxrss_growth_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(json.dumps(outcome))
"""


def _load_in_subprocess(library="", **env):
    environ = dict(os.environ, PYTHONPATH=str(PYTHON_DIR), **env)
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(LOAD), library], env=environ,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _assert_refused(outcome, *words):
    assert outcome["error"] == "LibraryInvalid", outcome
    for word in words:
        assert word in outcome["message"], outcome


@pytest.fixture(scope="module")
def real_library():
    return nsa_compress.session().loaded.opapi_path


def _patched_copy(source, target, offset, data):
    image = bytearray(Path(source).read_bytes())
    image[offset:offset + len(data)] = data
    target.write_bytes(bytes(image))
    return target


def test_a_text_file_named_by_the_variable(tmp_path):
    text = tmp_path / "passwd"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    _assert_refused(_load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(text)), str(text), "NSA_COMPRESS_OPAPI_LIB",
                    "not an ELF file")


def test_a_text_file_named_by_the_argument(tmp_path):
    text = tmp_path / "passwd"
    text.write_text("root:x:0:0:root:/root:/bin/bash\n")
    _assert_refused(_load_in_subprocess(str(text)), str(text), "library argument", "not an ELF file")


def test_a_huge_sparse_file_is_not_read_whole(tmp_path):
    sparse = tmp_path / "huge.so"
    with open(sparse, "wb") as handle:
        handle.truncate(3 << 30)
    outcome = _load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(sparse))
    _assert_refused(outcome, str(sparse), "NSA_COMPRESS_OPAPI_LIB", "not an ELF file")
    assert outcome["maxrss_growth_kib"] < 64 * 1024, outcome


def test_a_wrong_class_or_machine_is_refused(tmp_path, real_library):
    wrong_class = _patched_copy(real_library, tmp_path / "class.so", EI_CLASS_OFFSET, bytes([1]))
    _assert_refused(_load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(wrong_class)), str(wrong_class),
                    "NSA_COMPRESS_OPAPI_LIB", "32-bit")
    machine = int.from_bytes(Path(real_library).read_bytes()[E_MACHINE_OFFSET:E_MACHINE_OFFSET + 2], sys.byteorder)
    other_machine = EM_X86_64 if machine == EM_AARCH64 else EM_AARCH64
    wrong_machine = _patched_copy(real_library, tmp_path / "machine.so", E_MACHINE_OFFSET,
                                  other_machine.to_bytes(2, sys.byteorder))
    _assert_refused(_load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(wrong_machine)), str(wrong_machine),
                    "NSA_COMPRESS_OPAPI_LIB", f"machine {other_machine}")


def test_a_truncated_library_is_refused(tmp_path, real_library):
    truncated = tmp_path / "truncated.so"
    truncated.write_bytes(Path(real_library).read_bytes()[:200])
    _assert_refused(_load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(truncated)), str(truncated),
                    "NSA_COMPRESS_OPAPI_LIB", "beyond the end of the file")


def test_a_wrong_runtime_named_by_its_variable(tmp_path, real_library):
    text = tmp_path / "runtime.so"
    text.write_text("not a library\n")
    _assert_refused(_load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=str(real_library), NSA_COMPRESS_RUNTIME_LIB=str(text)),
                    str(text), "NSA_COMPRESS_RUNTIME_LIB", "not an ELF file")


def test_a_library_without_the_simulator_is_taken_for_cann_and_named(real_library):
    # libascend_sim.so is a valid shared library that does not need itself: a CANN build to the
    # search, whose libascendcl.so this machine does not have.
    runtime = nsa_compress.session().loaded.runtimes[0]._name
    outcome = _load_in_subprocess(NSA_COMPRESS_OPAPI_LIB=runtime)
    assert outcome["error"] == "LibraryNotFound", outcome
    for word in (runtime, "NSA_COMPRESS_OPAPI_LIB", "CANN build", "libascendcl.so"):
        assert word in outcome["message"], outcome


def test_needed_libraries_from_the_dynamic_section(real_library):
    from nsa_compress import _elf
    needed = _elf.needed_libraries(real_library)
    assert "libascend_sim.so" in needed and "libc.so.6" in needed
    assert "libascend_sim.so" not in _elf.needed_libraries(nsa_compress.session().loaded.runtimes[0]._name)

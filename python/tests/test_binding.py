"""The binding's library search order, the simulator runtime it loads, and an ACL runtime that a
program initialised before the binding's first call."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nsa_compress
from nsa_compress import _library

PYTHON_DIR = Path(__file__).resolve().parents[1]


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def test_search_order(tmp_path):
    explicit = _touch(tmp_path / "explicit" / "libcust_opapi.so")
    by_env = _touch(tmp_path / "env" / "libcust_opapi.so")
    on_path = _touch(tmp_path / "ld" / "libcust_opapi.so")
    opp = _touch(tmp_path / "opp" / "vendors" / "x" / "op_api" / "lib" / "libcust_opapi.so")
    environ = {"NSA_COMPRESS_OPAPI_LIB": str(by_env), "LD_LIBRARY_PATH": f"/nonexistent:{on_path.parent}",
               "ASCEND_CUSTOM_OPP_PATH": str(tmp_path / "opp" / "vendors" / "x")}
    assert _library.find_opapi(explicit, environ) == explicit.resolve()
    assert _library.find_opapi(None, environ) == by_env.resolve()
    del environ["NSA_COMPRESS_OPAPI_LIB"]
    assert _library.find_opapi(None, environ) == on_path.resolve()
    environ["LD_LIBRARY_PATH"] = "/nonexistent"
    assert _library.find_opapi(None, environ) == opp.resolve()
    where = [where for where, _ in _library.opapi_candidates(None, {})]
    assert where == ["checkout build_out"]


def test_an_explicit_path_that_is_no_file_is_an_error(tmp_path):
    with pytest.raises(_library.LibraryNotFound, match="library argument"):
        _library.find_opapi(tmp_path / "missing.so", {})
    with pytest.raises(_library.LibraryNotFound, match="NSA_COMPRESS_OPAPI_LIB"):
        _library.find_opapi(None, {"NSA_COMPRESS_OPAPI_LIB": str(tmp_path / "missing.so")})


def test_nothing_found_lists_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(_library, "_CHECKOUT_ROOT", tmp_path)
    with pytest.raises(_library.LibraryNotFound) as info:
        _library.find_opapi(None, {"LD_LIBRARY_PATH": str(tmp_path / "a")})
    assert str(tmp_path / "a" / "libcust_opapi.so") in str(info.value)


def test_the_loaded_library_is_the_sim_build():
    session = nsa_compress.session()
    assert session.backend == "sim"
    assert _library.needs_sim_runtime(session.loaded.opapi_path)
    assert session.loaded.runtimes[0]._name.endswith("libascend_sim.so")


def _run(code, **env):
    # The binding's tests: the subprocesses run on the simulator backend.
    environ = dict(os.environ, PYTHONPATH=str(PYTHON_DIR), NSA_COMPRESS_BACKEND="simulator", **env)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=environ, capture_output=True,
                          text=True, timeout=300)


def test_acl_initialised_before_the_binding():
    # The program calls aclInit itself; the binding's aclInit then reports it initialised
    # (100002) and the binding goes on, without finalising what it does not own.
    result = _run("""
        import ctypes, numpy as np
        from nsa_compress import _library
        loaded = _library.load()
        assert loaded.symbol("aclInit")(None) == 0
        import nsa_compress
        out = nsa_compress.compress(np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float16), 32, 32, [64])
        assert (out == 32).all(), out
        assert nsa_compress.session().owns_init is False
        print("ok")
    """)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_runtime_from_the_install_beside_the_library_without_library_path():
    # No LD_LIBRARY_PATH: the library comes from NSA_COMPRESS_OPAPI_LIB and libascend_sim.so from
    # <build_out>/simulator/lib beside that install.
    opapi = nsa_compress.session().loaded.opapi_path
    env = {"NSA_COMPRESS_OPAPI_LIB": str(opapi), "LD_LIBRARY_PATH": ""}
    result = _run("""
        import numpy as np, nsa_compress
        out = nsa_compress.compress(np.ones((64, 2, 32), np.float16), np.ones((32, 2), np.float16), 32, 16, [64])
        print(out.shape)
    """, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(3, 2, 32)"


@pytest.mark.parametrize("backend", ["simulator", "cpu"])
def test_calls_from_several_threads(backend):
    # Simulator: one session for the process; calls from threads are serialised and each gets its
    # result. CPU: calls run concurrently, each with its own threads.
    from concurrent.futures import ThreadPoolExecutor
    import numpy as np
    rng = np.random.default_rng(5)
    inputs = [rng.standard_normal((96, 2, 32)).astype(np.float16) for _ in range(8)]
    w = rng.standard_normal((32, 2)).astype(np.float16)
    serial = [nsa_compress.compress(x, w, 32, 16, [50, 96], backend=backend) for x in inputs]
    with ThreadPoolExecutor(4) as pool:
        threaded = list(pool.map(lambda x: nsa_compress.compress(x, w, 32, 16, [50, 96], backend=backend), inputs))
    for one, other in zip(serial, threaded):
        np.testing.assert_array_equal(one.view(np.uint16), other.view(np.uint16))


def test_an_empty_array_is_passed_with_row_major_strides():
    # numpy gives an empty array strides of 0; the grad op's tiling refuses those for its K = 0
    # outputGrad, so the binding passes the row-major strides of the shape instead.
    import numpy as np
    from nsa_compress import _host_view
    empty = np.zeros((0, 2, 32), np.float16)
    assert empty.strides == (0, 0, 0)
    view = _host_view.HostView(empty, "float16")
    assert view.strides == [64, 32, 1] and view.storage_elements == 0

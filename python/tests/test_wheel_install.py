"""The package as a user gets it: a wheel built from python/ (scikit-build-core compiling
native/), installed into a fresh virtual environment with no NSA_*, ASCEND_* or LD_LIBRARY_PATH
variables, run from outside the checkout: compress and compress_grad must give the goldens' bits
(tests/st/<op>/golden.py, computed here, in the test's own environment) on the library the wheel
ships (the CPU backend's `locate()` names the package folder inside the new environment).

Four cases (93 s in all on two cores, one wheel shared by the first two): the wheel (18 s:
the compile, `python -m venv`, pip), the sdist and
the wheel built from it outside the checkout by `python -m build` (24 s), the wheel with
torch and the torch ops (38 s, most of it installing torch), and an editable install (19 s).
Needs scikit-build-core and build in this environment (requirements.txt) for builds without isolation,
and pip able to install into the new environment numpy, scikit-build-core and torch at this
environment's exact versions (torch's local version included, e.g. 2.13.0+cpu: from pip's cache,
its find-links or the PyTorch CPU index, never a different build)."""
import importlib
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PYTHON_DIR.parent
L, D = 32, 16
ENDS = [40, 100]

CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import numpy as np
    import nsa_compress
    from nsa_compress import _cpu
    venv, data, modules = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), Path(sys.argv[3]).resolve()
    where, path = _cpu.locate()
    assert where == "package folder", (where, path)
    assert venv in path.parents, (path, venv)
    assert modules in Path(nsa_compress.__file__).resolve().parents, nsa_compress.__file__
    x = np.load(data / "x.npy").view(np.float16)
    w = np.load(data / "w.npy").view(np.float16)
    dy = np.load(data / "dy.npy").view(np.float16)
    out = nsa_compress.compress(x, w, {l}, {d}, {ends})
    dx, dw = nsa_compress.compress_grad(dy, x, w, {l}, {d}, {ends})
    results = [("out", out), ("dx", dx), ("dw", dw)]
    if sys.argv[4] == "torch":
        import torch
        xt, wt, dyt = (torch.from_numpy(a) for a in (x, w, dy))
        out_t = torch.ops.nsa_compress.npu_nsa_compress(xt, wt, {l}, {d}, actual_seq_len={ends})
        dx_t, dw_t = torch.ops.nsa_compress.npu_nsa_compress_grad(dyt, xt, wt, {l}, {d}, actual_seq_len={ends})
        results += [("torch_out", out_t.numpy()), ("torch_dx", dx_t.numpy()), ("torch_dw", dw_t.numpy())]
    for name, array in results:
        np.save(data / (name + "_got.npy"), np.asarray(array).view(np.uint16))
    print("library", path)
""").format(l=L, d=D, ends=ENDS)


def clean_environment():
    """This process's environment without anything that points at a library or a CANN install,
    nor build.sh --sanitize's ASan preload (the wheel's library and the compilers are no ASan
    builds)."""
    drop = ("NSA_", "ASCEND_", "ASAN_")
    names = ("LD_LIBRARY_PATH", "LD_PRELOAD", "PYTHONPATH", "VIRTUAL_ENV")
    return {key: value for key, value in os.environ.items() if not key.startswith(drop) and key not in names}


def run(command, **kwargs):
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (f"{' '.join(map(str, command))} exited {result.returncode}\n"
                                    f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}")
    return result


def required(module):
    """MODULE of this environment (requirements.txt). Under CI (CI=true, .ci/run) its absence
    fails the test instead of skipping it."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(module, reason=f"{module} (requirements.txt) builds or runs the package")


def build_wheel(out_dir, env):
    """The wheel pip builds from python/ (in place, so native/ reaches ../nsa_common)."""
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out_dir, PYTHON_DIR],
        env=env, cwd=out_dir)
    wheels = sorted(Path(out_dir).glob("nsa_compress-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_from_checkout(tmp_path_factory):
    """One wheel built in place from python/, shared by the cases that install it."""
    return build_wheel(tmp_path_factory.mktemp("wheel"), clean_environment())


def build_wheel_from_sdist(out_dir, env):
    """`python -m build`: the sdist, then the wheel built from it in a temporary folder outside
    the checkout, where native/ must find the nsa_common sources the sdist carries."""
    dist = Path(out_dir) / "dist"
    result = run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, PYTHON_DIR], env=env, cwd=out_dir)
    log = result.stdout + result.stderr
    assert "Building wheel from sdist" in log and re.search(r"nsa_common from \S*/_nsa_common\b", log), log[-4000:]
    assert len(sorted(dist.glob("nsa_compress-*.tar.gz"))) == 1, sorted(dist.iterdir())
    wheels = sorted(dist.glob("nsa_compress-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def fresh_venv(venv, env):
    run([sys.executable, "-m", "venv", venv], env=env)
    return Path(venv) / "bin" / "python"


@pytest.mark.parametrize("mode", ["wheel", "wheel+torch", "sdist", "editable"])
def test_install_in_fresh_venv(tmp_path, golden, grad_golden, mode, request):
    """mode "wheel": the wheel installed, modules and library in the venv; "wheel+torch": the same
    with torch installed too, and the torch ops checked as well. "editable": pip install -e,
    modules in the checkout and the library in the venv's site-packages (found on the package's
    __path__; the checkout's build_out/native, if any, must not be what loads). "sdist": the wheel
    built from the sdist, outside the checkout."""
    env = clean_environment()
    venv = tmp_path / "venv"
    python = fresh_venv(venv, env)
    # numpy at this environment's version: pip takes it from its cache or configured index.
    numpy = f"numpy=={np.__version__}"
    backend = f"scikit-build-core=={required('scikit_build_core').__version__}"
    if mode in ("wheel", "wheel+torch", "sdist"):
        if mode == "sdist":
            required("build")
            wheel = build_wheel_from_sdist(tmp_path, env)
        else:
            wheel = request.getfixturevalue("wheel_from_checkout")
        # torch at this environment's version, local part included (the same build).
        extra = [f"torch=={required('torch').__version__}"] if mode == "wheel+torch" else []
        run([python, "-m", "pip", "install", "-q", wheel, numpy, *extra], env=env, cwd=tmp_path)
        modules = venv
    else:
        run([python, "-m", "pip", "install", "-q", numpy, backend], env=env, cwd=tmp_path)
        run([python, "-m", "pip", "install", "-q", "--no-build-isolation", "-e", PYTHON_DIR], env=env, cwd=tmp_path)
        modules = PYTHON_DIR / "nsa_compress"

    rng = np.random.default_rng(24)
    n, dim = 4, 64
    x = rng.standard_normal((ENDS[-1], n, dim)).astype(np.float16)
    w = (rng.standard_normal((L, n)) / L).astype(np.float16)
    x_bits, w_bits = x.view(np.uint16), w.view(np.uint16)
    want_out = golden.layout_golden(x_bits, w_bits, "TND", ENDS, 0, L, D, "float16")
    dy = rng.standard_normal(want_out.shape).astype(np.float16)
    want_dx, want_dw = grad_golden.layout_grads(dy.view(np.uint16), x_bits, w_bits, "TND", ENDS, 0, L, D, "float16")
    data = tmp_path / "data"
    data.mkdir()
    for name, array in (("x", x_bits), ("w", w_bits), ("dy", dy.view(np.uint16))):
        np.save(data / f"{name}.npy", array)

    # cwd outside the checkout and no PYTHONPATH: the import can only come from the new environment.
    with_torch = "torch" if mode == "wheel+torch" else "numpy"
    result = run([python, "-c", CHILD, venv, data, modules, with_torch], env=env, cwd=tmp_path)
    assert "library" in result.stdout
    wants = [("out", want_out), ("dx", want_dx), ("dw", want_dw)]
    if with_torch == "torch":
        wants += [("torch_" + name, want) for name, want in wants]
    for name, want in wants:
        got = np.load(data / f"{name}_got.npy")
        want = np.asarray(want).view(np.uint16)
        assert got.shape == want.shape, name
        assert np.array_equal(got, want), f"{name}: {np.count_nonzero(got != want)} of {want.size} elements differ"

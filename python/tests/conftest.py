"""pytest wiring of the Python package's tests: the package from this checkout (python/ on
sys.path, so no install step is needed and the tests always exercise these sources) and the
project's independent goldens (tests/st/nsa_compress/golden.py and
tests/st/nsa_compress_grad/grad_golden.py, imported by path)."""
import importlib.util
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]
REPO_ROOT = PYTHON_DIR.parent
sys.path.insert(0, str(PYTHON_DIR))
# The goldens import the shared harness (nsa_harness) by package name.
sys.path.insert(0, str(REPO_ROOT / "tests" / "st"))


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def golden():
    return _load_module("nsa_compress_st_golden", REPO_ROOT / "tests" / "st" / "nsa_compress" / "golden.py")


@pytest.fixture(scope="session")
def grad_golden():
    return _load_module("nsa_compress_grad_st_golden",
                        REPO_ROOT / "tests" / "st" / "nsa_compress_grad" / "grad_golden.py")

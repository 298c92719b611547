"""pytest wiring every op's system tests share: the options, the library path of the examples'
build, the op's example binary, and keeping only the --st-case case. Each op's conftest
parametrizes its own cases (nsa_harness.command_line) and summarises them.

  --st-cases N / NSA_ST_CASES=N   total number of random legal cases of each op (default: the
                                  counts of its cases/*.yaml)
  --st-case SPEC                  run only the case SPEC (what a failing case prints); its kind
                                  ('legal:', 'grad:', ...) names the op
  NSA_EXAMPLE_DIR=DIR             the folder of the example binaries (test_aclnn_<op>); default
                                  build.sh's build_out/example
"""
import os
from pathlib import Path

import pytest

from .nsa_harness import example
from .nsa_harness.command_line import SPEC_ID, SPEC_TAKEN

ST_DIR = Path(__file__).resolve().parent


def pytest_addoption(parser):
    group = parser.getgroup("nsa system tests")
    group.addoption("--st-cases", type=int, default=None, metavar="N",
                    help="total number of random legal cases of each op, shared among its generators "
                         "(tests/st/<op>/cases/*.yaml; default: their counts; also NSA_ST_CASES=N)")
    group.addoption("--st-case", default=None, metavar="SPEC",
                    help="run only this case: the spec a failing case prints ('legal:...', 'view:...', "
                         "'illegal:...', 'grad:...', 'illegal-grad:...')")


def pytest_configure(config):
    # The examples need the simulator runtime and the custom op API library; build.sh sets the
    # path when it runs pytest, this makes a hand-run pytest (and its xdist workers) find them too.
    os.environ["LD_LIBRARY_PATH"] = example.library_path(os.environ.get("LD_LIBRARY_PATH"))


def pytest_collection_modifyitems(config, items):
    # With --st-case, only the test of that one case runs; a spec no op took is a usage error,
    # not a run that passes having run nothing.
    spec = config.getoption("--st-case")
    if not spec:
        return
    if not config.stash.get(SPEC_TAKEN, False):
        raise pytest.UsageError(f"--st-case {spec!r}: no collected op's system tests take this kind of case")
    keep = [item for item in items if getattr(item, "callspec", None) and SPEC_ID in item.callspec.id]
    config.hook.pytest_deselected(items=[item for item in items if item not in keep])
    items[:] = keep


@pytest.fixture
def example_binary(request):
    """The example of the op whose tests ask (the tests/st folder they are in). Missing is a
    failure, never a skip: a suite that ran nothing must not pass."""
    op = request.path.resolve().relative_to(ST_DIR).parts[0]
    path = example.binary_path(op)
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"the example binary {path} is missing or not executable: build it with "
                    f"'bash build.sh --example' (or point {example.EXAMPLE_DIR_VARIABLE} at its folder)",
                    pytrace=False)
    return path

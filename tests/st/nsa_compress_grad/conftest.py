"""pytest wiring of the grad's system tests: options, the library path, case parametrisation, the
example binary, and a summary of what ran. The options differ from the forward op's (pytest loads
every op's conftest in one run, and an option can be added once):

  --grad-st-cases N / NSA_ST_CASES=N   total number of random legal cases (default: random.yaml's)
  --grad-st-case SPEC                  run only the case SPEC (what a failing case prints)
"""
import dataclasses
import os
import sys
from pathlib import Path

import pytest

# The modules next to this file import each other by name, and the shared harness (nsa_harness)
# as a package, whatever the rootdir and import mode are (pytest.ini also puts both on the path).
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from grad_runner import binary_path, library_path  # noqa: E402
from nsa_harness.draws import requested_total  # noqa: E402

SPEC_ID = "grad-command-line"


def pytest_addoption(parser):
    group = parser.getgroup("nsa-compress-grad system tests")
    group.addoption("--grad-st-cases", type=int, default=None, metavar="N",
                    help="total number of random legal grad cases, shared among the generators of "
                         "tests/st/nsa_compress_grad/cases/random.yaml (default: their counts; also NSA_ST_CASES=N)")
    group.addoption("--grad-st-case", default=None, metavar="SPEC",
                    help="run only this grad case: the 'grad:...' or 'illegal-grad:...' spec a failing case prints")


def pytest_configure(config):
    # The example needs the simulator runtime and the custom op API library; build.sh sets the
    # path when it runs pytest, this makes a hand-run pytest (and its xdist workers) find them too.
    os.environ["LD_LIBRARY_PATH"] = library_path(os.environ.get("LD_LIBRARY_PATH"))


def random_case_total(config):
    """None for the YAML counts, else the requested total."""
    return requested_total(config.getoption("--grad-st-cases"), "--grad-st-cases")


def _command_line_case(config):
    spec = config.getoption("--grad-st-case")
    if not spec:
        return None
    from grad_cases import parse_spec
    from grad_illegal import parse_illegal_spec
    try:
        case = parse_illegal_spec(spec) if spec.strip().startswith("illegal-grad:") else parse_spec(spec)
    except (KeyError, ValueError) as error:
        raise pytest.UsageError(f"--grad-st-case {spec!r}: {error}") from None
    return dataclasses.replace(case, name=SPEC_ID)


def pytest_generate_tests(metafunc):
    from grad_cases import GradCase, all_legal_cases
    from grad_illegal import IllegalGradCase, illegal_cases
    only = _command_line_case(metafunc.config)
    for fixture, kind, all_cases in (
            ("grad_legal_case", GradCase, lambda: all_legal_cases(random_case_total(metafunc.config))),
            ("grad_illegal_case", IllegalGradCase, illegal_cases)):
        if fixture not in metafunc.fixturenames:
            continue
        chosen = ([only] if isinstance(only, kind) else []) if only is not None else all_cases()
        metafunc.parametrize(fixture, chosen, ids=[case.name for case in chosen])


def pytest_collection_modifyitems(config, items):
    # With --grad-st-case, only the test of that one case runs.
    if config.getoption("--grad-st-case"):
        keep = [item for item in items if getattr(item, "callspec", None) and SPEC_ID in item.callspec.id]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def grad_example_binary():
    """The built grad example. Missing is a failure, never a skip: a suite that ran nothing must
    not pass."""
    path = binary_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"the grad example binary {path} is missing or not executable: build it with "
                    f"'bash build.sh --example' (or point NSA_GRAD_EXAMPLE_BIN at it)", pytrace=False)
    return path


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # What the default suite covers, for the record: counts per source, layouts, the largest case.
    if config.getoption("--grad-st-case") or hasattr(config, "workerinput"):
        return
    from grad_cases import load_listed, random_cases
    from grad_illegal import illegal_cases
    fixed, edge = load_listed("fixed.yaml"), load_listed("edge.yaml")
    randoms = random_cases(random_case_total(config))
    legal = fixed + edge + randoms
    layouts = {}
    for case in legal:
        layouts[case.layout] = layouts.get(case.layout, 0) + 1
    largest = max(legal, key=lambda case: case.slots * case.N * case.D)
    costliest = max(legal, key=lambda case: case.work)
    terminalreporter.write_sep("-", "nsa-compress-grad system-test cases")
    terminalreporter.write_line(f"legal: {len(fixed)} fixed, {len(edge)} edge, {len(randoms)} random "
                                f"({sum(c.K == 0 for c in legal)} with K = 0); illegal: {len(illegal_cases())}")
    terminalreporter.write_line("layouts: " + ", ".join(f"{name} {count}" for name, count in sorted(layouts.items())))
    terminalreporter.write_line(f"largest input: {largest.describe()} ({largest.slots * largest.N * largest.D} "
                                f"elements)")
    terminalreporter.write_line(f"most work ({costliest.work} products): {costliest.describe()}")

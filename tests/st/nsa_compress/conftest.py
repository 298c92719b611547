"""pytest wiring of the system tests: options, the library path, case parametrisation, the
example binary, and a summary of what ran.

  --st-cases N / NSA_ST_CASES=N   total number of random legal cases, random.yaml's and
                                  views.yaml's together (default: the YAML counts)
  --st-case SPEC                  run only the case SPEC (what a failing case prints)
"""
import os
import sys
from pathlib import Path

import pytest

# The modules next to this file import each other by name, and the shared harness (nsa_harness)
# as a package; make that work whatever the rootdir and import mode are (pytest.ini also puts
# both folders on the path).
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from runner import binary_path, library_path  # noqa: E402
from nsa_harness.draws import requested_total  # noqa: E402

SPEC_ID = "command-line"


def pytest_addoption(parser):
    group = parser.getgroup("nsa-compress system tests")
    group.addoption("--st-cases", type=int, default=None, metavar="N",
                    help="total number of random legal cases, shared among the generators of "
                         "cases/random.yaml and cases/views.yaml (default: their counts; also NSA_ST_CASES=N)")
    group.addoption("--st-case", default=None, metavar="SPEC",
                    help="run only this case: the 'legal:...', 'view:...' or 'illegal:...' spec a failing "
                         "case prints")


def pytest_configure(config):
    # The example needs the simulator runtime and the custom op API library; build.sh sets the
    # path when it runs pytest, this makes a hand-run pytest (and its xdist workers) find them too.
    os.environ["LD_LIBRARY_PATH"] = library_path(os.environ.get("LD_LIBRARY_PATH"))


def random_case_total(config):
    """None for the YAML counts, else the requested total."""
    return requested_total(config.getoption("--st-cases"), "--st-cases")


def _command_line_case(config):
    spec = config.getoption("--st-case")
    if not spec:
        return None
    from cases import parse_spec
    from view_cases import parse_view_spec
    try:
        return parse_view_spec(spec) if spec.strip().startswith("view:") else parse_spec(spec)
    except (KeyError, ValueError) as error:
        raise pytest.UsageError(f"--st-case {spec!r}: {error}") from None


def legal_cases(config):
    from cases import load_listed, random_cases, split_random_total
    total, _ = split_random_total(random_case_total(config))
    return load_listed("fixed.yaml") + load_listed("edge.yaml") + random_cases(total)


def view_cases(config):
    from cases import split_random_total
    from view_cases import all_view_cases
    _, total = split_random_total(random_case_total(config))
    return all_view_cases(total)


def pytest_generate_tests(metafunc):
    from cases import IllegalCase, LegalCase, illegal_cases
    from view_cases import ViewCase
    only = _command_line_case(metafunc.config)
    for fixture, kind, all_cases in (("legal_case", LegalCase, lambda: legal_cases(metafunc.config)),
                                     ("view_case", ViewCase, lambda: view_cases(metafunc.config)),
                                     ("illegal_case", IllegalCase, illegal_cases)):
        if fixture not in metafunc.fixturenames:
            continue
        if only is not None:
            chosen = [only] if isinstance(only, kind) else []
        else:
            chosen = all_cases()
        metafunc.parametrize(fixture, chosen, ids=[case.name for case in chosen])


def pytest_collection_modifyitems(config, items):
    # With --st-case, only the test of that one case runs.
    if config.getoption("--st-case"):
        keep = [item for item in items if getattr(item, "callspec", None) and SPEC_ID in item.callspec.id]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


@pytest.fixture(scope="session")
def example_binary():
    """The built example. Missing is a failure, never a skip: a suite that ran nothing must not pass."""
    path = binary_path()
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(f"the example binary {path} is missing or not executable: build it with "
                    f"'bash build.sh --example' (or point NSA_EXAMPLE_BIN at it)", pytrace=False)
    return path


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # What the default suite covers, for the record: counts per source and the largest case.
    if config.getoption("--st-case") or hasattr(config, "workerinput"):
        return
    from cases import illegal_cases, load_listed, random_cases, split_random_total
    from view_cases import load_named, random_view_cases
    fixed, edge = load_listed("fixed.yaml"), load_listed("edge.yaml")
    legacy_total, view_total = split_random_total(random_case_total(config))
    randoms = random_cases(legacy_total)
    named_views, random_views = load_named(), random_view_cases(view_total)
    views = named_views + random_views
    legal = fixed + edge + randoms
    largest = max(legal, key=lambda case: case.T * case.N * case.D)
    costliest = max(legal, key=lambda case: case.work)
    terminalreporter.write_sep("-", "nsa-compress system-test cases")
    terminalreporter.write_line(f"legal: {len(fixed)} fixed, {len(edge)} edge, {len(randoms)} random; "
                                f"views and layouts: {len(named_views)} named, {len(random_views)} random; "
                                f"illegal: {len(illegal_cases())}")
    layouts = {}
    for case in views:
        layouts[case.layout] = layouts.get(case.layout, 0) + 1
    terminalreporter.write_line(
        "views and layouts: " + ", ".join(f"{name} {count}" for name, count in sorted(layouts.items())) +
        f"; {sum(c.in_place() for c in views)} in place, {sum(not c.in_place() for c in views)} through the "
        f"copy path; {sum(c.contiguous_today() for c in views)} TND with contiguous strides (offsets allowed)")
    terminalreporter.write_line(f"largest input: {largest.describe()} ({largest.T * largest.N * largest.D} elements)")
    terminalreporter.write_line(f"most work (T*N*D*ceil(l/d) = {costliest.work}): {costliest.describe()}")

"""pytest wiring of aclnnNsaCompress's system tests: its cases as the parameters of the tests that
ask for legal_case, view_case or illegal_case, and a summary of what ran. The options, the
example binary and the library path are every op's (tests/st/conftest.py)."""
from .cases import LegalCase, load_listed, parse_legal_spec, random_cases, split_random_total
from .illegal import IllegalCase, illegal_cases, parse_illegal_spec
from .view_cases import ViewCase, all_view_cases, load_named, parse_view_spec, random_view_cases
from ..nsa_harness import command_line

# The kinds of spec this op's cases print, each with what rebuilds the case.
SPEC_PARSERS = {"legal": parse_legal_spec, "view": parse_view_spec, "illegal": parse_illegal_spec}


def legal_cases(config):
    total, _ = split_random_total(command_line.random_case_total(config))
    return load_listed("fixed.yaml") + load_listed("edge.yaml") + random_cases(total)


def view_cases(config):
    _, total = split_random_total(command_line.random_case_total(config))
    return all_view_cases(total)


def pytest_generate_tests(metafunc):
    command_line.parametrize(metafunc, SPEC_PARSERS, {
        "legal_case": (LegalCase, lambda: legal_cases(metafunc.config)),
        "view_case": (ViewCase, lambda: view_cases(metafunc.config)),
        "illegal_case": (IllegalCase, illegal_cases)})


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # What the default suite covers, for the record: counts per source and the largest case.
    if config.getoption("--st-case") or hasattr(config, "workerinput"):
        return
    fixed, edge = load_listed("fixed.yaml"), load_listed("edge.yaml")
    legacy_total, view_total = split_random_total(command_line.random_case_total(config))
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

"""The package tree as the README lists it ("### The package tree"): one path a line, relative to
the installed vendor folder (vendors/<vendor>/), then a description. A path may hold <soc> (each
compute unit), <op> and <OpType> (each op folder and its type), <arch> (this machine) and <hash>
(the 32 hex digits the framework names a kernel binary with, one per dtype combination);
'path -> target' is a symbolic link. A description starting with (cann) or (sim) marks a file of
that backend only; (installer) marks one the installer writes, which the run package does not carry.
Both the sim package's tests and the cann backend's toolkit check compare what they built with it."""
import platform
import re
import sys
from pathlib import Path

HEADING = "### The package tree"
MARKS = re.compile(r"\((cann|sim|installer)\)")


def compute_units(root: Path) -> list:
    """NSA_COMPUTE_UNITS of cmake/package_tree.cmake."""
    match = re.search(r"^set\(NSA_COMPUTE_UNITS ([^)]*)\)", (root / "cmake/package_tree.cmake").read_text(), re.M)
    return match.group(1).split()


def _lines(readme: Path) -> list:
    text = readme.read_text()
    if HEADING not in text:
        raise ValueError(f"{readme} has no '{HEADING}' section")
    block = re.search(r"^```[a-z]*\n(.*?)^```", text[text.index(HEADING):], re.S | re.M)
    if not block:
        raise ValueError(f"{readme}: no fenced listing after '{HEADING}'")
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def _expand(text: str, socs: list, ops: list) -> list:
    values = [text.replace("<arch>", platform.machine())]
    if "<soc>" in text:
        values = [v.replace("<soc>", soc) for v in values for soc in socs]
    if "<op>" in text or "<OpType>" in text:
        values = [v.replace("<op>", op.folder).replace("<OpType>", op.type) for v in values for op in ops]
    return values


def listed(readme: Path, backend: str, socs: list, ops: list, installer: bool) -> dict:
    """{path pattern (a regular expression): link target or None} for BACKEND, with the
    installer's files when INSTALLER."""
    entries = {}
    for line in _lines(readme):
        fields = line.split()
        path, target = fields[0], (fields[2] if len(fields) > 2 and fields[1] == "->" else None)
        marks = set(MARKS.findall(" ".join(fields[1:])))
        if (marks & {"cann", "sim"} and backend not in marks) or ("installer" in marks and not installer):
            continue
        targets = _expand(target, socs, ops) if target else None
        for index, value in enumerate(_expand(path, socs, ops)):
            pattern = re.escape(value).replace(re.escape("<hash>"), "[0-9a-f]{32}")
            if pattern in entries:
                raise ValueError(f"the README lists {value} twice")
            entries[pattern] = targets[index % len(targets)] if targets else None
    return entries


def differences(entries: dict, found: dict) -> list:
    """What differs between the listing's ENTRIES and FOUND ({path: link target or None})."""
    problems, matched = [], set()
    for pattern, target in entries.items():
        hits = [path for path in found if re.fullmatch(pattern, path)]
        if not hits:
            problems.append(f"nothing installed for {pattern.replace(chr(92), '')}")
        problems += [f"{path} links to {found[path]}, the README says {target}" for path in hits if found[path] != target]
        matched.update(hits)
    return problems + [f"{path} is installed but not listed in the README" for path in sorted(found) if path not in matched]


def tree(folder: Path) -> dict:
    """{path relative to FOLDER: link target or None} of the files and links under FOLDER."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(folder).as_posix()] = str(path.readlink())
        elif path.is_file():
            found[path.relative_to(folder).as_posix()] = None
    return found


if __name__ == "__main__":
    # `python3 scripts/package_listing.py compute-units`: the compute units one a line, for the shell
    # scripts of the toolkit check.
    if sys.argv[1:] != ["compute-units"]:
        sys.exit("usage: package_listing.py compute-units")
    print("\n".join(compute_units(Path(__file__).resolve().parents[1])))

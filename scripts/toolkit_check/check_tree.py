"""The installed package tree against the one the README lists ("The package tree"): every file
the listing names for this backend is installed, and nothing else is. A listed path may hold
<soc> (each compute unit), <op> and <OpType> (each op folder and its type), <arch> (the machine)
and <hash> (the 32 hex digits the framework names a kernel binary with, one per dtype
combination); a line whose description starts with (cann) or (sim) is that backend's only."""
import platform
import re
from pathlib import Path

HEADING = "### The package tree"
ROOT = "packages/vendors/<vendor>/"


def listing(readme: Path, backend: str) -> list:
    text = readme.read_text()
    start = text.find(HEADING)
    if start < 0:
        raise ValueError(f"{readme} has no '{HEADING}' section")
    block = text[start:].split("```")[1]
    lines = [line for line in block.splitlines() if line.strip()]
    if not lines or lines[0].strip() != ROOT:
        raise ValueError(f"the listing under '{HEADING}' must start with {ROOT}")
    paths = []
    for line in lines[1:]:
        path, _, description = line.strip().partition(" ")
        only = re.match(r"\((cann|sim)\)", description.strip())
        if not only or only.group(1) == backend:
            paths.append(path)
    return paths


def expand(path: str, socs: list, ops: list) -> list:
    """The listed path as regular expressions, one per value of its placeholders."""
    patterns = [re.escape(path).replace(re.escape("<arch>"), platform.machine())
                .replace(re.escape("<hash>"), "[0-9a-f]{32}")]
    if "<soc>" in path:
        patterns = [p.replace(re.escape("<soc>"), soc) for p in patterns for soc in socs]
    if "<op>" in path or "<OpType>" in path:
        patterns = [p.replace(re.escape("<op>"), op.folder).replace(re.escape("<OpType>"), op.type)
                    for p in patterns for op in ops]
    return patterns


def check(vendor_dir: Path, readme: Path, backend: str, socs: list, ops: list) -> list:
    installed = sorted(str(p.relative_to(vendor_dir)) for p in vendor_dir.rglob("*") if not p.is_dir())
    problems, matched = [], set()
    for path in listing(readme, backend):
        for pattern in expand(path, socs, ops):
            hits = {name for name in installed if re.fullmatch(pattern, name)}
            if not hits:
                problems.append(f"tree: nothing installed for {path} ({pattern.replace(chr(92), '')})")
            matched |= hits
    problems += [f"tree: {name} is installed but not listed in the README" for name in installed
                 if name not in matched]
    return problems

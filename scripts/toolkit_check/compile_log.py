"""The stand-in kernel compiler's log (standin/asc_opc_env/bin/bisheng): one record per call of
bisheng or ld.lld, "=== <tool> (cwd <dir>)", its arguments one a line, "=== end"."""
import re
from dataclasses import dataclass
from pathlib import Path

HEADER = re.compile(r"=== (\S+) \(cwd (.*)\)$")


@dataclass
class Call:
    tool: str
    cwd: str
    argv: list

    def output(self) -> str:
        return self.argv[self.argv.index("-o") + 1] if "-o" in self.argv else ""

    def defines(self) -> dict:
        pairs = (arg[2:].partition("=") for arg in self.argv if arg.startswith("-D"))
        return {name: value for name, _, value in pairs}

    def option(self, prefix: str) -> str:
        return next((arg[len(prefix):] for arg in self.argv if arg.startswith(prefix)), "")

    def sources(self) -> list:
        return [arg for arg in self.argv if not arg.startswith("-") and arg.endswith((".cpp", ".cc"))]


def read(log: Path) -> list:
    calls, current = [], None
    for line in log.read_text().splitlines():
        header = HEADER.match(line)
        if header:
            current = Call(header.group(1), header.group(2), [])
            calls.append(current)
        elif line == "=== end":
            current = None
        elif current is not None:
            current.argv.append(line)
    return calls

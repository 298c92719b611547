"""The ops the project builds, read from its source tree rather than from any build output: every
top-level folder with an op_host/ (nsa_common excepted) is an op, its type the first argument of
the nsa_add_op call in its CMakeLists.txt, its kernel the KERNEL source named there.

Every op stands in for the vendor's op of its type (the checks compare it with the vendor's OpDef
and aclnn declarations) unless PROJECT_ONLY_OPS declares it an op of this project's own, which the
vendor does not have: the checks then hold it to its own OpDef, and refuse it if the vendor turns
out to have an op of that type after all."""
import re
from dataclasses import dataclass
from pathlib import Path

# Operator types the vendor has no counterpart of, each with why it exists.
PROJECT_ONLY_OPS = {
    "NsaCompressWithCacheV2": "aclnnNsaCompressWithCacheV2, the decode op's serving entry point "
                              "(device lengths, every window of a step, K and V); project only",
}

ADD_OP = re.compile(r"nsa_add_op\(\s*(\w+)(.*?)\)", re.S)
KERNEL = re.compile(r"\bKERNEL\s+(\S+)")


@dataclass(frozen=True)
class Op:
    folder: str   # nsa_compress: also the snake name the framework gives the op's files
    type: str     # NsaCompress
    kernel: str   # nsa_compress/op_kernel/nsa_compress.cpp, relative to the project
    project_only: bool = False   # declared in PROJECT_ONLY_OPS: no vendor op to compare with


def project_ops(root: Path) -> list:
    ops = []
    for host in sorted(root.glob("*/op_host")):
        folder = host.parent
        if folder.name == "nsa_common":
            continue
        match = ADD_OP.search((folder / "CMakeLists.txt").read_text())
        if not match:
            raise ValueError(f"{folder.name}/CMakeLists.txt has no nsa_add_op(<OpType> ...) call")
        kernel = KERNEL.search(match.group(2))
        if not kernel:
            raise ValueError(f"{folder.name}/CMakeLists.txt: nsa_add_op names no KERNEL source")
        ops.append(Op(folder.name, match.group(1), f"{folder.name}/{kernel.group(1)}",
                      match.group(1) in PROJECT_ONLY_OPS))
    undeclared = set(PROJECT_ONLY_OPS) - {op.type for op in ops}
    if undeclared:
        raise ValueError(f"PROJECT_ONLY_OPS names {', '.join(sorted(undeclared))}, which no op folder builds")
    return ops

#!/usr/bin/env python3
"""Checks what the CANN backend built against the stand-in toolkit (run.sh): the package tree
against the README's listing, the op-info configuration against the vendor's OpDefs, and the
kernel compiler's recorded command lines against every op, SoC and dtype. Prints each problem
and exits 1 when there is one."""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, for scripts.*

import check_kernels  # noqa: E402
import check_opinfo  # noqa: E402
import check_tree  # noqa: E402
from scripts.project_ops import project_ops  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, required=True, help="the project's source tree")
    parser.add_argument("--staging", type=Path, required=True, help="where the package was installed (holds packages/)")
    parser.add_argument("--vendor-opinfo", type=Path, required=True, help="vendor_opinfo.sh's output folder")
    parser.add_argument("--compile-log", type=Path, required=True, help="the stand-in kernel compiler's log")
    parser.add_argument("--vendor", default="customize")
    parser.add_argument("--soc", nargs="+", required=True, help="the compute units the package is built for")
    args = parser.parse_args()

    ops = project_ops(args.project)
    vendor_dir = args.staging / "packages" / "vendors" / args.vendor
    problems = check_tree.check(vendor_dir, args.project / "README.md", args.soc, ops)
    problems += check_opinfo.check(vendor_dir / "op_impl/ai_core/tbe/config", args.vendor_opinfo, args.soc, ops)
    problems += check_kernels.check(args.compile_log, args.vendor_opinfo, args.project,
                                   vendor_dir / "op_impl/ai_core/tbe/kernel", args.soc, ops)
    for problem in problems:
        print(f"toolkit check: {problem}", file=sys.stderr)
    if not problems:
        print(f"toolkit check: {len(ops)} ops on {', '.join(args.soc)}: tree, op-info and kernel compiles as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Every op's kernel, compiled for every compute unit and every dtype combination of the vendor's
OpDef (of its own OpDef, from the package's op-info, for an op declared project-only), as the toolkit compiles for a dav-c220 vector core, and packaged: from the stand-in
compiler's log (compile_log.py), for each op, SoC and dtype column there must be a binary
<OpType>_<hash> whose kernel source the framework preprocessed (the op's own source file), whose
per-tiling-key compiles target dav-c220-vec with the op's dtype macros, whose objects were linked
into <OpType>_<hash>.o, and which is installed under kernel/<soc>/<op>/."""
import json
import re
from pathlib import Path

import compile_log

ARCH = "dav-c220-vec"
# The ge::DataType names the toolkit's compiler driver defines ORIG_DTYPE_<PARAM> to, by the
# op-info's dtype names.
GE_DTYPES = {"float16": "DT_FLOAT16", "bfloat16": "DT_BF16", "float32": "DT_FLOAT", "float": "DT_FLOAT",
             "int64": "DT_INT64", "int32": "DT_INT32", "int8": "DT_INT8", "uint8": "DT_UINT8", "bool": "DT_BOOL"}


def expected_defines(op_info: dict) -> list:
    """ORIG_DTYPE_<PARAM> for each dtype column of the op's inputs and outputs."""
    params = [value for key, value in sorted(op_info.items()) if re.fullmatch(r"(input|output)\d+", key)]
    columns = len(params[0]["dtype"].split(","))
    return [{f"ORIG_DTYPE_{p['name'].upper()}": GE_DTYPES[p["dtype"].split(",")[c]] for p in params}
            for c in range(columns)]


def binaries(calls: list, op, soc: str) -> dict:
    """The op's binaries built for SOC, by name, each with the compiler calls that made it."""
    found = {}
    for call in calls:
        if not re.search(rf"/{op.type}_{soc}(/|$)", call.cwd):
            continue
        name = re.search(rf"{op.type}_[0-9a-f]{{32}}", call.output())
        if name:
            found.setdefault(name.group(0), []).append(call)
    return found


def binary_problems(calls: list, op, project: Path) -> list:
    kernel = (project / op.kernel).resolve()
    if not any("-E" in c.argv and any(Path(s).resolve() == kernel for s in c.sources()) for c in calls):
        return [f"the framework never read {op.kernel}"]
    main = op.folder
    keyed = [c for c in calls if c.tool == "bisheng" and "-c" in c.argv and "-E" not in c.argv
             and re.fullmatch(rf"{main}_\d+_tilingkey", c.defines().get(main, ""))]
    if not keyed:
        return [f"no per-tiling-key compile of {main}"]
    problems = [f"a tiling-key compile targets {c.option('--cce-aicore-arch=') or 'no arch'}, not {ARCH}"
                for c in keyed if c.option("--cce-aicore-arch=") != ARCH]
    linked = {Path(o).name for c in calls if c.tool == "ld.lld" for o in c.argv if o.endswith(".o")}
    problems += [f"{Path(c.output()).name} was not linked into the binary" for c in keyed
                 if Path(c.output()).name not in linked]
    return problems


def check(log: Path, vendor_opinfo: Path, project: Path, kernel_root: Path, socs: list, ops: list) -> list:
    if not log.is_file():
        return [f"kernels: the kernel compiler was never called (no {log})"]
    calls = compile_log.read(log)
    problems = []
    for soc in socs:
        name = f"aic-{soc}-ops-info.json"
        vendor = json.loads((vendor_opinfo / name).read_text())
        package_info = kernel_root.parent / "config" / soc / name
        package = json.loads(package_info.read_text()) if package_info.is_file() else {}
        for op in ops:
            built = binaries(calls, op, soc)
            declared = package if op.project_only else vendor
            if op.type not in declared:
                problems.append(f"kernels: {soc}: {op.type} is not in the op-info it is compiled against")
                continue
            for wanted in expected_defines(declared[op.type]):
                where = f"kernels: {soc}: {op.type} {', '.join(f'{k}={v}' for k, v in sorted(wanted.items()))}"
                match = [name for name, made in built.items()
                         if any(wanted.items() <= c.defines().items() for c in made if "-c" in c.argv)]
                if not match:
                    problems.append(f"{where}: not compiled")
                    continue
                problems += [f"{where}: {line}" for line in binary_problems(built[match[0]], op, project)]
                if not (kernel_root / soc / op.folder / f"{match[0]}.o").is_file():
                    problems.append(f"{where}: {match[0]}.o is not installed in kernel/{soc}/{op.folder}")
    return problems

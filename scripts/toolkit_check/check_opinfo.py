"""The package's op-info configuration (op_impl/ai_core/tbe/config/<soc>/aic-<soc>-ops-info.json)
against the vendor's OpDefs, built into the same configuration by the same tools
(vendor_opinfo.sh): every op must declare its inputs, outputs and attributes (names, order,
optionality, dtypes, formats, defaults) exactly as the vendor's op of that type does, so that the
package can take the built-in op's place. An op declared project-only (scripts/project_ops.py,
PROJECT_ONLY_OPS) has no vendor op to match: it must be in the package's configuration, and the
vendor must not have an op of its type (else it would be a stand-in held to nothing)."""
import json
from pathlib import Path

from scripts.op_info_sections import parameters


def differences(ours: dict, vendor: dict) -> list:
    lines = []
    for key in sorted(set(ours) | set(vendor)):
        if ours.get(key) != vendor.get(key):
            lines.append(f"{key}: package {ours.get(key)}, vendor {vendor.get(key)}")
    return lines


def check(config_dir: Path, vendor_dir: Path, socs: list, ops: list) -> list:
    problems = []
    for soc in socs:
        name = f"aic-{soc}-ops-info.json"
        installed = config_dir / soc / name
        if not installed.is_file():
            problems.append(f"op-info: {installed} is missing")
            continue
        ours = json.loads(installed.read_text())
        vendor = json.loads((vendor_dir / name).read_text())
        for op in ops:
            if op.type not in ours:
                problems.append(f"op-info: {soc}: {op.type} is missing from {name}")
            elif op.project_only and op.type in vendor:
                problems.append(f"op-info: {soc}: {op.type} is declared project-only, but the vendor has an op "
                                "of that type: compare it as a stand-in instead")
            elif op.project_only:
                continue
            elif op.type not in vendor:
                problems.append(f"op-info: {soc}: the vendor has no op {op.type} to compare with")
            else:
                problems += [f"op-info: {soc}: {op.type}: {line}"
                             for line in differences(parameters(ours[op.type]), parameters(vendor[op.type]))]
        problems += [f"op-info: {soc}: {extra} is not an op of this package"
                     for extra in sorted(set(ours) - {op.type for op in ops})]
    return problems

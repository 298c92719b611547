"""The sections of an op's entry in an op-info configuration (aic-<soc>-ops-info.json) that
describe its parameters: inputN, outputN, attr and attr_<name>. The op-level flags (jitCompile,
dynamicShapeSupport, ...) may differ between two packages of the same op; these may not."""
import re

PARAMETER_SECTION = re.compile(r"(input|output)\d+|attr(_\w+)?")


def parameters(op_info: dict) -> dict:
    """The parameter sections of OP_INFO, one op's entry."""
    return {key: value for key, value in op_info.items() if PARAMETER_SECTION.fullmatch(key)}

"""What the run package installs, against the two sources of truth outside the build:

- the tree README.md lists ("The package tree", scripts/package_listing.py): the installed vendor folder holds
  exactly those files and links, no more and no fewer;
- the vendor's OpDefs (ops-transformer's attention/<op>/op_host/<op>_def.cpp in CANN's public
  headers): each compute unit's op-info config (aic-<soc>-ops-info.json) names every op's inputs,
  outputs and attributes, their order, optionality, dtypes and formats exactly as the vendor's
  OpDef declares them. The project's OpDefs may add IgnoreContiguous/AutoContiguous, which the
  op-info config does not carry.

The vendor's OpDefs are read with a small parser of their builder chains (this->Input("x")
.ParamType(...)...;), which refuses any call it does not know rather than skip it."""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from scripts import op_info_sections, package_listing
from scripts.project_ops import project_ops
from tests.package.installs import REPO_ROOT, VENDOR, install, vendor_folder

README = REPO_ROOT / "README.md"
# ops-transformer's ops that this package builds; nsa_compress_with_cache is not built yet.
VENDOR_OPS = {"nsa_compress": "NsaCompress", "nsa_compress_grad": "NsaCompressGrad"}


def readme_tree(installer):
    """The README's listing for the sim backend (scripts/package_listing.py): {pattern: link target}."""
    root = Path(REPO_ROOT)
    return package_listing.listed(README, "sim", package_listing.compute_units(root), project_ops(root), installer)


@pytest.fixture(scope="module")
def installed(run_package, tmp_path_factory):
    target = tmp_path_factory.mktemp("tree")
    result = install(run_package, f"--install-path={target}", "--quiet")
    assert result.returncode == 0, result.stderr
    return vendor_folder(target)


def test_the_installed_files_are_the_tree_the_readme_lists(installed):
    problems = package_listing.differences(readme_tree(installer=True), package_listing.tree(installed))
    assert not problems, f"vendors/{VENDOR} against README.md's listing: {problems}"


def test_the_run_package_holds_the_listed_tree_beside_its_installer(run_package, tmp_path):
    """The archive: packages/vendors/<vendor>/ with the listed files but the installer's, and the
    installer (scripts/install.sh and scripts/installer/, put there by scripts/package.sh)."""
    extracted = tmp_path / "extracted"
    result = subprocess.run(["bash", str(run_package), "--noexec", "--target", str(extracted), "--quiet"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    installer = {"install.sh"} | {f"installer/{path.name}" for path in (REPO_ROOT / "scripts" / "installer").iterdir()}
    found = package_listing.tree(extracted)
    assert {path for path in found if not path.startswith("packages/")} == installer
    problems = package_listing.differences(readme_tree(installer=False),
                                           package_listing.tree(extracted / "packages" / "vendors" / VENDOR))
    assert not problems, f"the run package's vendors/{VENDOR} against README.md's listing: {problems}"


def test_every_library_the_aclnn_library_needs_resolves_in_the_installed_tree(installed):
    """libcust_opapi.so's RUNPATH names only folders of the tree, and every package library it needs
    is in one of them."""
    opapi = installed / "op_api" / "lib" / "libcust_opapi.so"
    dynamic = subprocess.run(["readelf", "-d", str(opapi)], capture_output=True, text=True, check=True).stdout
    runpath = re.search(r"\(RUNPATH\)\s+Library runpath: \[(.*)\]", dynamic).group(1).split(":")
    folders = [Path(entry.replace("$ORIGIN", str(opapi.parent))).resolve() for entry in runpath]
    for folder in folders:
        assert folder.is_dir() and installed.resolve() in folder.parents, f"RUNPATH entry {folder} is not in the tree"
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.*)\]", dynamic)
    # the package's own: libcust_*.so and the ops' kernel libraries <OpType>_sim.so
    ours = [name for name in needed if name.startswith("libcust_") or re.fullmatch(r"[A-Z]\w*_sim\.so", name)]
    assert len(ours) >= 4, needed
    for name in ours:
        assert any((folder / name).is_file() for folder in folders), f"{name} is in no RUNPATH folder"


# --- The vendor's OpDefs ---

def cann_headers():
    explicit = os.environ.get("NSA_CANN_HEADERS")
    root = Path(explicit) if explicit else REPO_ROOT.parent / "shared" / "cann-headers"
    assert (root / "ops-transformer").is_dir(), (
        f"no CANN headers at {root}: set NSA_CANN_HEADERS to the folder of CANN's public headers "
        "(CI has it at ../shared/cann-headers)")
    return root


# opbuild's names for dtypes in the op-info config (op_dtype_name_utils.h)
DTYPES = {"DT_FLOAT16": "float16", "DT_BF16": "bfloat16", "DT_FLOAT": "float32", "DT_INT64": "int64",
          "DT_INT32": "int32", "DT_INT8": "int8", "DT_UINT8": "uint8", "DT_BOOL": "bool"}
OPTIONS = {"REQUIRED": "required", "OPTIONAL": "optional", "DYNAMIC": "dynamic"}


def _strip_comments(source):
    return re.sub(r"//[^\n]*|/\*.*?\*/", "", source, flags=re.S)


def _names(argument, table, prefix):
    names = re.findall(rf"{prefix}(\w+)", argument)
    return [table(name) for name in names]


def parse_op_def(source):
    """The op-info sections an OpDef's chains declare, as opbuild writes them: {"input0": {...},
    ..., "attr": {"list": ...}, "attr_<name>": {...}} and the SoCs of its AddConfig calls."""
    source = _strip_comments(source)
    sections, socs = {}, []
    counts = {"Input": 0, "Output": 0}
    attrs = []
    for chain in re.finditer(r"this->(Input|Output|Attr)\(\"(\w+)\"\)((?:\s*\.\s*\w+\((?:[^()]|\([^()]*\))*\))*)\s*;",
                             source):
        kind, name, calls = chain.groups()
        entry = {"name": name, "paramType": "required"}
        for method, argument in re.findall(r"\.\s*(\w+)\(((?:[^()]|\([^()]*\))*)\)", calls):
            if method == "ParamType" or method == "AttrType":
                entry["paramType"] = OPTIONS[argument.strip()]
            elif method == "DataType":
                entry["dtype"] = ",".join(DTYPES[name] for name in re.findall(r"ge::(DT_\w+)", argument))
            elif method == "Format":
                entry["format"] = ",".join(re.findall(r"ge::FORMAT_(\w+)", argument))
            elif method == "UnknownShapeFormat":
                entry["unknownshape_format"] = ",".join(re.findall(r"ge::FORMAT_(\w+)", argument))
            elif method == "ValueDepend":
                entry["valueDepend"] = OPTIONS[argument.strip()]
            elif method == "Int" and kind == "Attr":
                entry["type"] = "int"
                entry["default"] = argument.strip() or "0"
            elif method == "String" and kind == "Attr":
                entry["type"] = "str"
                entry["default"] = argument.strip().strip('"')
            elif method in ("AutoContiguous", "IgnoreContiguous"):
                pass  # how the framework hands views to the kernel; not part of the op-info config
            else:
                raise AssertionError(f"the OpDef parser does not know .{method}({argument}) on {kind} {name}")
        if kind == "Attr":
            attrs.append(entry)
            continue
        section = {"name": name, "shape": "all", "paramType": entry["paramType"]}
        for key in ("dtype", "format", "unknownshape_format", "valueDepend"):
            if key in entry:
                section[key] = entry[key]
        prefix = kind.lower()
        sections[f"{prefix}{counts[kind]}"] = section
        counts[kind] += 1
    if attrs:
        sections["attr"] = {"list": ",".join(attr["name"] for attr in attrs)}
        for attr in attrs:
            section = {"type": attr["type"], "value": "all", "paramType": attr["paramType"]}
            if attr["paramType"] == "optional":
                section["defaultValue"] = attr["default"]
            sections[f"attr_{attr['name']}"] = section
    socs = re.findall(r"this->AICore\(\)\s*\.\s*AddConfig\(\s*\"(\w+)\"", source)
    assert counts["Input"] and counts["Output"] and socs, "the OpDef parser found no inputs, outputs or SoCs"
    return sections, socs


def vendor_op_defs():
    root = cann_headers() / "ops-transformer" / "attention"
    defs = {}
    for folder, op_type in VENDOR_OPS.items():
        sources = sorted((root / folder / "op_host").glob("*_def.cpp"))
        assert len(sources) == 1, f"expected one OpDef source in {root / folder / 'op_host'}, found {sources}"
        defs[op_type] = parse_op_def(sources[0].read_text())
    return defs


def test_the_op_info_config_of_each_compute_unit_declares_the_vendors_op_defs(installed):
    tbe = installed / "op_impl" / "ai_core" / "tbe"
    vendor = vendor_op_defs()
    for op_type, (sections, socs) in vendor.items():
        for soc in socs:
            config = tbe / "config" / soc / f"aic-{soc}-ops-info.json"
            assert config.is_file(), f"{op_type} is configured for {soc} by the vendor, but {config} is not installed"
            op_info = json.loads(config.read_text())
            assert op_type in op_info, f"{config} does not declare {op_type}"
            ours = op_info_sections.parameters(op_info[op_type])
            differing = {key: {"installed": ours.get(key), "vendor": sections.get(key)}
                         for key in sorted(set(ours) | set(sections)) if ours.get(key) != sections.get(key)}
            assert not differing, (f"{config}: {op_type}'s inputs, outputs or attributes differ from the "
                                   f"vendor's OpDef: {json.dumps(differing, sort_keys=True)}")
    configured = sorted(path.name for path in (tbe / "config").iterdir())
    vendor_socs = sorted({soc for _, socs in vendor.values() for soc in socs})
    assert configured == vendor_socs, f"op-info configs for {configured}; the vendor's OpDefs configure {vendor_socs}"


def test_the_op_def_parser_reads_a_chain_as_opbuild_would():
    sections, socs = parse_op_def("""
        this->Input("x").ParamType(OPTIONAL).DataType({ge::DT_FLOAT16, ge::DT_BF16})
            .Format({ge::FORMAT_ND, ge::FORMAT_ND}).ValueDepend(OPTIONAL).AutoContiguous();  // note
        this->Output("y").DataType({ge::DT_INT64}).Format({ge::FORMAT_ND});
        this->Attr("a").AttrType(OPTIONAL).String("TND");
        this->Attr("b").Int();
        this->AICore().AddConfig("ascend910b");""")
    assert sections == {
        "input0": {"name": "x", "shape": "all", "paramType": "optional", "dtype": "float16,bfloat16",
                   "format": "ND,ND", "valueDepend": "optional"},
        "output0": {"name": "y", "shape": "all", "paramType": "required", "dtype": "int64", "format": "ND"},
        "attr": {"list": "a,b"},
        "attr_a": {"type": "str", "value": "all", "paramType": "optional", "defaultValue": "TND"},
        "attr_b": {"type": "int", "value": "all", "paramType": "required"}}
    assert socs == ["ascend910b"]
    with pytest.raises(AssertionError, match="does not know .InitValue"):
        parse_op_def('this->Input("x").InitValue(0); this->Output("y"); this->AICore().AddConfig("s");')

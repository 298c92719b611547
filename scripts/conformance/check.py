#!/usr/bin/env python3
"""Compiles every op source against CANN's real headers, the way a CANN build would see it.

The op sources (op_host, op_api and op_kernel of each op folder, and of nsa_common, the
code the ops share; and every op's example with the shared file handling) are compiled
with g++ -fsyntax-only and the project's warnings, once against a set of real CANN headers. A
name, signature, macro or struct field that differs between the simulator and CANN fails here.
Then it compares values: small probe programs (probes/) print what the names the sources rely on
stand for (status codes, enumerators, struct layouts and defaults); each is built and run against
CANN's headers and the simulator's, and every line must agree.
What it cannot see: the intrinsics below Ascend C, whose semantics only the simulator models.

Headers come from NSA_CANN_HEADERS (a folder laid out as the public CANN repositories are: see
HEADER_FOLDER_LAYOUT) or, failing that, from a toolkit at ASCEND_HOME_PATH.

--self-test proves the check can fail: it breaks scratch copies of the sources in known ways
(MUTATIONS) and requires each broken copy to fail against CANN's headers and against the
simulator's, so a mistake that a CANN build rejects is rejected by the simulator build too; and
it alters a scratch copy of the simulator's headers (DRIFTS) and requires the value comparison
to report each alteration.
"""
import argparse
import concurrent.futures
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.project_ops import project_ops  # noqa: E402
HERE = pathlib.Path(__file__).resolve().parent
KERNEL_COMPILER_DEFS = HERE / "kernel_compiler_defs.h"
PROBES = {"host": HERE / "probes/host_values.cpp", "kernel": HERE / "probes/kernel_values.cpp"}
SIMULATOR_INCLUDE = ROOT / "simulator/include"
DECLARED_HEADERS = HERE / "declared"

# The project's warnings (cmake/flags.cmake). CANN's own headers are searched as system headers,
# so their warnings do not count against the op sources.
WARNINGS = ["-Wall", "-Wextra", "-Werror"]
BASE_FLAGS = ["-std=c++17", "-fsyntax-only", "-ffp-contract=off"] + WARNINGS

# Include folders per source kind, relative to the header root, in search order: metadef's
# asc/register before its older register. The toolkit check's stand-in toolkit links its include/
# from the same host folders (--host-folders).
HEADER_FOLDER_LAYOUT = {
    "host": ["metadef/inc/external/asc", "metadef/inc/external", "metadef/inc", "runtime/include/external",
             "runtime/pkg_inc", "opbase/include/nnopbase", "libboundscheck/include", "asc-devkit/include/utils"],
    "kernel": ["asc-devkit", "asc-devkit/impl", "asc-devkit/impl/basic_api", "asc-devkit/include",
               "asc-devkit/include/basic_api", "asc-devkit/include/basic_api/reg_compute",
               "asc-devkit/include/simt_api", "asc-devkit/include/simt_api/cpp", "asc-devkit/include/c_api",
               "generated", "asc-tools/cpudebug/include", "stubs"],
    # the built-in op's aclnn declarations, which an op's own aclnn header must repeat exactly
    "builtin_api": "ops-transformer/attention/{op}/op_host/op_api/aclnn_{op}.h",
}
# A CANN toolkit install ($ASCEND_HOME_PATH): the host folders cmake/cann_op.cmake builds with.
# Not exercised here (no toolkit is installed on the development machines); it follows the
# toolkit's documented folders.
TOOLKIT_LAYOUT = {
    "host": ["include", "include/aclnn", "include/experiment/platform", "include/experiment/runtime",
             "include/experiment/msprof"],
    "kernel": ["compiler/tikcpp/tikcfw", "compiler/tikcpp/tikcfw/impl", "compiler/tikcpp/tikcfw/interface",
               "tools/tikicpulib/lib/include"],
    "builtin_api": "include/aclnnop/aclnn_{op}.h",
}
# Ascend C's CPU-debug mode for Atlas A2's vector core (dav-c220-vec).
KERNEL_DEFINES = ["-DASCENDC_CPU_DEBUG=1", "-D__NPU_ARCH__=2201", "-D__DAV_C220__", "-D__DAV_C220_VEC__"]
# metadef's register/op_def.h: OpDef code compiled outside the op compiler.
HOST_DEFINES = ["-DNO_OPERATOR_IMPL"]


@dataclass
class Headers:
    root: pathlib.Path
    layout: dict
    origin: str

    def flags(self, kind):
        folders = self.layout["kernel" if kind == "kernel" else "host"]
        flags = [flag for folder in folders for flag in ("-isystem", str(self.root / folder))]
        # CANN headers the header set lacks, declared from CANN's documentation; searched last.
        return flags if kind == "kernel" else flags + ["-idirafter", str(DECLARED_HEADERS)]

    def builtin_api(self, op):
        """The built-in op's aclnn header, or None when these headers do not have it."""
        path = self.root / self.layout["builtin_api"].format(op=op)
        return path if path.is_file() else None

    def source_flags(self, source):
        flags = self.flags(source.kind)
        builtin = self.builtin_api(source.builtin) if source.builtin else None
        return flags + (["-include", str(builtin)] if builtin else [])


@dataclass
class Source:
    path: pathlib.Path   # relative to the tree it is compiled from
    kind: str            # host, kernel, or api: an op's public aclnn header
    includes: list       # project include folders, relative to the tree
    builtin: str = ""    # api: the op whose built-in declarations it must agree with
    project_only: str = ""   # api of an op declared project-only: the op the vendor must not have


def find_headers():
    explicit = os.environ.get("NSA_CANN_HEADERS")
    if explicit:
        root = pathlib.Path(explicit).resolve()
        if not (root / "opbase/include/nnopbase/aclnn/acl_meta.h").is_file():
            sys.exit(f"conformance: NSA_CANN_HEADERS={explicit} is not a CANN header folder "
                     "(no opbase/include/nnopbase/aclnn/acl_meta.h)")
        return Headers(root, HEADER_FOLDER_LAYOUT, f"NSA_CANN_HEADERS={root}")
    toolkit = os.environ.get("ASCEND_HOME_PATH")
    if toolkit:
        root = pathlib.Path(toolkit).resolve()
        if not (root / "include/acl/acl.h").is_file():
            sys.exit(f"conformance: ASCEND_HOME_PATH={toolkit} has no include/acl/acl.h")
        return Headers(root, TOOLKIT_LAYOUT, f"the CANN toolkit at ASCEND_HOME_PATH={root}")
    sys.exit("conformance: found no CANN headers. Set NSA_CANN_HEADERS to a folder of CANN's public "
             "headers, or ASCEND_HOME_PATH to a CANN toolkit.")


COMMON = pathlib.Path("nsa_common")
# The include folders of the shared code, as cmake/op_package.cmake gives them to every op.
COMMON_HOST_INCLUDES = [COMMON / "op_host", COMMON / "op_api", COMMON / "op_kernel"]
COMMON_KERNEL_INCLUDES = [COMMON / "op_kernel"]


def op_folders(tree):
    """The op folders (those with an op_host folder), nsa_common among them."""
    return sorted(p.parent for p in tree.glob("*/op_host"))


def op_sources(tree):
    """Every compiled op source: each op folder's op_host, op_api and op_kernel, and the
    examples."""
    sources = []
    project_only = {op.folder for op in project_ops(tree) if op.project_only}
    for op in op_folders(tree):
        rel = op.relative_to(tree)
        for part in ("op_host", "op_api"):
            for cpp in sorted((op / part).glob("*.cpp")):
                sources.append(Source(cpp.relative_to(tree), "host", [rel / part] + COMMON_HOST_INCLUDES))
        for cpp in sorted((op / "op_kernel").glob("*.cpp")):
            sources.append(Source(cpp.relative_to(tree), "kernel", [rel / "op_kernel"] + COMMON_KERNEL_INCLUDES))
        # Compiled after the built-in op's header, a declaration that differs is a conflict.
        for header in sorted((op / "op_api").glob("aclnn_*.h")):
            name = header.stem[len("aclnn_"):]
            if op.name in project_only:
                sources.append(Source(header.relative_to(tree), "api", [], project_only=name))
            else:
                sources.append(Source(header.relative_to(tree), "api", [], name))
    api_dirs = [p.relative_to(tree) for p in sorted(tree.glob("*/op_api"))]
    example_dirs = [p.relative_to(tree) for p in sorted((tree / "examples").iterdir()) if p.is_dir()]
    for examples in example_dirs:
        for cpp in sorted((tree / examples).glob("*.cpp")):
            sources.append(Source(cpp.relative_to(tree), "host", api_dirs + [examples, pathlib.Path("examples/common")]))
    return sources


def command(tree, source, system_flags):
    cmd = ["g++"] + BASE_FLAGS
    if source.kind == "kernel":
        cmd += ["-x", "c++"] + KERNEL_DEFINES + ["-include", str(KERNEL_COMPILER_DEFS)]
    elif source.kind == "api":
        cmd += ["-x", "c++"]
    else:
        cmd += HOST_DEFINES
    cmd += [f"-I{tree / inc}" for inc in source.includes] + system_flags
    return cmd + [str(tree / source.path)]


def compile_all(tree, jobs, flags_for):
    """Compiles every op source in `tree`; returns [(source, returncode, output)]."""
    def one(source):
        result = subprocess.run(command(tree, source, flags_for(source)), capture_output=True, text=True)
        return source, result.returncode, result.stdout + result.stderr

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, op_sources(tree)))


def simulator_flags(include=SIMULATOR_INCLUDE):
    return ["-I", str(include)]


def probe_values(kind, flags, workdir):
    """Builds and runs the `kind` probe with `flags`; returns its lines, or raises with the log."""
    binary = pathlib.Path(workdir) / f"{kind}_probe"
    cmd = ["g++", "-std=c++17", "-o", str(binary)]
    cmd += (["-x", "c++"] + KERNEL_DEFINES) if kind == "kernel" else HOST_DEFINES
    build = subprocess.run(cmd + flags + [str(PROBES[kind])], capture_output=True, text=True)
    if build.returncode != 0:
        raise RuntimeError(f"the {kind} probe does not build:\n{build.stdout}{build.stderr}")
    return subprocess.run([str(binary)], capture_output=True, text=True, check=True).stdout.splitlines()


def compare_values(headers, simulator_include):
    """[(kind, CANN line, simulator line)] for every probe line that differs."""
    differences = []
    for kind in PROBES:
        with tempfile.TemporaryDirectory() as cann_dir, tempfile.TemporaryDirectory() as sim_dir:
            cann = probe_values(kind, headers.flags(kind), cann_dir)
            sim = probe_values(kind, simulator_flags(simulator_include), sim_dir)
        differences += [(kind, c, s) for c, s in zip(cann, sim) if c != s]
        if len(cann) != len(sim):
            differences.append((kind, f"{len(cann)} lines", f"{len(sim)} lines"))
    return differences


def check_values(headers):
    try:
        differences = compare_values(headers, SIMULATOR_INCLUDE)
    except RuntimeError as error:
        print(f"FAIL {error}")
        return False
    for kind, cann, sim in differences:
        print(f"FAIL {kind} value differs:\n       CANN      {cann}\n       simulator {sim}")
    lines = sum(1 for path in PROBES.values() for line in path.read_text().splitlines()
                if line.strip().startswith(("SHOW(", "LAYOUT(")))
    print(f"conformance: {lines} probed values, {len(differences)} differ between CANN and the simulator")
    return not differences


def project_only_failures(headers):
    """The aclnn headers of ops declared project-only are compiled alone; each fails when these
    headers do have built-in declarations of its name (the op would then be a stand-in, held to
    nothing). Returns how many failed."""
    failed = 0
    for source in (s for s in op_sources(ROOT) if s.project_only):
        if headers.builtin_api(source.project_only) is not None:
            failed += 1
            print(f"FAIL api    {source.path}: declared project-only (scripts/project_ops.py), but "
                  f"{headers.origin} has built-in {source.project_only} declarations")
        else:
            print(f"project-only {source.path}: {headers.origin} has no built-in {source.project_only}; "
                  "compiled alone")
    return failed


def check(headers, jobs):
    results = compile_all(ROOT, jobs, headers.source_flags)
    failed = 0
    for source, code, output in results:
        print(f"{'ok  ' if code == 0 else 'FAIL'} {source.kind:6} {source.path}")
        if code != 0:
            failed += 1
            print(output.rstrip())
    for source in (s for s in op_sources(ROOT) if s.builtin and headers.builtin_api(s.builtin) is None):
        print(f"note: {headers.origin} has no built-in {source.builtin} declarations; {source.path} was "
              "compiled alone")
    failed += project_only_failures(headers)
    print(f"conformance: {len(results)} sources, {failed} failed against CANN's headers")
    return failed == 0


@dataclass
class Mutation:
    """A deliberate mistake: `pattern` in `path` becomes `replacement`. A compiler error naming
    `symptom` must follow when `compiled` (the file itself unless it is a header) is compiled."""
    name: str
    path: str
    pattern: str
    replacement: str
    symptom: str
    compiled: str = ""
    simulator_rejects_not_why: str = ""   # set when only CANN's headers can see the mistake

    @property
    def simulator_rejects(self):
        return not self.simulator_rejects_not_why


MUTATIONS = [
    Mutation("misspelled RoundMode", "nsa_compress/op_kernel/nsa_compress_kernel.h",
             r"RoundMode::CAST_RINT\b", "RoundMode::CAST_RINTT", "CAST_RINTT",
             "nsa_compress/op_kernel/nsa_compress.cpp"),
    Mutation("misspelled BinaryRepeatParams field", "nsa_compress/op_kernel/nsa_compress_kernel.h",
             r"params\.dstBlkStride\b", "params.dstBlockStride", "dstBlockStride",
             "nsa_compress/op_kernel/nsa_compress.cpp"),
    Mutation("CHECK_RET given a return statement", "nsa_compress/op_api/aclnn_nsa_compress.cpp",
             r"CHECK_RET\(status == ACLNN_SUCCESS, status\)", "CHECK_RET(status == ACLNN_SUCCESS, return status)",
             "before \u2018return\u2019"),
    Mutation("OP_CHECK_NULL, which opdev does not define", "nsa_compress/op_api/aclnn_nsa_compress.cpp",
             r"(    const nsa::OpTensors tensors = )", r"    OP_CHECK_NULL(input, return ACLNN_ERR_PARAM_NULLPTR);\n\1",
             "OP_CHECK_NULL"),
    Mutation("L2_DFX_PHASE_1 naming another API", "nsa_compress/op_api/aclnn_nsa_compress.cpp",
             r"L2_DFX_PHASE_1\(aclnnNsaCompress,", "L2_DFX_PHASE_1(aclnnNsaCompression,", "Invalid DFX"),
    Mutation("ACLNN status codes without opdev/op_errno.h", "examples/nsa_compress/test_aclnn_nsa_compress.cpp",
             r'#include "opdev/op_errno.h"\n', "", "ACLNN_SUCCESS"),
    Mutation("aclnn signature differing from the built-in op's", "nsa_compress/op_api/aclnn_nsa_compress.h",
             r"char \*layoutOptional", "const char *layoutOptional", "conflicting declaration",
             simulator_rejects_not_why="the simulator ships no built-in ops to compare with"),
    Mutation("tiling field written through a set_ accessor", "nsa_compress/op_host/nsa_compress_tiling.cpp",
             r"tiling->headChunkSize = plan\.headChunk;", "tiling->set_headChunkSize(plan.headChunk);",
             "set_headChunkSize"),
]

def try_mutation(mutation, headers, scratch):
    """Applies `mutation` to a scratch copy; returns (caught, report lines)."""
    tree = pathlib.Path(scratch) / re.sub(r"\W+", "_", mutation.name)
    for folder in op_folders(ROOT) + [ROOT / "examples"]:
        shutil.copytree(folder, tree / folder.relative_to(ROOT))
    target = tree / mutation.path
    broken, count = re.subn(mutation.pattern, mutation.replacement, target.read_text(), count=1)
    if count == 0:
        return False, [f"FAIL self-test '{mutation.name}': its pattern is not in {mutation.path}"]
    target.write_text(broken)
    compiled = mutation.compiled or mutation.path
    source = next(s for s in op_sources(tree) if str(s.path) == compiled)
    caught = True
    lines = []
    for label, flags in (("CANN", headers.source_flags(source)), ("simulator", simulator_flags())):
        if label == "simulator" and not mutation.simulator_rejects:
            lines.append(f"       {label:9} not asked: {mutation.simulator_rejects_not_why}")
            continue
        result = subprocess.run(command(tree, source, flags), capture_output=True, text=True)
        errors = [line.split(": error:", 1)[1].strip() for line in (result.stdout + result.stderr).splitlines()
                  if ": error:" in line]
        error = next((message for message in errors if mutation.symptom in message), None)
        caught &= result.returncode != 0 and error is not None
        if error is not None:
            lines.append(f"       {label:9} rejects it: {error}")
        else:
            lines.append(f"       {label:9} {'fails, but on no error naming ' + repr(mutation.symptom) if errors else 'ACCEPTS it'}")
    return caught, [f"{'ok  ' if caught else 'FAIL'} self-test '{mutation.name}' in {mutation.path}"] + lines


@dataclass
class Drift:
    """A deliberate drift of the simulator: `pattern` in simulator/include/`path` becomes
    `replacement`; the value comparison must then report a line naming `symptom`."""
    name: str
    path: str
    pattern: str
    replacement: str
    symptom: str


DRIFTS = [
    Drift("a status code", "opdev/op_errno.h", r"ACLNN_ERR_PARAM_INVALID 161002", "ACLNN_ERR_PARAM_INVALID 161003",
          "ACLNN_ERR_PARAM_INVALID"),
    Drift("a repeat-stride default", "kernel_operator/kernel_types.h", r"kDefaultRepeatStride = 8;",
          "kDefaultRepeatStride = 4;", "dstRepStride"),
    Drift("a struct field order", "kernel_operator/kernel_types.h",
          r"(    uint16_t blockLen = 0;\n)(    union \{\n        uint16_t srcGap = 0;\n        uint16_t srcStride;\n    \};\n)",
          r"\2\1", "DataCopyParams::blockLen"),
    Drift("a pad value's width", "kernel_operator/kernel_types.h", r"    uint64_t paddingValue = 0;",
          "    uint32_t paddingValue = 0;", "DataCopyPadParams::paddingValue"),
    Drift("a copy block-stride default", "kernel_operator/kernel_types.h",
          r"kDefaultCopyBlockStride = 0;", "kDefaultCopyBlockStride = 1;", "copyRepeat.dstStride"),
    Drift("a data-type number", "kernel_operator/kernel_data_type_ids.h", r"#define DT_BF16 27",
          "#define DT_BF16 28", "DT_BF16"),
    Drift("a kernel-type order", "kernel_operator/kernel_task_type.h",
          r"(    KERNEL_TYPE_AIC_ONLY,\n)(    KERNEL_TYPE_MIX_AIV_1_0,\n)", r"\2\1", "KERNEL_TYPE_AIC_ONLY"),
    Drift("a shape field order", "kernel_operator/kernel_tensor.h",
          r"(    uint32_t shape\[K_MAX_SHAPE_DIM\];\n)(    uint32_t originalShape\[K_MAX_SHAPE_DIM\];\n)", r"\2\1",
          "ShapeInfo::shape"),
]


def try_drift(drift, headers, scratch):
    """Applies `drift` to a scratch copy of the simulator's headers; returns (caught, report lines)."""
    include = pathlib.Path(scratch) / re.sub(r"\W+", "_", drift.name)
    shutil.copytree(SIMULATOR_INCLUDE, include)
    target = include / drift.path
    drifted, count = re.subn(drift.pattern, drift.replacement, target.read_text(), count=1)
    if count == 0:
        return False, [f"FAIL self-test drift '{drift.name}': its pattern is not in {drift.path}"]
    target.write_text(drifted)
    reported = [sim for _, _, sim in compare_values(headers, include) if drift.symptom in sim]
    verdict = f"reported: {reported[0]}" if reported else f"NOT reported (no differing line names {drift.symptom})"
    return bool(reported), [f"{'ok  ' if reported else 'FAIL'} self-test drift '{drift.name}' in {drift.path}",
                            f"       {verdict}"]


def self_test(headers, jobs):
    """Each mutation must make its source fail against CANN's headers and the simulator's, and
    each drift of the simulator must show in the value comparison."""
    with tempfile.TemporaryDirectory(prefix="nsa_conformance_") as scratch:
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            outcomes = list(pool.map(lambda m: try_mutation(m, headers, scratch), MUTATIONS))
            outcomes += list(pool.map(lambda d: try_drift(d, headers, scratch), DRIFTS))
    for _, lines in outcomes:
        print("\n".join(lines))
    ok = all(caught for caught, _ in outcomes)
    print(f"conformance self-test: {len(MUTATIONS)} deliberate mistakes in the sources and {len(DRIFTS)} "
          f"drifts of the simulator, {'each caught' if ok else 'NOT all caught'}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--self-test", action="store_true", help="also prove the check fails on broken sources")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--host-folders", action="store_true",
                        help="print the host include folders of ../shared's headers, one a line, and stop")
    args = parser.parse_args()
    if args.host_folders:
        print("\n".join(HEADER_FOLDER_LAYOUT["host"]))
        return 0
    headers = find_headers()
    print(f"conformance: compiling against {headers.origin}")
    ok = check(headers, args.jobs) and check_values(headers)
    if ok and args.self_test:
        ok = self_test(headers, args.jobs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

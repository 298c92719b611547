#!/usr/bin/env python3
"""Recomputes the timing model's fitted constants from the calibration measurements.

Reads the measurement table (calibration/measurements.h), the Ascend910B1 row of the SoC table
(simulator/src/opfw/soc_spec.cpp) and the constants in force
(simulator/src/timing/timing_constants.cpp), derives each fitted constant from the cases and
columns named below, and prints fitted against in-force values. With --check it exits 1 when an
in-force value differs from its fit by more than the rounding it is written with (0.5%).
`bash build.sh --calibrate --fit` runs it.

The per-case instruction counts follow the kernels of calibration/add_kernels.h: every copy
iteration of AddScalar and AddSerial dispatches 12 records (3 copies, 1 Add or the scalar loop,
8 flag operations), and each kernel adds 4 flag operations around its loop. msprof's aiv_*
times are means over the cores, so counts are means over the cores of a launch too.
"""
import argparse
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROWS = COLS = 8192
RECORDS_PER_ITERATION = 12
RECORDS_AROUND_LOOP = 4
ELEMENTS_PER_REPEAT = 128          # fp16 Add: 256 bytes per repeat
HALF = 2
# Bank-group cycles per Add repeat: x and y 512-byte aligned apart share every group (cases 1-5);
# case 6 staggers y by 256 bytes into the other eight groups.
REPEAT_CYCLES = {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 1}


def measurements():
    text = (ROOT / "simulator/calibration/measurements.h").read_text()
    rows = re.findall(r'\{"([^"]+)",\s*(\d+),\s*(\d+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+),\s*([\d.]+),'
                      r'\s*([\d.]+),\s*([\d.]+)\}', text)
    keys = ("name", "cores", "len", "task", "aiv", "vec", "scalar", "mte2", "mte3")
    return [dict(zip(keys, (r[0], int(r[1]), int(r[2]), *map(float, r[3:])))) for r in rows]


def soc():
    text = (ROOT / "simulator/src/opfw/soc_spec.cpp").read_text()
    hbm = float(re.search(r"kA2Hbm = ([\d.e]+);", text).group(1))
    row = re.search(r'\{"Ascend910B1",([^}]*)\}', text).group(1).split(",")
    fields = [f.strip() for f in row]
    # name, short, AIV, AIC, UB, L2, clock, groups, region, vec, ddr rd, l2 rd, ub->l2, ub->ddr, HBM
    return {"clock": float(fields[5]), "gmRead": float(fields[9]), "ubToL2": float(fields[11]), "hbm": hbm}


def in_force():
    text = (ROOT / "simulator/src/timing/timing_constants.cpp").read_text()
    return {k: float(v) for k, v in re.findall(r"/\*(\w+)=\*/([\d.e+-]+)", text)}


def per_core(case):
    """Mean over the cores of (elements, copy iterations) of a case's launch."""
    cores = case["cores"]
    base, extra = divmod(ROWS, cores)
    total_elements = total_iterations = 0
    for core in range(cores):
        elements = (base + (1 if core < extra else 0)) * COLS
        total_elements += elements
        total_iterations += -(-elements // case["len"])
    return total_elements / cores, total_iterations / cores


def fit(cases, s, c):
    cyc = lambda us: us * 1e-6 * s["clock"]
    fitted = {}
    sources = {}

    # S: case 1 dispatches only (one core, no scalar loop): aiv_scalar_time / records.
    _, it1 = per_core(cases[1])
    fitted["scalarDispatchCycles"] = cyc(cases[1]["scalar"]) / (RECORDS_PER_ITERATION * it1 + RECORDS_AROUND_LOOP)
    sources["scalarDispatchCycles"] = "case 1, aiv_scalar_time / dispatched records"

    # Case 0: the rest of aiv_scalar_time is the scalar loop, 3 UB accesses per element.
    el0, it0 = per_core(cases[0])
    dispatch0 = fitted["scalarDispatchCycles"] * (RECORDS_PER_ITERATION * it0 + RECORDS_AROUND_LOOP)
    fitted["scalarUbAccessCycles"] = (cyc(cases[0]["scalar"]) - dispatch0) / (3 * el0)
    sources["scalarUbAccessCycles"] = "case 0, (aiv_scalar_time - dispatch) / 3 UB accesses per element"

    # V: aiv_vec_time = Adds * issue + repeats * cycles per repeat; least squares over cases 1-6.
    num = den = 0.0
    for k in range(1, 7):
        elements, adds = per_core(cases[k])
        repeat_cycles = elements / ELEMENTS_PER_REPEAT * REPEAT_CYCLES[k]
        num += adds * (cyc(cases[k]["vec"]) - repeat_cycles)
        den += adds * adds
    fitted["vectorIssueCycles"] = num / den
    sources["vectorIssueCycles"] = "cases 1-6, aiv_vec_time beyond the repeats, per Add (least squares)"

    # MTE2, case 1: each iteration copies x then y back to back; the pipe is busy for two
    # issues and transfers and one latency.
    copy_bytes = cases[1]["len"] * HALF
    transfer = c["copyIssueCycles"] + copy_bytes / s["gmRead"]
    fitted["mte2LatencyCycles"] = cyc(cases[1]["mte2"]) / it1 - 2 * transfer
    sources["mte2LatencyCycles"] = "case 1, aiv_mte2_time per iteration beyond 2 x (issue + 8 KiB / ddr read rate)"

    # MTE3, case 1: one copy of z into L2 per iteration.
    fitted["mte3LatencyCycles"] = cyc(cases[1]["mte3"]) / it1 - (c["copyIssueCycles"] + copy_bytes / s["ubToL2"])
    sources["mte3LatencyCycles"] = "case 1, aiv_mte3_time per iteration beyond issue + 8 KiB / ub->L2 rate"

    # HBM, two constants from two facts. Cases 2 and 3 read the same x and y from HBM in 8 KiB
    # and 32 KiB copies: the difference of their aiv_mte2_time is the request cost of the extra
    # copies, hbmBytesPerCopy / (efficiency * HBM) each. Case 6 bypasses L2 for x and y, z
    # (128 MiB) stays in L2, and its layout keeps every copy off the banks the Adds use, so its
    # aiv_time is HBM delivering x and y and the cost of their copies: (bytes + copies *
    # hbmBytesPerCopy) / (efficiency * HBM). Case 5, the same kernel with copies waiting for
    # the Adds' banks, is left to check the bank model.
    read_bytes = 2 * ROWS * COLS * HALF
    copies = {k: 2 * per_core(cases[k])[1] * cases[k]["cores"] for k in (2, 3, 6)}
    seconds_per_copy = (cases[2]["mte2"] - cases[3]["mte2"]) * 1e-6 / (copies[2] - copies[3])
    fitted["hbmEfficiency"] = read_bytes / (s["hbm"] * (cases[6]["aiv"] * 1e-6 - copies[6] * seconds_per_copy))
    sources["hbmEfficiency"] = "case 6, x + y bytes / (aiv_time - their copies' request cost) / 1.8 TB/s"
    fitted["hbmBytesPerCopy"] = seconds_per_copy * fitted["hbmEfficiency"] * s["hbm"]
    sources["hbmBytesPerCopy"] = "cases 2, 3, aiv_mte2_time difference / difference in copies, in HBM bytes"

    # Launch: Task Duration - aiv_time, mean over the cases.
    fitted["launchSeconds"] = sum((k["task"] - k["aiv"]) * 1e-6 for k in cases) / len(cases)
    sources["launchSeconds"] = "cases 0-6, Task Duration - aiv_time (mean)"
    return fitted, sources


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a constant in force is not its fit")
    args = parser.parse_args()
    cases = measurements()
    constants = in_force()
    fitted, sources = fit(cases, soc(), constants)
    print(f"{'constant':22} {'fitted':>12} {'in force':>12}  source (README add_high_performance, Atlas A2)")
    stale = []
    for name, value in fitted.items():
        now = constants[name]
        mark = "" if abs(now - value) <= 0.005 * abs(value) else "  <- differs"
        if mark:
            stale.append(name)
        print(f"{name:22} {value:12.5g} {now:12.5g}  {sources[name]}{mark}")
    for name in sorted(set(constants) - set(fitted)):
        print(f"{name:22} {'-':>12} {constants[name]:12.5g}  assumption (no case pins it)")
    if args.check and stale:
        print("fit: constants in force differ from their fit: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

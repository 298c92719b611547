#!/usr/bin/env bash
# The single entry point: build, package, example, tests and benchmark. See --help.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
VENDOR="customize"
# shellcheck source=scripts/bootstrap.sh
source "$ROOT/scripts/bootstrap.sh"

usage() {
    cat <<'HELP'
usage: bash build.sh [options]

Builds nsa_compress for the detected backend (cann when ASCEND_HOME_PATH is set, else the host
simulator) into build/, with outputs under build_out/ (build_asan/ and build_out_asan/ with
--sanitize). Missing tools are installed with apt-get when run as root on Debian/Ubuntu (else
the command to install them is printed); Python packages go into the project's .venv.

  --pkg            also build the custom-op run package build_out/custom_opp_<os>_<arch>.run
  --example        install the package into build_out/install, build every op's aclnn example
                   (examples/<op>) against it and run each one's demo (implies --pkg)
  -u, --ut         build and run the googletest unit tests (ctest): the simulator's and every op's;
                   on a toolkit (cann backend) every op's host tests (<op>_host_ut), and alone
                   (without --pkg) it builds only those
  --st             run every op's pytest system tests (tests/st/<op>) against its example (implies
                   --example build)
                   and the Python package's tests (python/tests) against the installed library
  --test           -u and --st: every test
  --bench          run every benchmark (benchmarks/bench_*.py) on Ascend910B2 and Ascend910B4,
                   writing under build_out/bench: each op's kernel against the roofline of the
                   cost models (table, CSV and plot; bench_grad.md: modeled time, traffic against
                   the minimum and the vendor's design; bench_with_cache.md: decode steps against
                   their minimum traffic, with the host time per call), and what views cost
                   (views.md: in place against the copy path)
  --calibrate      run the timing model's calibration kernels (simulator/calibration/) and print measured
                   against modeled times per case and pipe, ending with the verdict line
  --fit            with --calibrate: first recompute the fitted timing constants from the
                   measurements (simulator/calibration/fit.py) and fail when the values in force differ
  --fuzz[=SECONDS] build every op's libFuzzer targets (tests/fuzz/<op>/fuzz_<role>.cpp, built as
                   fuzz_<op>_<role>) with clang, ASan and UBSan into build_fuzz/ and run each for
                   SECONDS (default 60), starting from its corpus in tests/fuzz/<op>/corpus/<role>
                   (with tests/fuzz/<op>/<role>.dict when there is one);
                   fails on any finding (saved in build_fuzz/findings)
  --toolkit-check  build, package and install the CANN backend with the toolkit's custom-op
                   framework against a stand-in toolkit assembled from CANN's public headers,
                   framework and tools in ../shared (NSA_SHARED_DIR), check what it produced,
                   then prove the check fails on deliberately broken copies
                   (scripts/toolkit_check/README.md); alone, it builds nothing else
  --conformance    compile every op source against CANN's real headers (NSA_CANN_HEADERS, else
                   the toolkit at ASCEND_HOME_PATH), then prove the check fails on deliberately
                   broken copies; alone, it builds nothing else
  --soc=SOC        platform to build for (default ascend910b): a row of kSocs in
                   simulator/src/opfw/soc_spec.cpp; any other name stops the configure step
  -j N, -jN        build parallelism (default: number of cores)
  --sanitize       build with AddressSanitizer and UndefinedBehaviorSanitizer, in separate
                   folders; combines with every other option (the example and the tests run
                   instrumented too)
  --clean          remove build/ and build_out/ first
  -h, --help       this text

Environment: NSA_ST_CASES=N scales each op's random system-test cases (default in tests/st/<op>).
             NSA_CANN_HEADERS=DIR a folder of CANN's public headers for --conformance.
             NSA_BUILD_ROOT=DIR where build/ and build_out/ go (default: beside build.sh).
The system tests and the benchmarks find each op's example, test_aclnn_<op>, in NSA_EXAMPLE_DIR,
which --example sets to the folder it built them in.
HELP
}

PKG=0 EXAMPLE=0 RUN_DEMO=0 UT=0 ST=0 BENCH=0 CALIBRATE=0 FIT=0 CLEAN=0 CONFORMANCE=0 TOOLKIT_CHECK=0 FUZZ=0
SANITIZE=OFF
SOC="ascend910b"
JOBS="$(nproc)"
while [ $# -gt 0 ]; do
    case "$1" in
        --pkg) PKG=1 ;;
        --example) PKG=1 EXAMPLE=1 RUN_DEMO=1 ;;
        -u|--ut) UT=1 ;;
        --st) PKG=1 EXAMPLE=1 ST=1 ;;
        --test) UT=1 PKG=1 EXAMPLE=1 ST=1 ;;
        --bench) PKG=1 EXAMPLE=1 BENCH=1 ;;
        --calibrate) CALIBRATE=1 ;;
        --fit) FIT=1 ;;
        --conformance) CONFORMANCE=1 ;;
        --toolkit-check) TOOLKIT_CHECK=1 ;;
        --fuzz) FUZZ=60 ;;
        --fuzz=*) FUZZ="${1#--fuzz=}"
            [[ "$FUZZ" =~ ^[1-9][0-9]*$ ]] || { echo "build.sh: --fuzz takes whole seconds, got '$FUZZ'" >&2; exit 2; } ;;
        --soc=*) SOC="${1#--soc=}" ;;
        -j) shift; JOBS="${1:?-j needs a number}" ;;
        -j*) JOBS="${1#-j}" ;;
        --sanitize) SANITIZE=ON ;;
        --clean) CLEAN=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

# Each step's header carries the seconds since the script started, so a slow step shows in a log.
log() { printf '\n== %s [%d s]\n' "$*" "$SECONDS"; }
# rm -rf for folders that may hold an installed package, whose folders are read-only (0550) and
# which a user other than root could not otherwise remove.
remove_folders() {
    local folder
    for folder; do
        [ ! -e "$folder" ] || chmod -R u+w -- "$folder"
    done
    rm -rf -- "$@"
}
[ "$FIT$CALIBRATE" != 10 ] || { echo "build.sh: --fit goes with --calibrate" >&2; exit 2; }

SUFFIX="$([ "$SANITIZE" = ON ] && echo _asan || true)"
BUILD_DIR="${NSA_BUILD_ROOT:-$ROOT}/build$SUFFIX"
OUT_DIR="${NSA_BUILD_ROOT:-$ROOT}/build_out$SUFFIX"
INSTALL_DIR="$OUT_DIR/install"
SIM_DIR="$OUT_DIR/simulator"
EXAMPLE_DIR="$OUT_DIR/example"

# Whether the plain (or sanitized) build runs: not when only checks (--conformance, --toolkit-check,
# --fuzz) were asked.
CHECKS=$([ "$CONFORMANCE" = 1 -o "$TOOLKIT_CHECK" = 1 -o "$FUZZ" != 0 ] && echo 1 || echo 0)
BUILDS=$([ "$CHECKS" = 1 ] && [ "$PKG$UT$BENCH$CALIBRATE" = 0000 ] && echo 0 || echo 1)
if [ "$BUILDS$TOOLKIT_CHECK" != 00 ] || [ "$FUZZ" != 0 ]; then
    bootstrap_need cmd:cmake:cmake
    bootstrap_need cmd:make:make
fi
bootstrap_need cmd:g++:g++
[ "$UT" = 0 ] || bootstrap_need file:/usr/include/gtest/gtest.h:libgtest-dev
[ "$PKG$TOOLKIT_CHECK" = 00 ] || bootstrap_need cmd:makeself:makeself
if [ "$ST$BENCH$CONFORMANCE$FIT$TOOLKIT_CHECK" != 00000 ]; then
    bootstrap_need cmd:python3:python3
fi
if [ "$ST$BENCH" != 00 ]; then
    bootstrap_need python:ensurepip:python3-venv
fi
if [ "$ST$TOOLKIT_CHECK" != 00 ]; then
    # tests/package takes turns with flock and uses installs as an unprivileged user with setpriv.
    bootstrap_need cmd:flock:util-linux
    bootstrap_need cmd:setpriv:util-linux
    # python/tests: test_wheel_install.py compiles python/native in a wheel build (cmake, g++) and
    # installs it into a fresh venv (python3-venv above); torch.compile's C++ kernels (inductor on
    # CPU) include Python.h.
    bootstrap_need cmd:cmake:cmake
    bootstrap_need "glob:/usr/include/python3*/Python.h:python3-dev"
fi
if [ "$FUZZ" != 0 ]; then
    bootstrap_need cmd:clang++:clang
    bootstrap_tools  # clang first: its version names the package of its sanitizer and fuzzer runtimes
    clang_major="$(clang++ -dumpversion | cut -d. -f1)"
    bootstrap_need "glob:/usr/lib/llvm-$clang_major/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a:libclang-rt-$clang_major-dev"
fi
bootstrap_tools
[ "$ST$BENCH" = 00 ] || bootstrap_python

if [ "$CLEAN" = 1 ]; then
    remove_folders "$BUILD_DIR" "$OUT_DIR"
fi

if [ "$CONFORMANCE" = 1 ]; then
    log "conformance with CANN's headers"
    python3 "$ROOT/scripts/conformance/check.py" --self-test -j "$JOBS"
fi

if [ "$TOOLKIT_CHECK" = 1 ]; then
    log "the CANN backend on a stand-in toolkit"
    bash "$ROOT/scripts/toolkit_check/run.sh" "$ROOT/build_toolkit_check" -j "$JOBS"
fi

if [ "$FUZZ" != 0 ]; then
    log "fuzz ($FUZZ s per target)"
    fuzz_dir="$ROOT/build_fuzz"
    CC=clang CXX=clang++ cmake -S "$ROOT" -B "$fuzz_dir" -DNSA_SOC="$SOC" -DNSA_VENDOR="$VENDOR" -DNSA_SANITIZE=ON \
        -DNSA_FUZZ=ON -DNSA_BUILD_TESTS=OFF >/dev/null
    cmake --build "$fuzz_dir" -j "$JOBS"
    mkdir -p "$fuzz_dir/findings"
    for fuzzer in "$fuzz_dir"/tests/fuzz/*/fuzz_*; do
        [ -f "$fuzzer" ] && [ -x "$fuzzer" ] || continue
        name="$(basename "$fuzzer")"                                            # fuzz_<op>_<role>
        targets="$ROOT/${fuzzer#"$fuzz_dir"/}" && targets="$(dirname "$targets")"  # tests/fuzz/<op>
        role="${name#fuzz_"$(basename "$targets")"_}"
        seeds="$targets/corpus/$role"
        work="$fuzz_dir/corpus/$name"
        mkdir -p "$work"
        dict=()
        [ -f "$targets/$role.dict" ] && dict=(-dict="$targets/$role.dict")
        # New inputs go to the work corpus; the seeds in the repository are only read.
        if ! "$fuzzer" -max_total_time="$FUZZ" -print_final_stats=1 -artifact_prefix="$fuzz_dir/findings/$name-" \
            "${dict[@]}" "$work" "$seeds" > "$fuzz_dir/$name.log" 2>&1; then
            tail -n 40 "$fuzz_dir/$name.log" >&2
            echo "build.sh: $name found a failure; the input is in $fuzz_dir/findings" >&2
            exit 1
        fi
        runs="$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$fuzz_dir/$name.log")"
        cover="$(grep -o 'cov: [0-9]*' "$fuzz_dir/$name.log" | tail -n 1)"
        echo "fuzz: $name: $runs, $cover, corpus $(ls "$work" | wc -l) inputs, 0 findings"
    done
fi

if [ "$BUILDS" = 0 ]; then
    exit 0  # only checks were asked for (--conformance, --toolkit-check, --fuzz): nothing else to build
fi

log "configure ($SOC)"
cmake -S "$ROOT" -B "$BUILD_DIR" -DNSA_SOC="$SOC" -DNSA_VENDOR="$VENDOR" -DNSA_SANITIZE="$SANITIZE" \
    -DNSA_BUILD_TESTS="$([ "$UT" = 1 ] && echo ON || echo OFF)" >/dev/null
BACKEND="$(sed -n 's/^NSA_BACKEND:STRING=//p' "$BUILD_DIR/CMakeCache.txt")"
log "build ($BACKEND backend, -j$JOBS)"
BUILD_TARGETS=()
if [ "$BACKEND" = cann ] && [ "$UT$PKG$BENCH$CALIBRATE" = 1000 ]; then
    # Only the unit tests: on a toolkit, the ops' host tests, which need the tiling objects and
    # not the kernels (tests/ut/CMakeLists.txt).
    BUILD_TARGETS=(--target nsa_host_unit_tests)
fi
cmake --build "$BUILD_DIR" -j "$JOBS" "${BUILD_TARGETS[@]}"
if [ "$BACKEND" = cann ] && [ "${#BUILD_TARGETS[@]}" = 0 ]; then
    log "kernels (every op for each SoC and dtype of its OpDef)"
    cmake --build "$BUILD_DIR" --target binary -j "$JOBS"
fi

if [ "$UT" = 1 ]; then
    log "unit tests"
    ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j "$JOBS"
fi

if [ "$PKG" = 1 ]; then
    log "package"
    staging="$BUILD_DIR/pkg_staging"
    rm -rf "$staging" && mkdir -p "$staging"
    cmake --install "$BUILD_DIR" --component package --prefix "$staging" >/dev/null
    RUN_PACKAGE="$(bash "$ROOT/scripts/package.sh" "$staging" "$OUT_DIR")"
    export NSA_RUN_PACKAGE="$RUN_PACKAGE"
    echo "$RUN_PACKAGE"
fi

if [ "$EXAMPLE" = 1 ]; then
    log "install package into $INSTALL_DIR"
    remove_folders "$INSTALL_DIR"
    bash "$RUN_PACKAGE" --install-path="$INSTALL_DIR" --quiet
    CMAKE_SIM_ARGS=()
    if [ "$BACKEND" = sim ]; then
        rm -rf "$SIM_DIR"
        cmake --install "$BUILD_DIR" --component simulator --prefix "$SIM_DIR" >/dev/null
        CMAKE_SIM_ARGS=(-DSIM_ROOT="$SIM_DIR")
        export LD_LIBRARY_PATH="$SIM_DIR/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    fi
    # shellcheck source=/dev/null
    source "$INSTALL_DIR/vendors/$VENDOR/bin/set_env.bash"
    log "build examples"
    # A build folder configured from another source folder (the examples moved to examples/)
    # cannot be reconfigured: start it afresh.
    if [ -f "$EXAMPLE_DIR/CMakeCache.txt" ] &&
        ! grep -qxF "CMAKE_HOME_DIRECTORY:INTERNAL=$ROOT/examples" "$EXAMPLE_DIR/CMakeCache.txt"; then
        rm -rf "$EXAMPLE_DIR"
    fi
    cmake -S "$ROOT/examples" -B "$EXAMPLE_DIR" -DCUST_PKG_PATH="$INSTALL_DIR/vendors/$VENDOR" \
        -DNSA_SANITIZE="$SANITIZE" "${CMAKE_SIM_ARGS[@]}" >/dev/null
    cmake --build "$EXAMPLE_DIR" -j "$JOBS"
    export NSA_EXAMPLE_DIR="$EXAMPLE_DIR"
    if [ "$RUN_DEMO" = 1 ]; then
        for example in "$EXAMPLE_DIR"/test_aclnn_*; do
            log "run example $(basename "$example")"
            "$example"
        done
    fi
fi

if [ "$ST" = 1 ]; then
    log "system tests"
    "$PYTHON" -m pytest "$ROOT/tests/st" "$ROOT/tests/package" "$ROOT/tests/build" "$ROOT/tests/bench" -n auto -q
    log "python package tests"
    # The package (python/) loads the library this build installed and the CPU implementation
    # (python/native, built here as pip's build does), both named explicitly; its conftest puts
    # python/ on sys.path, so nothing is pip-installed for the tests. In the sanitize run the CPU
    # implementation is an ASan build too.
    native_flags=()
    [ "$SANITIZE" = ON ] && native_flags=(-DCMAKE_CXX_FLAGS="-fsanitize=address -fno-omit-frame-pointer")
    cmake -S "$ROOT/python/native" -B "$OUT_DIR/native" -DCMAKE_BUILD_TYPE=Release "${native_flags[@]}" >/dev/null
    cmake --build "$OUT_DIR/native" -j "$JOBS" >/dev/null
    python_env=(NSA_COMPRESS_OPAPI_LIB="$INSTALL_DIR/vendors/$VENDOR/op_api/lib/libcust_opapi.so"
                NSA_COMPRESS_CPU_LIB="$OUT_DIR/native/libnsa_compress_cpu.so")
    if [ "$SANITIZE" = ON ]; then
        # libcust_opapi.so and libascend_sim.so are ASan builds here, loaded into an interpreter
        # that is not: the ASan runtime of the compiler that built them has to be loaded first,
        # and libstdc++ with it, or ASan's __cxa_throw interceptor finds no real __cxa_throw and
        # aborts at the first C++ exception (torch's dispatcher rethrowing a Python error).
        # Leaks are not reported: CPython and torch keep allocations until exit by design.
        cxx="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$BUILD_DIR/CMakeCache.txt")"
        python_env+=(LD_PRELOAD="$("${cxx:-g++}" -print-file-name=libasan.so) $("${cxx:-g++}" -print-file-name=libstdc++.so)"
                     ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}")
    fi
    # The wheel tests build and install the package through pip, with pip's own compiler flags:
    # nothing they run is sanitized, so the sanitize run leaves them to the plain one.
    python_skip=()
    [ "$SANITIZE" = ON ] && python_skip=(--ignore "$ROOT/python/tests/test_wheel_install.py")
    env "${python_env[@]}" "$PYTHON" -m pytest "$ROOT/python/tests" "${python_skip[@]}" -n auto -q -p no:cacheprovider
fi

if [ "$CALIBRATE" = 1 ]; then
    if [ "$FIT" = 1 ]; then
        log "fit of the timing constants"
        python3 "$ROOT/simulator/calibration/fit.py" --check
    fi
    log "calibration"
    "$BUILD_DIR/simulator/calibration/calibrate"
fi

if [ "$BENCH" = 1 ]; then
    log "benchmark"
    for bench in "$ROOT"/benchmarks/bench_*.py; do
        "$PYTHON" "$bench" --out "$OUT_DIR/bench"
    done
fi

#!/usr/bin/python3
"""Benchmark harness: runs every compute kernel of test/bench/kernels natively, under kiln (JIT and
AOT) and under Node.js (with and without Liftoff), checks that all checksums agree, and prints a
table of medians with ratios and geometric means; then the call-overhead benchmarks of kiln
(kiln_bench_calls) beside Node.js's (node_calls.mjs); then the compile-time section of
compile_time.sh (a ~50k-line module: compile time and peak memory per opt level, serial and
parallel, eager and lazy time to first output, Node.js's compile). Writes everything, raw runs
included, as JSON.

  test/bench/run.py --build build            # builds what it needs, then 5 runs of each kernel
  test/bench/run.py --build build --quick    # 1 run, tiny sizes: a quick look
  test/bench/run.py --build build --smoke    # native and kiln JIT only, tiny sizes: the ctest test
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

SOURCE_DIR = os.path.dirname(os.path.abspath(__file__))

# A size argument per kernel for --quick and --smoke: enough to run every code path, in a few ms.
TINY_SIZES = {
    "matmul_f64": 1, "lu_f32": 1, "stencil_f64": 2, "fft_f64": 1, "nbody": 2000,
    "hash_table_u64": 1, "fib_recursive": 1, "indirect_calls": 10, "binary_trees": 6,
    "memcpy_memset": 1, "sort_i32": 1, "parse_bytes": 1, "simd_vectors": 10,
}

# The runtimes, in table order. Each is (key, column title).
RUNTIMES = [
    ("native", "native"),
    ("kiln", "kiln JIT"),
    ("kiln_aot", "kiln AOT"),
    ("node", "node"),
    ("node_no_liftoff", "node -L"),
]

CALL_BENCHMARKS = [  # (name, what it measures, target ns per call or None)
    ("HostToWasmTypedNop", "host→wasm typed call, nop", 5.0),
    ("HostToWasmTypedAdd", "host→wasm typed call, add(i32,i32)", 5.0),
    ("HostToWasmDynamicAdd", "host→wasm dynamic call, add", None),
    ("WasmToHostCall", "wasm→host import call", 2.0),
    ("WasmCallIndirect", "call_indirect (in a wasm loop)", None),
    ("Instantiate", "instantiate compiled module", 20000.0),
    ("StoreInstantiateDestroy", "new store + instantiate + destroy", None),
    ("MemoryGrow", "memory.grow by 1 page", None),
]


class HarnessError(Exception):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default="build", help="kiln's build directory (default: build)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each kernel per runtime (default: 5)")
    parser.add_argument("--quick", action="store_true", help="1 run with tiny sizes, quick call benchmarks")
    parser.add_argument("--smoke", action="store_true",
                        help="correctness only: native and kiln JIT once each with tiny sizes, no calls")
    parser.add_argument("--opt-level", "-O", type=int, choices=range(4), metavar="N",
                        help="kiln's optimization level, 0-3 (default: kiln run's, 2; --smoke: 0, since compiling"
                        " wasi-libc at O2 would take most of the smoke test's time)")
    parser.add_argument("--kernels", help="comma-separated kernels to run (default: all)")
    parser.add_argument("--no-node", action="store_true", help="leave Node.js out")
    parser.add_argument("--no-calls", action="store_true", help="skip the call-overhead benchmarks")
    parser.add_argument("--no-compile-time", action="store_true",
                        help="skip compile_time.sh (skipped with --quick and --smoke too)")
    parser.add_argument("--compile-time-runs", type=int, default=1, metavar="N",
                        help="compile_time.sh's runs per measurement, the best one counting (default: 1)")
    parser.add_argument("--json", help="where to write the results (default: BUILD/bench/results.json, or"
                        " quick.json/smoke.json)")
    parser.add_argument("--no-build", action="store_true",
                        help="use the build directory as it is (default: configure it if needed, then build"
                        " kiln, the kernels and the call benchmarks)")
    parser.add_argument("--jobs", type=int, help="parallel build jobs (default: the build tool's)")
    parser.add_argument("--node", default=shutil.which("node") or "/usr/bin/node", help="the Node.js binary")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.quick or args.smoke:
        args.runs = 1
    if args.quick or args.smoke:
        args.no_compile_time = True
    if args.smoke:
        args.no_node = args.no_calls = True
        if args.opt_level is None:
            args.opt_level = 0
    return args


def run_command(command, timeout=600):
    """Runs `command`; returns (wall seconds, stdout). Raises HarnessError on failure."""
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   timeout=timeout)
    except subprocess.TimeoutExpired:
        raise HarnessError(f"timed out after {timeout} s: {' '.join(command)}")
    except OSError as error:
        raise HarnessError(f"cannot run {command[0]}: {error}")
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        message = completed.stderr.strip().splitlines()[-1:] or ["(no message)"]
        raise HarnessError(f"exit code {completed.returncode}: {' '.join(command)}: {message[0]}")
    return wall, completed.stdout


def parse_kernel_output(stdout, command):
    checksum = re.search(r"^checksum: ([0-9a-f]+)$", stdout, re.M)
    compute = re.search(r"^compute_ms: ([0-9.]+)$", stdout, re.M)
    if not checksum or not compute:
        raise HarnessError(f"no checksum/compute_ms lines in the output of {' '.join(command)}")
    return checksum.group(1), float(compute.group(1))


BUILD_TARGETS = ["kiln", "kiln_bench_kernels", "kiln_bench_calls", "kiln_bench_calls_wasm"]


def build(args):
    """Configures the build directory if it has never been, then builds what the harness runs."""
    repo = os.path.dirname(os.path.dirname(SOURCE_DIR))
    build_dir = os.path.abspath(args.build)
    if not os.path.exists(os.path.join(build_dir, "CMakeCache.txt")):
        print(f"configuring {build_dir}", file=sys.stderr)
        configure = ["cmake", "-S", repo, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        if shutil.which("clang-19") and shutil.which("clang++-19"):
            configure += ["-DCMAKE_C_COMPILER=clang-19", "-DCMAKE_CXX_COMPILER=clang++-19"]
        if subprocess.run(configure, stdout=sys.stderr).returncode != 0:
            raise HarnessError("configuring the build failed (see cmake's messages above)")
    command = ["cmake", "--build", build_dir, "--target"] + BUILD_TARGETS
    if args.jobs:
        command += ["-j", str(args.jobs)]
    print("building " + " ".join(BUILD_TARGETS), file=sys.stderr)
    if subprocess.run(command, stdout=sys.stderr).returncode != 0:
        raise HarnessError("building failed (see the compiler's messages above)")


class Paths:
    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.kiln = os.path.join(self.build, "tools", "kiln")
        self.kernels = os.path.join(self.build, "test", "bench", "kernels")
        self.calls_bench = os.path.join(self.build, "test", "bench", "kiln_bench_calls")
        self.calls_wasm = os.path.join(self.build, "test", "bench", "calls.wasm")
        self.aot_dir = os.path.join(self.build, "bench", "aot")
        for path in (self.kiln, os.path.join(self.kernels, "kernels.txt")):
            if not os.path.exists(path):
                raise HarnessError(f"{path} is missing: build kiln first (cmake --build {build})")

    def kernel_list(self):
        with open(os.path.join(self.kernels, "kernels.txt")) as listing:
            return [line.strip() for line in listing if line.strip()]


def aot_availability(paths):
    """None if `kiln compile` exists, else the reason the AOT column is n/a."""
    try:
        completed = subprocess.run([paths.kiln, "compile", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"kiln compile: {error}"
    if completed.returncode != 0:
        return "no 'kiln compile' in this build"
    return None


def commands_for(kernel, size, paths, args, available):
    """The command line of each runtime that is available for `kernel`."""
    wasm = os.path.join(paths.kernels, kernel + ".wasm")
    size_args = [str(size)] if size is not None else []
    opt_args = ["-O", str(args.opt_level)] if args.opt_level is not None else []
    commands = {
        "native": [os.path.join(paths.kernels, kernel)] + size_args,
        "kiln": [paths.kiln, "run"] + opt_args + [wasm] + size_args,
    }
    if "kiln_aot" in available:
        commands["kiln_aot"] = [paths.kiln, "run", os.path.join(paths.aot_dir, kernel + ".so")] + size_args
    if "node" in available:
        node = [args.node, "--single-threaded-gc", "--no-warnings"]
        # The same runner the WASI tests compare kiln with.
        runner = [os.path.join(SOURCE_DIR, "..", "wasi", "node_wasi.mjs"), wasm] + size_args
        commands["node"] = node + runner
        commands["node_no_liftoff"] = node + ["--no-liftoff"] + runner
    return commands


def run_kernels(paths, args, kernels, available, unavailable):
    results = {}
    for kernel in kernels:
        size = TINY_SIZES.get(kernel, 1) if (args.quick or args.smoke) else None
        entry = {"size": size, "runs": {key: [] for key, _ in RUNTIMES}, "errors": {}}
        if "kiln_aot" in available:
            try:
                os.makedirs(paths.aot_dir, exist_ok=True)
                wasm = os.path.join(paths.kernels, kernel + ".wasm")
                opt_args = ["-O", str(args.opt_level)] if args.opt_level is not None else []
                seconds, _ = run_command([paths.kiln, "compile"] + opt_args +
                                         [wasm, "-o", os.path.join(paths.aot_dir, kernel + ".so")])
                entry["aot_compile_s"] = seconds
            except HarnessError as error:
                entry["errors"]["kiln_aot"] = f"compile failed: {error}"
        commands = commands_for(kernel, size, paths, args, available)
        for run in range(args.runs):
            for key, _ in RUNTIMES:  # interleaved, so that slow drifts of the machine hit every runtime alike
                if key not in commands or key in entry["errors"]:
                    continue
                try:
                    wall, stdout = run_command(commands[key])
                    checksum, compute_ms = parse_kernel_output(stdout, commands[key])
                    entry["runs"][key].append({"wall_ms": wall * 1e3, "compute_ms": compute_ms, "checksum": checksum})
                except HarnessError as error:
                    entry["errors"][key] = str(error)
            print(f"  {kernel}: run {run + 1}/{args.runs} done", file=sys.stderr)
        for key, reason in unavailable.items():
            entry["errors"].setdefault(key, reason)
        checksums = {run["checksum"] for runs in entry["runs"].values() for run in runs}
        entry["checksums_agree"] = len(checksums) == 1
        entry["checksum"] = sorted(checksums)[0] if len(checksums) == 1 else sorted(checksums)
        for key, runs in entry["runs"].items():
            if runs:
                entry.setdefault("median_compute_ms", {})[key] = statistics.median(r["compute_ms"] for r in runs)
                entry.setdefault("min_compute_ms", {})[key] = min(r["compute_ms"] for r in runs)
                entry.setdefault("median_startup_ms", {})[key] = statistics.median(
                    r["wall_ms"] - r["compute_ms"] for r in runs)
        results[kernel] = entry
    return results


def ratio(entry, numerator, denominator, statistic="median"):
    medians = entry.get(statistic + "_compute_ms", {})
    if numerator in medians and denominator in medians and medians[denominator] > 0:
        return medians[numerator] / medians[denominator]
    return None


RATIOS = [("kiln/native", "kiln", "native"), ("AOT/native", "kiln_aot", "native"),
          ("kiln/node", "kiln", "node"), ("kiln/node -L", "kiln", "node_no_liftoff")]


def geometric_mean(values):
    values = [v for v in values if v is not None]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def format_cell(value, digits=1, suffix=""):
    return "-" if value is None else f"{value:.{digits}f}{suffix}"


def print_kernel_table(results, unavailable):
    titles = dict(RUNTIMES)
    header = (["kernel"] + [titles[key] + " ms" for key, _ in RUNTIMES] + [name for name, _, _ in RATIOS] +
              ["kiln startup ms", "checksum"])
    rows = []
    for kernel, entry in results.items():
        medians = entry.get("median_compute_ms", {})
        row = [kernel] + [format_cell(medians.get(key)) for key, _ in RUNTIMES]
        row += [format_cell(ratio(entry, a, b), 2, "x") for _, a, b in RATIOS]
        row.append(format_cell(entry.get("median_startup_ms", {}).get("kiln")))
        row.append("ok" if entry["checksums_agree"] else "MISMATCH")
        rows.append(row)
    means = ["geometric mean"] + [""] * len(RUNTIMES)
    means += [format_cell(geometric_mean(ratio(e, a, b) for e in results.values()), 2, "x") for _, a, b in RATIOS]
    rows.append(means + ["", ""])
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        if row[0] == "geometric mean":
            print("  ".join("-" * w for w in widths))
        print(line(row))
    if any(len(runs) > 1 for e in results.values() for runs in e["runs"].values()):
        best = [f"{name} {format_cell(geometric_mean(ratio(e, a, b, 'min') for e in results.values()), 2, 'x')}"
                for name, a, b in RATIOS]
        print("geometric means of the fastest runs (less sensitive to a busy machine): " + ", ".join(best))
    print("times: median kernel compute time (the kernel's own clock, so JIT compilation and process"
          " start are left out; 'kiln startup' is wall time minus that). node -L: node --no-liftoff.")
    for key, reason in unavailable.items():
        print(f"{titles[key]}: n/a ({reason})")
    for kernel, entry in results.items():
        for key, error in entry["errors"].items():
            if key not in unavailable:
                print(f"{kernel} on {titles[key]}: {error}")
        if not entry["checksums_agree"]:
            print(f"{kernel}: checksums differ: {entry['checksum']}")


def run_calls(paths, args):
    results = {"kiln": {}, "node": {}, "errors": []}
    min_time = "0.05" if args.quick else "0.5"
    try:
        _, stdout = run_command([paths.calls_bench, "--benchmark_format=json", f"--benchmark_min_time={min_time}"])
        for benchmark in json.loads(stdout)["benchmarks"]:
            name = benchmark["name"].removeprefix("BM_")
            if benchmark.get("error_occurred"):
                results["errors"].append(f"kiln {name}: {benchmark.get('error_message')}")
                continue
            assert benchmark["time_unit"] == "ns", benchmark["time_unit"]
            # CPU time: on a loaded machine, wall time also counts the time other processes ran.
            if "items_per_second" in benchmark:  # a loop of calls: time per call, not per iteration
                results["kiln"][name] = 1e9 / benchmark["items_per_second"]
            else:
                results["kiln"][name] = benchmark["cpu_time"]
            results.setdefault("kiln_raw", {})[name] = benchmark
    except (HarnessError, ValueError, KeyError) as error:
        results["errors"].append(f"kiln_bench_calls: {error}")
    if not args.no_node:
        try:
            command = [args.node, "--no-warnings", os.path.join(SOURCE_DIR, "node_calls.mjs"), paths.calls_wasm]
            _, stdout = run_command(command + (["--quick"] if args.quick else []))
            results["node"] = json.loads(stdout)
        except (HarnessError, ValueError) as error:
            results["errors"].append(f"node_calls.mjs: {error}")
    return results


def print_calls_table(calls):
    header = ["call benchmark", "kiln ns", "node ns", "target ns"]
    rows = [[label, format_cell(calls["kiln"].get(name), 2), format_cell(calls["node"].get(name), 2),
             format_cell(target, 0)] for name, label, target in CALL_BENCHMARKS]
    widths = [max(len(row[i]) for row in rows + [header]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print("kiln: Google Benchmark CPU time per call (loops of 1000 calls for the import call and call_indirect,"
          " loop included);\nnode: JS→wasm and wasm→JS, best of 7 rounds after warm-up (wall time); its"
          " memory.grow includes one instantiation per 4000 grows.")
    for error in calls["errors"]:
        print(f"error: {error}")


def run_compile_time(paths, args):
    """compile_time.sh's summary (its stdout), printed and returned; its phase tables go to the JSON only."""
    command = ["bash", os.path.join(SOURCE_DIR, "compile_time.sh"), paths.build, "1500", str(args.compile_time_runs)]
    try:
        completed = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=3600)
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"error: compile_time.sh: {error}")
        return {"error": str(error)}
    print(completed.stdout, end="")
    if completed.returncode != 0:
        print(f"error: compile_time.sh exited {completed.returncode}: {completed.stderr.strip()[-500:]}")
    return {"summary": completed.stdout, "phase_tables": completed.stderr, "exit_code": completed.returncode}


def machine_info(args):
    info = {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": platform.machine(), "cpu": platform.processor(), "cores": os.cpu_count(),
            "load_average": os.getloadavg()}
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                info["cpu"] = line.split(":", 1)[1].strip()
    except OSError:
        pass
    if not args.no_node:
        try:
            info["node"] = subprocess.run([args.node, "--version"], capture_output=True, text=True).stdout.strip()
        except OSError:
            info["node"] = None
    return info


def main():
    args = parse_args()
    try:
        if not args.no_build and not args.smoke:
            build(args)
        paths = Paths(args.build)
        kernels = paths.kernel_list()
        if args.kernels:
            wanted = args.kernels.split(",")
            unknown = [k for k in wanted if k not in kernels]
            if unknown:
                raise HarnessError(f"unknown kernels: {', '.join(unknown)} (known: {', '.join(kernels)})")
            kernels = wanted
        available = {"native", "kiln"}
        unavailable = {}
        if not args.smoke:
            reason = aot_availability(paths)
            if reason is None:
                available.add("kiln_aot")
            else:
                unavailable["kiln_aot"] = reason
        if args.no_node:
            unavailable["node"] = unavailable["node_no_liftoff"] = "not run"
        elif not os.path.exists(args.node):
            unavailable["node"] = unavailable["node_no_liftoff"] = f"no {args.node}"
        else:
            available |= {"node", "node_no_liftoff"}

        info = machine_info(args)
        print(f"kiln benchmarks, {info['date']}, {info['cpu']} ({info['cores']} cores), load "
              f"{info['load_average'][0]:.2f}, {args.runs} run(s){', tiny sizes' if args.quick or args.smoke else ''}"
              f"{'' if args.opt_level is None else f', kiln -O {args.opt_level}'}")
        results = run_kernels(paths, args, kernels, available, unavailable)
        print_kernel_table(results, unavailable)
        output = {"machine": info, "runs": args.runs, "opt_level": args.opt_level, "quick": args.quick or args.smoke, "kernels": results}
        if not args.no_calls:
            print()
            output["calls"] = run_calls(paths, args)
            print_calls_table(output["calls"])
        if not args.no_compile_time:
            print()
            output["compile_time"] = run_compile_time(paths, args)
        output["load_average_after"] = os.getloadavg()

        default_name = "smoke.json" if args.smoke else "quick.json" if args.quick else "results.json"
        json_path = args.json or os.path.join(paths.build, "bench", default_name)
        os.makedirs(os.path.dirname(os.path.abspath(json_path)), exist_ok=True)
        with open(json_path, "w") as out:
            json.dump(output, out, indent=1)
        print(f"\nresults: {json_path}")

        failed = [k for k, e in results.items() if not e["checksums_agree"] or
                  any(key not in unavailable for key in e["errors"])]
        if failed:
            print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
            return 1
        return 0
    except HarnessError as error:
        print(f"run.py: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Kernel start-up, typelearn against ipykernel (issue 16's start target): jupyter_client `start_new_kernel`-style
start until kernel_info is answered (ready), then the first result of `1 + 1` (a type-checked cell for typelearn).
Starts alternate between the two kernels, each a fresh process; medians of N. Also the kernel process's own CPU
time (user + system, all its threads) at the first result, which load inflates less than wall time.

usage: /usr/bin/python3 bench/kernel/bench_start.py [--starts 9] [--baseline OTHER_CHECKOUT]   (build first: npm run build). Never a test.
Writes bench/results/kernel_start.{json,md}. The first typelearn start of a build may write the TypeScript code
cache; a warm-up start of each kernel runs first and is not counted.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_kernel import ROOT, cpu_s, kernel_pid, rss_mb, start, stop, uptime  # noqa: E402  (one copy of the kernel plumbing)


def install_typelearn(root, name):
    """Install the kernelspec of the checkout at `root` (this one, or a baseline) under `name`."""
    prefix = tempfile.mkdtemp(prefix="tl-start-bench-")
    subprocess.run(["node", os.path.join(root, "bin", "typelearn.js"), "install", "--prefix", prefix,
                    "--name", name], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def one_start(kernel_name):
    """A fresh kernel: seconds to ready and to the first result of `1 + 1`, its CPU seconds and RSS (MB) then."""
    km, kc, ready, first = start(kernel_name)
    pid = kernel_pid(km)
    cpu, rss = cpu_s(pid), rss_mb(pid)
    stop(km, kc)
    return ready, first, cpu, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=9)
    ap.add_argument("--baseline", help="another built checkout of typelearn, started in the same rotation (before/after)")
    a = ap.parse_args()
    install_typelearn(ROOT, "typelearn-bench")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    kernels = {"typelearn": "typelearn-bench", "ipykernel": "python3"}
    if a.baseline:
        install_typelearn(os.path.abspath(a.baseline), "typelearn-baseline")
        kernels["baseline"] = "typelearn-baseline"
    for name in kernels.values():
        one_start(name)  # warm-up: caches, page cache
    load_before = uptime()
    runs = {k: [] for k in kernels}
    for _ in range(a.starts):
        for k, name in kernels.items():
            runs[k].append(one_start(name))
    load_after = uptime()
    res = {}
    for k, rs in runs.items():
        res[k] = {
            "ready_s": round(statistics.median(r[0] for r in rs), 3),
            "first_result_s": round(statistics.median(r[1] for r in rs), 3),
            "cpu_at_first_result_s": round(statistics.median(r[2] for r in rs), 3),
            "rss_at_first_result_mb": round(statistics.median(r[3] for r in rs), 1),
            "first_result_all_s": [round(r[1], 3) for r in rs],
        }
    t, p = res["typelearn"], res["ipykernel"]
    res["ratios"] = {key: round(t[key] / p[key], 2) for key in ("ready_s", "first_result_s", "cpu_at_first_result_s")}
    res["target_first_result_s"] = round(1.5 * p["first_result_s"], 3)
    res["when"] = time.strftime("%Y-%m-%d %H:%M:%S")
    res["machine"] = (f"{os.cpu_count()} cores; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()};"
                      f" python {sys.version.split()[0]}")
    res["load_before"], res["load_after"] = load_before, load_after
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "kernel_start.json"), "w") as f:
        json.dump(res, f, indent=1)
    lines = ["# Kernel start-up against ipykernel (issue 16)", "",
             f"{res['machine']}, {res['when']}; {a.starts} starts each, alternating, medians", "",
             f"Load before: `{load_before}`  ", f"Load after: `{load_after}`", "",
             "| measure | typelearn | ipykernel | ratio | target (typelearn) |", "|---|---:|---:|---:|---:|",
             f"| start → ready (s) | {t['ready_s']} | {p['ready_s']} | {res['ratios']['ready_s']} | – |",
             f"| start → first result of `1 + 1` (s) | {t['first_result_s']} | {p['first_result_s']} | "
             f"{res['ratios']['first_result_s']} | ≤ {res['target_first_result_s']} |",
             f"| kernel CPU at first result (s) | {t['cpu_at_first_result_s']} | {p['cpu_at_first_result_s']} | "
             f"{res['ratios']['cpu_at_first_result_s']} | – |",
             f"| kernel RSS at first result (MB) | {t['rss_at_first_result_mb']} | {p['rss_at_first_result_mb']} | – | – |", "",
             "The first cell is type-checked as every cell is (a type error in it is reported). Wall times on a "
             "loaded machine are inflated; the CPU row is the kernel process's user + system time, all threads.", "",
             "Before the first result the kernel builds only the lean program (TypeScript's lib and the library's "
             ".d.ts, parsed without their documentation comments); Node's typings and the documentation are prepared "
             "in idle slices afterwards (kernel/interpreter/warmup.ts), and the library's JavaScript loads when a cell "
             "first reads one of its names.", "",
             *([f"Baseline ({a.baseline}) in the same rotation: start → ready / first result / CPU (s): {res['baseline']['ready_s']} / "
                f"{res['baseline']['first_result_s']} / {res['baseline']['cpu_at_first_result_s']}; RSS {res['baseline']['rss_at_first_result_mb']} MB", ""] if a.baseline else []),
             "Re-run: `npm run build && /usr/bin/python3 bench/kernel/bench_start.py --starts 9`"]
    with open(os.path.join(out, "kernel_start.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

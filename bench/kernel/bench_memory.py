"""Kernel memory over a long session (issue 16), for variants of the kernel's Node flags and environment side by side.

Each variant is the installed kernelspec (kernel/kernelspec.ts: KERNEL_NODE_FLAGS, KERNEL_ENV) plus extra Node flags
and environment changes; their kernels run at the same time and their cells alternate one by one, so all see the
same load. The phases and checkpoints are bench_kernel.py's (its functions, imported: one way of measuring, so the two
benches agree): resident memory right after start (one cell), before/after N declaring cells with fresh names
(`const v7 = np.arange(17).reshape(-1, 1).mul(7); function f7 …; console.log(…)`), before/after the same 20 declaring
cells re-run 50 times, after `%reset -f` (against the start level), each read at a checkpoint: an idle pause, then the
median of a few samples. Also round-trip median/p95 and the kernel process's CPU time per declaring cell. A type
error after the N cells must be reported.

usage: /usr/bin/python3 bench/kernel/bench_memory.py [N] ['label|node flags|VAR=value -VAR …' …]
  default: N=1000, variants "kernelspec||" (as installed) and "no-trim||TYPELEARN_MALLOC_TRIM=0" (without
  malloc_trim: what a machine without the optional koffi package gets).
(build first: npm run build). Figures only, never a test.
"""
import glob
import json
import os
import statistics
import time
import subprocess
import sys
import tempfile

from jupyter_client.manager import KernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_kernel import ROOT, checkpoint, cpu_s, declaring, kernel_pid, rss_mb, run_cell, uptime  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
VARIANTS = sys.argv[2:] or ["kernelspec||", "no-trim||TYPELEARN_MALLOC_TRIM=0"]


def install(prefix, k, cfg):
    label, flags, env = cfg.split("|")
    name = f"tlab{k}"
    subprocess.run(["node", os.path.join(ROOT, "bin", "typelearn.js"), "install", "--prefix", prefix, "--name", name],
                   check=True, capture_output=True)
    kj = glob.glob(os.path.join(prefix, f"share/jupyter/kernels/{name}/kernel.json"))[0]
    spec = json.load(open(kj))
    spec["argv"][1:1] = flags.split()
    for kv in env.split():
        if kv.startswith("-"):
            spec.setdefault("env", {}).pop(kv[1:], None)
            continue
        a, b = kv.split("=", 1)
        spec.setdefault("env", {})[a] = b
    json.dump(spec, open(kj, "w"))
    print(f"{label}: node flags {[a for a in spec['argv'][1:4] if a.startswith('--')]}, env {spec.get('env')}", flush=True)
    km = KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    return dict(label=label, km=km, kc=kc, pid=kernel_pid(km), t=[])


def main():
    prefix = tempfile.mkdtemp(prefix="tl-ab-")
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    sides = [install(prefix, k, cfg) for k, cfg in enumerate(VARIANTS)]
    pids = [s["pid"] for s in sides]

    def at_checkpoint(key):
        cp = checkpoint(pids)
        for s in sides:
            s[key] = cp[s["pid"]]

    print(uptime(), flush=True)
    try:
        for s in sides:
            run_cell(s["kc"], "np.zeros([2, 2]);")
        at_checkpoint("pre")
        for i in range(100):
            for s in sides:
                run_cell(s["kc"], f"{i} + 1")
        at_checkpoint("r0")
        for s in sides:
            s["c0"] = cpu_s(s["pid"])
        for i in range(N):
            for s in sides:
                t = time.perf_counter()
                run_cell(s["kc"], declaring("ts", i))
                s["t"].append(time.perf_counter() - t)
            if (i + 1) % 250 == 0:
                print(i + 1, " ".join(f'{s["label"]}={rss_mb(s["pid"]):.0f}' for s in sides), flush=True)
        for s in sides:
            s["c1"], s["r1now"] = cpu_s(s["pid"]), rss_mb(s["pid"])
        at_checkpoint("r1")
        for s in sides:
            assert "not assignable" in run_cell(s["kc"], f"const wrong: string = f{N - 1}(1);", expect_error=True)
        same = [declaring("ts", 100000 + k) for k in range(20)]
        for c in same:
            for s in sides:
                run_cell(s["kc"], c)
        at_checkpoint("r2")
        for _ in range(int(os.environ.get("SAME_REPS", "50"))):
            for c in same:
                for s in sides:
                    run_cell(s["kc"], c)
        at_checkpoint("r3")
        for s in sides:
            run_cell(s["kc"], "%reset -f")
        at_checkpoint("ra")
        for s in sides:
            t = s["t"]
            print(f'{s["label"]:>10}: pre {s["pre"]:.0f} | decl {s["r0"]:.0f} -> {s["r1"]:.0f} ({(s["r1"] - s["r0"]) / N:.4f}/cell;'
                  f' {s["r1now"]:.0f} right after the last cell) | same20 {s["r2"]:.0f} -> {s["r3"]:.0f} |'
                  f' reset {s["ra"]:.0f} = {s["ra"] / s["pre"]:.3f}x | median {statistics.median(t) * 1000:.1f} ms'
                  f' p95 {sorted(t)[int(0.95 * (len(t) - 1))] * 1000:.1f} cpu/cell {(s["c1"] - s["c0"]) * 1000 / N:.1f} ms')
            assert "v1" in run_cell(s["kc"], "v1", expect_error=True)
        print(uptime(), flush=True)
    finally:
        for s in sides:
            s["kc"].stop_channels()
            s["km"].shutdown_kernel(now=True)


if __name__ == "__main__":
    main()

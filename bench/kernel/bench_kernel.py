"""Kernel latency benchmark: typelearn against ipykernel, both driven by jupyter_client in one run.

Measures (medians over repeats): start → first result (process start until the execute_result of a trivial
cell), trivial-cell round trip, varied-cell round trip (a new declaration each time, so the TypeScript
checker does real work), and completion latency. Writes bench/results/kernel.json and kernel.md.

usage: /usr/bin/python3 bench/kernel/bench_kernel.py [--starts 5] [--cells 40]
(build first: npm run build). Never a test: figures only.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def install_typelearn():
    prefix = tempfile.mkdtemp(prefix="tl-bench-")
    subprocess.run(["node", os.path.join(ROOT, "bin", "typelearn.js"), "install", "--prefix", prefix,
                    "--name", "typelearn-bench"], check=True, capture_output=True)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter") + os.pathsep + os.environ.get("JUPYTER_PATH", "")


def run_cell(kc, code, timeout=60):
    msg_id = kc.execute(code)
    result = None
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        t = msg["header"]["msg_type"]
        if t == "execute_result":
            result = msg["content"]["data"].get("text/plain")
        elif t == "error":
            raise RuntimeError(f"cell failed: {code!r}: {msg['content']['evalue']}")
        elif t == "status" and msg["content"]["execution_state"] == "idle":
            return result


def start(kernel_name):
    t0 = time.perf_counter()
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    first = run_cell(kc, "1 + 1")
    elapsed = time.perf_counter() - t0
    assert first == "2", first
    return km, kc, elapsed


def stop(km, kc):
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def bench(kernel_name, lang, starts, cells):
    start_times = []
    for _ in range(starts):
        km, kc, t = start(kernel_name)
        start_times.append(t)
        stop(km, kc)
    km, kc, _ = start(kernel_name)
    try:
        setup = "np.zeros([2, 2]);" if lang == "ts" else "import numpy as np"
        run_cell(kc, setup)
        trivial, varied, complete = [], [], []
        for i in range(cells):
            t = time.perf_counter(); run_cell(kc, "1"); trivial.append(time.perf_counter() - t)
        for i in range(cells):
            code = (f"const v{i}: number = {i} * 2;\nv{i}" if lang == "ts" else f"v{i} = {i} * 2\nv{i}")
            t = time.perf_counter(); run_cell(kc, code); varied.append(time.perf_counter() - t)
        text = "np.ze"
        for i in range(cells):
            t = time.perf_counter()
            reply = kc.complete(text, len(text), reply=True, timeout=30)
            complete.append(time.perf_counter() - t)
            assert "zeros" in " ".join(reply["content"]["matches"]), reply["content"]["matches"][:10]
    finally:
        stop(km, kc)
    ms = lambda xs: round(statistics.median(xs) * 1000, 1)
    return {
        "start_to_first_result_s": round(statistics.median(start_times), 3),
        "trivial_cell_ms": ms(trivial),
        "varied_cell_ms": ms(varied),
        "completion_ms": ms(complete),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--cells", type=int, default=40)
    a = ap.parse_args()
    install_typelearn()
    results = {
        "typelearn": bench("typelearn-bench", "ts", a.starts, a.cells),
        "ipykernel": bench("python3", "py", a.starts, a.cells),
        "targets": {"start_to_first_result_s": 3.0, "varied_cell_ms": 25, "completion_ms": 50},
        "machine": f"{os.cpu_count()} cores; node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}; python {sys.version.split()[0]}",
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    out = os.path.join(ROOT, "bench", "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "kernel.json"), "w") as f:
        json.dump(results, f, indent=1)
    t, p, g = results["typelearn"], results["ipykernel"], results["targets"]
    rows = [
        ("start → first result (s)", "start_to_first_result_s", g["start_to_first_result_s"]),
        ("trivial cell round trip (ms)", "trivial_cell_ms", None),
        ("varied cell round trip (ms)", "varied_cell_ms", g["varied_cell_ms"]),
        ("completion (ms)", "completion_ms", g["completion_ms"]),
    ]
    lines = ["# Kernel latency (medians)", "", f"{results['machine']}, {results['when']}", "",
             "| measure | typelearn | ipykernel | target (typelearn) |", "|---|---:|---:|---:|"]
    for label, key, target in rows:
        lines.append(f"| {label} | {t[key]} | {p[key]} | {'≤ ' + str(target) if target else '–'} |")
    with open(os.path.join(out, "kernel.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()

"""Kernel memory over a long session (issue 16), for variants of the kernel's Node flags and environment side by side.

Each variant is the installed kernelspec (kernel/kernelspec.ts: KERNEL_NODE_FLAGS, KERNEL_ENV) plus extra Node flags
and environment changes; their kernels run at the same time and their cells alternate one by one, so all see the
same load. Per variant: resident memory (VmRSS) right after start (one cell), before/after N declaring cells with
fresh names (`const v7 = np.arange(17).reshape(-1, 1).mul(7); function f7 …; console.log(…)`), before/after the
same 20 declaring cells re-run 50 times, after `%reset -f` (against the start level); round-trip median/p95 and the
kernel process's CPU time (user + system) per declaring cell. A type error after the N cells must be reported.

usage: /usr/bin/python3 bench/kernel/bench_memory.py [N] ['label|node flags|VAR=value -VAR …' …]
  default: N=1000, variants "kernelspec||" (as installed) and
  "glibc-dynamic||-MALLOC_MMAP_THRESHOLD_ -MALLOC_TRIM_THRESHOLD_" (the malloc thresholds left to glibc).
(build first: npm run build). Figures only, never a test.
"""
import os, sys, json, time, subprocess, tempfile, glob, statistics
from jupyter_client.manager import KernelManager
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
VARIANTS = sys.argv[2:] or ["kernelspec||", "glibc-dynamic||-MALLOC_MMAP_THRESHOLD_ -MALLOC_TRIM_THRESHOLD_"]
TICK = os.sysconf("SC_CLK_TCK")
prefix = tempfile.mkdtemp(prefix="tl-ab-")
os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
sides = []
for k, cfg in enumerate(VARIANTS):
    label, flags, env = cfg.split("|")
    name = f"tlab{k}"
    subprocess.run(["node", os.path.join(ROOT, "bin", "typelearn.js"), "install", "--prefix", prefix, "--name", name], check=True, capture_output=True)
    kj = glob.glob(os.path.join(prefix, f"share/jupyter/kernels/{name}/kernel.json"))[0]
    spec = json.load(open(kj)); spec["argv"][1:1] = flags.split()
    for kv in env.split():
        if kv.startswith("-"):
            spec.setdefault("env", {}).pop(kv[1:], None)
            continue
        a, b = kv.split("=", 1); spec.setdefault("env", {})[a] = b
    json.dump(spec, open(kj, "w"))
    print(f"{label}: node flags {[a for a in spec['argv'][1:4] if a.startswith('--')]}, env {spec.get('env')}", flush=True)
    km = KernelManager(kernel_name=name); km.start_kernel(); kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=120)
    sides.append(dict(label=label, km=km, kc=kc, pid=km.provisioner.process.pid, t=[], spec=spec))
def rss(pid):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith("VmRSS:"): return int(l.split()[1]) / 1024
def cpu(pid):
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split(); return (int(f[11]) + int(f[12])) / TICK
def run(kc, code, want_err=False):
    mid = kc.execute(code); err = None
    while True:
        m = kc.get_iopub_msg(timeout=300)
        if m["parent_header"].get("msg_id") != mid: continue
        t = m["header"]["msg_type"]
        if t == "error": err = m["content"]["evalue"]
        elif t == "status" and m["content"]["execution_state"] == "idle": break
    if err and not want_err: raise RuntimeError(code + ": " + err)
    return err
def decl(i): return f"const v{i} = np.arange({10 + i % 50}).reshape(-1, 1).mul({i});\nfunction f{i}(x: number) {{ return x + {i}; }}\nconsole.log(f{i}(1), v{i}.shape[0])"
print(os.popen("uptime").read().strip(), flush=True)
for s in sides: run(s["kc"], "np.zeros([2, 2]);")
time.sleep(1)
for s in sides: s["pre"] = rss(s["pid"])
for i in range(100):
    for s in sides: run(s["kc"], f"{i} + 1")
for s in sides: s["r0"] = rss(s["pid"]); s["c0"] = cpu(s["pid"])
for i in range(N):
    for s in sides:
        t = time.perf_counter(); run(s["kc"], decl(i)); s["t"].append(time.perf_counter() - t)
    if (i + 1) % 250 == 0: print(i + 1, " ".join(f'{s["label"]}={rss(s["pid"]):.0f}' for s in sides), flush=True)
for s in sides: s["r1"] = rss(s["pid"]); s["c1"] = cpu(s["pid"])
for s in sides: assert "not assignable" in run(s["kc"], f"const wrong: string = f{N - 1}(1);", True)
same = [decl(100000 + k) for k in range(20)]
for c in same:
    for s in sides: run(s["kc"], c)
for s in sides: s["r2"] = rss(s["pid"])
for _ in range(int(os.environ.get("SAME_REPS", "50"))):
    for c in same:
        for s in sides: run(s["kc"], c)
for s in sides: s["r3"] = rss(s["pid"])
for s in sides: run(s["kc"], "%reset -f")
time.sleep(1)
for s in sides:
    ra = rss(s["pid"])
    t = s["t"]
    print(f'{s["label"]:>10}: pre {s["pre"]:.0f} | decl {s["r0"]:.0f} -> {s["r1"]:.0f} ({(s["r1"]-s["r0"])/N:.4f}/cell) | same20 {s["r2"]:.0f} -> {s["r3"]:.0f} | reset {ra:.0f} = {ra/s["pre"]:.3f}x'
          f' | median {statistics.median(t)*1000:.1f} ms p95 {sorted(t)[int(0.95*(len(t)-1))]*1000:.1f} cpu/cell {(s["c1"]-s["c0"])*1000/N:.1f} ms')
    assert "v1" in run(s["kc"], "v1", True)
print(os.popen("uptime").read().strip(), flush=True)
for s in sides: s["kc"].stop_channels(); s["km"].shutdown_kernel(now=True)

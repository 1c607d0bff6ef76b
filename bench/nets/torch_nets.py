"""PyTorch / scikit-learn side of bench/nets, on the data files written by nets.bench.ts.

Usage: /usr/bin/python3 bench/nets/torch_nets.py GUIDE_FILE MLP_FILE MLP_ROWS REPEATS RUN_MLP
GUIDE_FILE: the guide's scaled breast-cancer training rows (455 × 30 float64) then their labels.
MLP_FILE: MLP_ROWS × 784 float64 inputs then MLP_ROWS labels (0..9).
Prints JSON: seconds per run of (1) the guide's network, 100 full-batch Adam epochs; (2) one epoch of a
784-256-128-10 MLP, batches of 128, Adam, cross-entropy; (3) scikit-learn's MLPClassifier on the guide's rows; and
the CPU seconds (process_time, all threads) of (1) and (3).
torch keeps its default thread count, which on the benchmark machine (2 cores, Debian's torch 1.13 with OpenMP) is
1; the result reports it. That is also torch's fastest setting there: with torch.set_num_threads(2) one epoch of the
784-256-128-10 MLP took 2.7-14 s instead of 0.9-1.3 s, the second core being shared with other work (measured
2026-12-04). typelearn's side runs on one core too. nets.bench.ts calls this once per repetition, alternating with its own runs, so
both sides see the same load on a shared machine.
The minor page faults of each MLP epoch are reported too: with glibc's default malloc, torch returns its large
per-batch buffers to the kernel and faults them in again, ~280 000 faults an epoch, which on this machine's VM cost
10-15 µs each on some hours and far less on others (measured 2026-12-06: 4-5 s an epoch against 1.0 s). nets.bench.ts
therefore also runs this script with malloc tuned (MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_ /
MALLOC_TOP_PAD_ raised: no faults, torch at its best here) and compares against that as well.
"""
import json, resource, sys, time, warnings
import numpy as np
import torch
import torch.nn as nn
from sklearn.neural_network import MLPClassifier

guide_file, mlp_file, mlp_rows, reps = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
run_mlp = len(sys.argv) < 6 or sys.argv[5] == "1"
g = np.fromfile(guide_file, dtype="<f8")
Xg = torch.tensor(g[: 455 * 30].reshape(455, 30), dtype=torch.float32)
yg = torch.tensor(g[455 * 30: 455 * 31], dtype=torch.float32)


def guide_run(seed):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(30, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 32), nn.ReLU(),
                          nn.Dropout(0.2), nn.Linear(32, 1), nn.Sigmoid())
    crit = nn.BCELoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(100):
        model.train()
        opt.zero_grad()
        loss = crit(model(Xg).squeeze(), yg)
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, loss.item(), time.process_time() - c0


m = np.fromfile(mlp_file, dtype="<f8")
Xm = torch.tensor(m[: mlp_rows * 784].reshape(mlp_rows, 784), dtype=torch.float32)
ym = torch.tensor(m[mlp_rows * 784: mlp_rows * 785], dtype=torch.int64)


def mlp_run(seed, max_steps=None):
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    crit = nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t0, c0 = time.perf_counter(), time.process_time()
    perm = torch.randperm(mlp_rows)
    total = 0.0
    for s in range(0, mlp_rows if max_steps is None else max_steps * 128, 128):
        idx = perm[s: s + 128]
        opt.zero_grad()
        loss = crit(model(Xm[idx]), ym[idx])
        loss.backward()
        opt.step()
        total += loss.item() * len(idx)
    return (time.perf_counter() - t0, total / mlp_rows, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0,
            time.process_time() - c0)


guide_run(0)  # warm-up
guide = [guide_run(s) for s in range(reps)]
mlp = []
if run_mlp:
    mlp_run(0, max_steps=20)  # warm-up: a few batches
    mlp = [mlp_run(s) for s in range(reps)]
Xs, ys = g[: 455 * 30].reshape(455, 30), g[455 * 30: 455 * 31].astype(np.int64)
sk, sk_cpu = [], []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for s in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        clf = MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=100, random_state=s).fit(Xs, ys)
        sk.append(time.perf_counter() - t0)
        sk_cpu.append(time.process_time() - c0)
print(json.dumps({"guide_times": [t for t, _, _ in guide], "guide_final_loss": [l for _, l, _ in guide],
                  "guide_cpu": [c for _, _, c in guide], "sk_mlp_cpu": sk_cpu,
                  "mlp_times": [r[0] for r in mlp], "mlp_loss": [r[1] for r in mlp],
                  "mlp_faults": [r[2] for r in mlp], "mlp_cpu": [r[3] for r in mlp], "sk_mlp_times": sk,
                  "sk_mlp_loss": clf.loss_, "torch": torch.__version__, "threads": torch.get_num_threads()}))

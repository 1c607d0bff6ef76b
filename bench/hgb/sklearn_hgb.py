"""scikit-learn side of bench/hgb: HistGradientBoostingClassifier, 100 iterations, early stopping off.

Usage: sklearn_hgb.py N P REPEATS  (prints JSON). The data is np.random.RandomState(0).randn(N, P) and a nonlinear
rule, regenerated bit for bit by the TypeScript side with lib/random. Thread count comes from OMP_NUM_THREADS.
"""
import json
import os
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier


def make(n, p):
    rs = np.random.RandomState(0)
    X = rs.randn(n, p)
    noise = rs.randn(n)
    y = (X[:, 0] + 0.5 * X[:, 1] ** 2 - X[:, 2] * X[:, 3] + 0.3 * X[:, 4] + 0.5 * noise > 0.5).astype(int)
    return X, y


n, p, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
X, y = make(n, p)
times, cpu, pcpu = [], [], []
for _ in range(reps):
    m = HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
    c0, p0, t0 = time.thread_time(), time.process_time(), time.perf_counter()
    m.fit(X, y)
    times.append(time.perf_counter() - t0)
    cpu.append(time.thread_time() - c0)  # the main thread only (OpenMP's other threads apart)
    pcpu.append(time.process_time() - p0)  # every thread
t0 = time.perf_counter()
dec = m.decision_function(X)
pred_s = time.perf_counter() - t0
print(json.dumps({"fit_s": sorted(times)[len(times) // 2], "all_fit_s": times,
                  "fit_main_thread_cpu_s": sorted(cpu)[len(cpu) // 2],
                  "fit_process_cpu_s": sorted(pcpu)[len(pcpu) // 2], "predict_s": pred_s,
                  "threads": os.environ.get("OMP_NUM_THREADS", "default"),
                  "train_accuracy": float((m.predict(X) == y).mean()), "decision_head": dec[:5].tolist()}))

"""scikit-learn side of bench/cluster: KMeans(k, n_init=1, max_iter, random_state=0) on each data file written by
kmeans.bench.ts, with the default OpenMP threads and with one thread, REPEATS fits of each.

Usage: /usr/bin/python3 bench/cluster/sklearn_kmeans.py N_SAMPLES N_FEATURES K MAX_ITER REPEATS DATA_FILE...
Prints JSON: one entry per file: times (s) per thread setting, inertia, n_iter, centres; and the thread pools.
"""
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info, threadpool_limits

n, p, k, max_iter, reps = map(int, sys.argv[1:6])
files = sys.argv[6:]


def run(X):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        m = KMeans(n_clusters=k, n_init=1, max_iter=max_iter, random_state=0).fit(X)
        times.append(time.perf_counter() - t0)
    return times, m


out = []
for path in files:
    X = np.fromfile(path, dtype="<f8").reshape(n, p)
    times, m = run(X)
    with threadpool_limits(limits=1):
        times1, _ = run(X)
    out.append({"times": times, "times_1thread": times1, "inertia": float(m.inertia_), "n_iter": int(m.n_iter_),
                "centers": m.cluster_centers_.ravel().tolist()})
info = [{"api": i.get("internal_api"), "threads": i.get("num_threads")} for i in threadpool_info()]
print(json.dumps({"runs": out, "threads": info}))

"""scikit-learn side of bench/cluster: KMeans(k, n_init=1, max_iter, random_state=0) on the data file written by
kmeans.bench.ts, with the default OpenMP threads and with one thread.

Usage: /usr/bin/python3 bench/cluster/sklearn_kmeans.py DATA_FILE N_SAMPLES N_FEATURES K MAX_ITER REPEATS
Prints JSON: times (s) per thread setting, inertia, n_iter, centres.
"""
import json, sys, time
import numpy as np
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info, threadpool_limits

path, n, p, k, max_iter, reps = sys.argv[1], *map(int, sys.argv[2:7])
X = np.fromfile(path, dtype="<f8").reshape(n, p)


def run():
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        m = KMeans(n_clusters=k, n_init=1, max_iter=max_iter, random_state=0).fit(X)
        times.append(time.perf_counter() - t0)
    return times, m


times, m = run()
with threadpool_limits(limits=1):
    times1, _ = run()
info = [{"api": i.get("internal_api"), "threads": i.get("num_threads")} for i in threadpool_info()]
print(json.dumps({"times": times, "times_1thread": times1, "inertia": float(m.inertia_), "n_iter": int(m.n_iter_),
                  "centers": m.cluster_centers_.ravel().tolist(), "threads": info}))

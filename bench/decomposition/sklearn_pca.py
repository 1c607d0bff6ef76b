"""scikit-learn side of bench/decomposition: PCA(n_components) on the data file written by pca.bench.ts, with
svd_solver="auto" (which picks the randomized solver for this shape) and svd_solver="full" (exact, like ours).

Usage: /usr/bin/python3 bench/decomposition/sklearn_pca.py DATA_FILE N_SAMPLES N_FEATURES N_COMPONENTS REPEATS
Prints JSON: times (s) per solver and the explained variances.
"""
import json, sys, time
import numpy as np
from sklearn.decomposition import PCA
from threadpoolctl import threadpool_info

path, n, p, k, reps = sys.argv[1], *map(int, sys.argv[2:6])
X = np.fromfile(path, dtype="<f8").reshape(n, p)
res = {}
for solver in ["auto", "full"]:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        m = PCA(n_components=k, svd_solver=solver, random_state=0).fit(X)
        times.append(time.perf_counter() - t0)
    res[solver] = {"times": times, "explained_variance": m.explained_variance_.tolist(),
                   "components": m.components_.ravel().tolist(), "solver_used": m._fit_svd_solver}
res["threads"] = [{"api": i.get("internal_api"), "threads": i.get("num_threads")} for i in threadpool_info()]
print(json.dumps(res))

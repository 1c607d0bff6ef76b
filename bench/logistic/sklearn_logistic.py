"""scikit-learn side of bench/logistic: fit LogisticRegression (lbfgs) on the data file written by logistic.bench.ts.

Usage: /usr/bin/python3 bench/logistic/sklearn_logistic.py DATA_FILE N_SAMPLES N_FEATURES REPEATS
The file holds X (row-major float64, little-endian) followed by y (0/1 as float64). Prints JSON: times (s),
coef, intercept, n_iter, training accuracy, BLAS info.
"""
import json, sys, time, warnings
import numpy as np
from sklearn.linear_model import LogisticRegression

path, n, p, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
buf = np.fromfile(path, dtype="<f8")
X = buf[: n * p].reshape(n, p)
y = buf[n * p: n * p + n].astype(np.int64)
LogisticRegression().fit(X, y)  # warm-up, as the TS side does
times = []
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for _ in range(reps):
        t0 = time.perf_counter()
        m = LogisticRegression().fit(X, y)
        times.append(time.perf_counter() - t0)
import threadpoolctl
blas = [{"api": i.get("internal_api"), "threads": i.get("num_threads")} for i in threadpoolctl.threadpool_info()]
print(json.dumps({"times": times, "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
                  "n_iter": int(m.n_iter_[0]), "accuracy": float(m.score(X, y)),
                  "warnings": sorted({str(w.category.__name__) for w in caught}), "blas": blas}))

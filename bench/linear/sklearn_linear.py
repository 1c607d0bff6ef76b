"""scikit-learn side of bench/linear: fit LinearRegression on the data file written by linear.bench.ts.

Usage: /usr/bin/python3 bench/linear/sklearn_linear.py DATA_FILE N_SAMPLES N_FEATURES REPEATS
The file holds X (row-major float64, little-endian) followed by y. Prints JSON: times (s), coef, intercept.
"""
import json, sys, time
import numpy as np
from sklearn.linear_model import LinearRegression

path, n, p, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
buf = np.fromfile(path, dtype="<f8")
X = buf[: n * p].reshape(n, p)
y = buf[n * p: n * p + n]
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    m = LinearRegression().fit(X, y)
    times.append(time.perf_counter() - t0)
import threadpoolctl
blas = [{"api": i.get("internal_api"), "threads": i.get("num_threads")} for i in threadpoolctl.threadpool_info()]
print(json.dumps({"times": times, "coef": m.coef_.tolist(), "intercept": float(m.intercept_), "blas": blas}))

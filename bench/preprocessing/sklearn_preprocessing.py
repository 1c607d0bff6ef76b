"""scikit-learn side of bench/preprocessing: StandardScaler fit + transform on the data file written by
preprocessing.bench.ts.

Usage: /usr/bin/python3 bench/preprocessing/sklearn_preprocessing.py DATA_FILE N_SAMPLES N_FEATURES REPEATS
The file holds X (row-major float64, little-endian). Prints JSON: fit+transform times (s), fit-only times, mean_, scale_,
and a checksum of the transformed array.
"""
import json, sys, time
import numpy as np
from sklearn.preprocessing import StandardScaler

path, n, p, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.fromfile(path, dtype="<f8")[: n * p].reshape(n, p)
StandardScaler().fit(X).transform(X)  # warm-up
times, fit_times = [], []
for _ in range(reps):
    t0 = time.perf_counter()
    s = StandardScaler().fit(X)
    t1 = time.perf_counter()
    Z = s.transform(X)
    t2 = time.perf_counter()
    times.append(t2 - t0)
    fit_times.append(t1 - t0)
print(json.dumps({"times": times, "fitTimes": fit_times, "mean": s.mean_.tolist(), "scale": s.scale_.tolist(),
                  "first": Z[0].tolist(), "last": Z[-1].tolist()}))

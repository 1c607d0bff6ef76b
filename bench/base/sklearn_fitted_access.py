"""Peer of fitted_access.bench.ts: per-call cost of a 1-row predict / transform and of reading a fitted
attribute, in scikit-learn, on the same data (read from the file the TypeScript side wrote)."""
import json
import sys
import time

import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import StandardScaler


def per_call(f, n):
    f()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


def main():
    path, n, p, calls = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    data = np.fromfile(path, dtype=np.float64)
    X = data[: n * p].reshape(n, p)
    y = data[n * p : n * p + n]
    row = X[:1]
    lr = LinearRegression().fit(X, y)
    sc = StandardScaler().fit(X)
    out = {
        "predictRow": per_call(lambda: lr.predict(row), calls),
        "transformRow": per_call(lambda: sc.transform(row), calls),
        "readAttribute": per_call(lambda: lr.coef_, calls * 10),
        "first": float(lr.predict(row)[0]),
    }
    print(json.dumps(out))


main()

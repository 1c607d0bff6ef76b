"""scikit-learn side of bench/forest: RandomForestClassifier(100 trees, max_depth=10) on the file forest.bench.ts wrote.

Usage: /usr/bin/python3 bench/forest/sklearn_forest.py DATA_FILE N_SAMPLES N_FEATURES REPEATS
The file holds X (row-major float64) then y. Prints JSON: fit times (n_jobs=1, -1), single-row predict latency,
batch predict time, predict_proba of the first 1000 rows.
"""
import json, sys, time
import numpy as np
import sklearn
from sklearn.ensemble import RandomForestClassifier

path, n, p, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
buf = np.fromfile(path, dtype="<f8")
X = buf[: n * p].reshape(n, p)
y = buf[n * p: n * p + n]

def fits(n_jobs):
    times, m = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        m = RandomForestClassifier(n_estimators=100, max_depth=10, random_state=0, n_jobs=n_jobs).fit(X, y)
        times.append(time.perf_counter() - t0)
    return times, m

fit1, model = fits(1)
fitAll, _ = fits(-1)
rows = [X[i:i + 1] for i in range(200)]
for i in range(50):
    model.predict(rows[i % 200])
lat = []
for _ in range(5):
    t0 = time.perf_counter()
    for i in range(200):
        model.predict(rows[i % 200])
    lat.append((time.perf_counter() - t0) / 200)
t0 = time.perf_counter()
model.predict(X)
batch = time.perf_counter() - t0
print(json.dumps({"fit1": fit1, "fitAll": fitAll, "predict1": lat, "batchPredict": batch,
                  "proba": model.predict_proba(X[:1000]).ravel().tolist(), "version": sklearn.__version__}))

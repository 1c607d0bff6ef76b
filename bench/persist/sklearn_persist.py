"""joblib side of bench/persist.

  fit DATA N P MAX_DEPTH MODEL_OUT   fit scikit-learn's RandomForestClassifier on the data the TypeScript side
                                     wrote, joblib.dump it to MODEL_OUT; prints nodes and whether a dump/load
                                     round trip predicts identically
  time MODEL REPS                    load MODEL once (untimed), then time REPS joblib.dump / joblib.load pairs;
                                     prints every timing and the file size

The bench calls `time` once per round, between rounds of its own timings, so both see the same machine load.
Prints JSON."""
import json
import os
import sys
import tempfile
import time

import joblib
import numpy as np


def fit(path, n, p, max_depth, model_out):
    from sklearn.ensemble import RandomForestClassifier
    raw = np.fromfile(path, dtype=np.float64)
    X = raw[: n * p].reshape(n, p)
    y = raw[n * p : n * p + n].astype(np.int64)
    model = RandomForestClassifier(n_estimators=100, max_depth=None if max_depth == "none" else int(max_depth),
                                   random_state=0, n_jobs=1).fit(X, y)
    joblib.dump(model, model_out)
    back = joblib.load(model_out)
    same = bool(np.array_equal(back.predict_proba(X), model.predict_proba(X)))
    nodes = int(sum(t.tree_.node_count for t in model.estimators_))
    print(json.dumps({"nodes": nodes, "roundtripIdentical": same}))


def timing(model_path, reps):
    model = joblib.load(model_path)
    out = os.path.join(tempfile.gettempdir(), f"typelearn-persist-bench-{os.getpid()}.joblib")
    dumps, loads = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        joblib.dump(model, out)
        dumps.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        joblib.load(out)
        loads.append(time.perf_counter() - t0)
    size = os.path.getsize(out)
    os.unlink(out)
    print(json.dumps({"dumps": dumps, "loads": loads, "bytes": size}))


if sys.argv[1] == "fit":
    fit(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
else:
    timing(sys.argv[2], int(sys.argv[3]))

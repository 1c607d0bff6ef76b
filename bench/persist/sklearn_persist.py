"""joblib side of bench/persist: fit scikit-learn's RandomForestClassifier on the data the TypeScript side wrote,
then time joblib.dump / joblib.load (median of repeats) and report the file size. Prints JSON."""
import json
import os
import sys
import tempfile
import time

import joblib
import numpy as np
from sklearn.ensemble import RandomForestClassifier


def main():
    path, n, p, reps, max_depth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    raw = np.fromfile(path, dtype=np.float64)
    X = raw[: n * p].reshape(n, p)
    y = raw[n * p : n * p + n].astype(np.int64)
    model = RandomForestClassifier(n_estimators=100, max_depth=None if max_depth == "none" else int(max_depth),
                                   random_state=0, n_jobs=1).fit(X, y)
    out = os.path.join(tempfile.gettempdir(), f"typelearn-persist-bench-{os.getpid()}.joblib")
    dumps, loads = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        joblib.dump(model, out)
        dumps.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        back = joblib.load(out)
        loads.append(time.perf_counter() - t0)
    size = os.path.getsize(out)
    same = bool(np.array_equal(back.predict_proba(X), model.predict_proba(X)))
    os.unlink(out)
    nodes = int(sum(t.tree_.node_count for t in model.estimators_))
    print(json.dumps({"dump": sorted(dumps)[len(dumps) // 2], "load": sorted(loads)[len(loads) // 2], "bytes": size,
                      "nodes": nodes, "roundtripIdentical": same}))


main()

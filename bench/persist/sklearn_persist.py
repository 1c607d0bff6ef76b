"""joblib side of bench/persist. Every mode prints JSON.

  fit SPEC DATA MODEL_OUT     fit scikit-learn's model for the row SPEC (JSON: kind, n, p, maxDepth) on the data
                              the TypeScript side wrote, joblib.dump it to MODEL_OUT; prints its size and whether a
                              dump/load round trip predicts identically
  time MODEL REPS             load MODEL once (untimed), then time REPS joblib.dump / joblib.load pairs in this
                              process (the warm rows); prints every timing and the file size
  cold-dump SPEC DATA OUT     a fresh process's first dump: fit as `fit` does, then time one joblib.dump(model, OUT),
                              and apart from it the fsync that would make the file durable as our default dump is
  cold-load SPEC MODEL        a fresh process's first load: import joblib and the model's scikit-learn module
                              (as the TypeScript child has its modules loaded), then time one joblib.load(MODEL)

The cold modes time only the call and report this process's minor page faults during it (getrusage).
"""
import json
import os
import resource
import sys
import tempfile
import time

import joblib
import numpy as np


def make_model(spec):
    kind = spec["kind"]
    if kind == "forest":
        from sklearn.ensemble import RandomForestClassifier
        depth = spec["maxDepth"]
        return RandomForestClassifier(n_estimators=100, max_depth=depth, random_state=0, n_jobs=1)
    if kind == "logistic":
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(max_iter=1000)
    if kind == "hgb":
        from sklearn.ensemble import HistGradientBoostingClassifier
        return HistGradientBoostingClassifier(max_iter=100, early_stopping=False, random_state=0)
    raise ValueError(f"unknown kind {kind}")


def read_data(path, n, p):
    raw = np.fromfile(path, dtype=np.float64)
    return raw[: n * p].reshape(n, p), raw[n * p : n * p + n].astype(np.int64)


def fitted(spec, data):
    X, y = read_data(data, spec["n"], spec["p"])
    return make_model(spec).fit(X, y), X


def size(model):
    if hasattr(model, "_predictors"):
        trees = [p for it in model._predictors for p in it]
        return f"{len(trees)} trees, {sum(len(p.nodes) for p in trees)} nodes"
    if hasattr(model, "estimators_"):
        return f"{int(sum(t.tree_.node_count for t in model.estimators_))} nodes"
    if hasattr(model, "coef_"):
        return f"{model.coef_.size} coefficients"
    return ""


def fit(spec, data, model_out):
    model, X = fitted(spec, data)
    joblib.dump(model, model_out)
    back = joblib.load(model_out)
    same = bool(np.array_equal(back.predict_proba(X), model.predict_proba(X)))
    print(json.dumps({"size": size(model), "roundtripIdentical": same}))


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
    size_bytes = os.path.getsize(out)
    os.unlink(out)
    print(json.dumps({"dumps": dumps, "loads": loads, "bytes": size_bytes}))


def timed(call):
    pf = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t0 = time.perf_counter()
    call()
    ms = (time.perf_counter() - t0) * 1e3
    return {"ms": ms, "minorPageFaults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - pf}


def cold_dump(spec, data, out):
    model, _ = fitted(spec, data)
    t = timed(lambda: joblib.dump(model, out))
    # joblib.dump leaves the file in the page cache; flushing it to disk as our default dump does is timed apart
    t0 = time.perf_counter()
    fd = os.open(out, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    print(json.dumps({**t, "bytes": os.path.getsize(out), "fsyncMs": (time.perf_counter() - t0) * 1e3}))


def cold_load(spec, model_path):
    make_model(spec)  # imports the model's scikit-learn module, as unpickling would
    t = timed(lambda: joblib.load(model_path))
    print(json.dumps({**t, "bytes": os.path.getsize(model_path)}))


mode = sys.argv[1]
if mode == "fit":
    fit(json.loads(sys.argv[2]), sys.argv[3], sys.argv[4])
elif mode == "time":
    timing(sys.argv[2], int(sys.argv[3]))
elif mode == "cold-dump":
    cold_dump(json.loads(sys.argv[2]), sys.argv[3], sys.argv[4])
elif mode == "cold-load":
    cold_load(json.loads(sys.argv[2]), sys.argv[3])
else:
    raise SystemExit(f"unknown mode {mode}")

"""scikit-learn side of bench/selection: cross_val_score of StandardScaler + LogisticRegression on breast cancer.

Usage: /usr/bin/python3 bench/selection/sklearn_selection.py REPEATS
Prints JSON: cold (first n_jobs=-1 call, includes starting loky workers), warm times, n_jobs=1 times, scores.
"""
import json, sys, time
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

reps = int(sys.argv[1])
X, y = load_breast_cancer(return_X_y=True)
make = lambda: make_pipeline(StandardScaler(), LogisticRegression())


def timed(n_jobs):
    t0 = time.perf_counter()
    s = cross_val_score(make(), X, y, cv=5, n_jobs=n_jobs)
    return time.perf_counter() - t0, s


cold, scores = timed(-1)
warm = [timed(-1)[0] for _ in range(reps)]
serial = [timed(1)[0] for _ in range(reps)]
print(json.dumps({"cold": cold, "warm": warm, "serial": serial, "scores": scores.tolist()}))

"""scikit-learn side of bench/forest/grid.bench.ts: the guide's GridSearchCV (§8) — 108 random-forest candidates ×
5 folds = 540 fits on the standardised breast-cancer training split, scoring f1, n_jobs=-1. Prints one JSON line."""
import json
import time

from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler

data = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.2, random_state=42)
scaler = StandardScaler().fit(X_train)
X_train_s, X_test_s = scaler.transform(X_train), scaler.transform(X_test)
grid = {"n_estimators": [50, 100, 200], "max_depth": [5, 10, 20, None],
        "min_samples_split": [2, 5, 10], "min_samples_leaf": [1, 2, 4]}
t0 = time.perf_counter()
gs = GridSearchCV(RandomForestClassifier(random_state=42), grid, cv=5, scoring="f1", n_jobs=-1).fit(X_train_s, y_train)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "best_score": gs.best_score_, "best_params": gs.best_params_,
                  "test_accuracy": gs.best_estimator_.score(X_test_s, y_test)}))

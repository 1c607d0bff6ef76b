"""Fit the guide's served model and save it with joblib: RandomForestClassifier(n_estimators=200, max_depth=10,
random_state=42) on StandardScaler-transformed breast-cancer training rows (train_test_split test_size=0.2,
random_state=42), as the guide's grid search picked. Argument: the output directory."""
import os
import sys

import joblib
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

data = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(data.data, data.target, test_size=0.2, random_state=42)
scaler = StandardScaler().fit(X_train)
model = RandomForestClassifier(n_estimators=200, max_depth=10, min_samples_leaf=1, min_samples_split=2,
                               random_state=42).fit(scaler.transform(X_train), y_train)
joblib.dump(model, os.path.join(sys.argv[1], "random_forest_model.joblib"))

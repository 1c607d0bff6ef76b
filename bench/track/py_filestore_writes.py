"""The Python peer of bench/track: the same logging workload written the way MLflow's FileStore writes it
(MLflow itself is not installable here): a run folder with meta.yaml (yaml.safe_dump), one file per param and tag
(open/write), and one open-append-close per metric value, each after reading and checking the run's meta.yaml,
as FileStore.log_param / log_metric do (it also scans the experiments to find the run; that part is left out).

usage: py_filestore_writes.py ROOT RUNS PARAMS METRIC_VALUES REPEATS  → JSON {"times": [...]} on stdout
"""
import json
import os
import shutil
import sys
import time
import uuid

import yaml

root, runs, params, values, reps = sys.argv[1], *map(int, sys.argv[2:6])


def active_run_info(d):
    # FileStore reads and checks the run's meta.yaml on every log call (_get_run_info + check_run_is_active).
    with open(os.path.join(d, "meta.yaml")) as f:
        meta = yaml.safe_load(f)
    if meta["lifecycle_stage"] != "active":
        raise RuntimeError("run not active")
    return meta


def workload(base):
    exp = os.path.join(base, "1")
    os.makedirs(exp)
    with open(os.path.join(exp, "meta.yaml"), "w") as f:
        yaml.safe_dump({"artifact_location": "file://" + exp, "experiment_id": "1", "lifecycle_stage": "active",
                        "name": "bench", "creation_time": 0, "last_update_time": 0}, f, default_flow_style=False)
    for r in range(runs):
        rid = uuid.uuid4().hex
        d = os.path.join(exp, rid)
        for sub in ("metrics", "params", "tags", "artifacts"):
            os.makedirs(os.path.join(d, sub))
        meta = {"artifact_uri": "file://" + d + "/artifacts", "end_time": None, "entry_point_name": "",
                "experiment_id": "1", "lifecycle_stage": "active", "run_id": rid, "run_name": f"run-{r}",
                "run_uuid": rid, "source_name": "", "source_type": 4, "source_version": "",
                "start_time": int(time.time() * 1000), "status": 1, "tags": [], "user_id": "bench"}
        with open(os.path.join(d, "meta.yaml"), "w") as f:
            yaml.safe_dump(meta, f, default_flow_style=False)
        with open(os.path.join(d, "tags", "mlflow.runName"), "w") as f:
            f.write(f"run-{r}")
        for p in range(params):
            active_run_info(d)
            with open(os.path.join(d, "params", f"p{p}"), "w") as f:
                f.write(str(p * 0.5))
        for s in range(values):
            active_run_info(d)
            with open(os.path.join(d, "metrics", "loss"), "a") as f:
                f.write(f"{int(time.time() * 1000)} {1.0 / (s + 1)} {s}\n")
        meta["status"], meta["end_time"] = 3, int(time.time() * 1000)
        with open(os.path.join(d, "meta.yaml"), "w") as f:
            yaml.safe_dump(meta, f, default_flow_style=False)


times = []
for i in range(reps):
    base = os.path.join(root, f"py-{i}")
    t = time.perf_counter()
    workload(base)
    times.append(time.perf_counter() - t)
    shutil.rmtree(base)
print(json.dumps({"times": times}))

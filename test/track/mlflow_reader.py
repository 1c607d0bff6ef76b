"""Read a store typelearn wrote with the real MLflow (2.17, from ../shared/mlflow beside the repository) and print
what MLflow sees, in the shape of test/track/helpers.ts' ReadStore: experiments, their runs (info, params, latest
metrics, each metric's full history, tags, artifact files). Anything MLflow raises while reading goes to "errors"
(exit 1). For a file store MLflow also prints a warning and skips a run folder it cannot read: those warnings are
caught and reported as errors too, so a half-written or malformed run is never silently dropped.

usage: ../shared/mlflow/run test/track/mlflow_reader.py <store root or tracking URI>
"""
import json
import logging
import os
import sys

import mlflow
from mlflow.entities import ViewType
from mlflow.tracking import MlflowClient

errors = []


class Collect(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.WARNING:
            errors.append(f"mlflow logged: {record.getMessage()}")


logging.getLogger("mlflow").addHandler(Collect())


def nan_none(v):
    return None if v != v else v


def artifact_files(client, run_id, path=None):
    out = []
    for f in client.list_artifacts(run_id, path):
        out.extend(artifact_files(client, run_id, f.path) if f.is_dir else [f.path])
    return sorted(out)


def read_run(client, run):
    info, data = run.info, run.data
    history = {}
    for key in data.metrics:
        history[key] = [[m.step, m.timestamp, nan_none(m.value)] for m in client.get_metric_history(info.run_id, key)]
    return {
        "run_id": info.run_id, "run_name": info.run_name, "status": info.status, "start_time": info.start_time,
        "end_time": info.end_time, "user_id": info.user_id, "artifact_uri": info.artifact_uri,
        "params": dict(data.params), "metrics": {k: nan_none(v) for k, v in data.metrics.items()},
        "history": history, "tags": dict(data.tags), "artifacts": artifact_files(client, info.run_id),
    }


def main(uri):
    client = MlflowClient(tracking_uri=uri if "://" in uri else "file://" + os.path.abspath(uri))
    experiments = []
    for exp in sorted(client.search_experiments(view_type=ViewType.ALL), key=lambda e: e.experiment_id):
        try:
            runs = client.search_runs([exp.experiment_id], run_view_type=ViewType.ALL, max_results=50000)
            experiments.append({
                "experiment_id": exp.experiment_id, "name": exp.name, "artifact_location": exp.artifact_location,
                "lifecycle_stage": exp.lifecycle_stage,
                "runs": sorted((read_run(client, r) for r in runs), key=lambda r: r["run_id"]),
            })
        except Exception as e:  # what MLflow raises on a store it cannot read
            errors.append(f"experiment {exp.experiment_id}: {type(e).__name__}: {e}")
    print(json.dumps({"mlflow": mlflow.__version__, "experiments": experiments, "errors": errors, "skipped": []}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    try:
        main(sys.argv[1])
    except Exception as e:
        print(json.dumps({"mlflow": mlflow.__version__, "experiments": [], "errors": errors + [f"{type(e).__name__}: {e}"], "skipped": []}))
        sys.exit(1)

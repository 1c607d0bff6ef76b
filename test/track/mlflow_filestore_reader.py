"""Read an MLflow file store the way MLflow's FileStore (mlflow/store/tracking/file_store.py) reads it, and fail on
anything it would reject, and on what it lets through but should not be there. The real MLflow reads the stores too
(mlflow_reader.py); this strict reader stays for the cases it adds: stray files, key rules, field types, run folders
without meta.yaml (which MLflow skips silently), and reads fast enough to poll a store while it is being written.

It checks what FileStore relies on: experiment and run meta.yaml fields and their types (status as the RunStatus
integer enum, experiment_id matching the folder), MLflow's key rules for params/metrics/tags, metric lines
"timestamp value [step]" parsed with int/float/int, and no stray files in params/, metrics/ or tags/.
Prints one JSON document describing the store; exits 1 listing every violation.

usage: mlflow_filestore_reader.py <root>
"""
import json
import os
import posixpath
import re
import sys

import yaml

KEY = re.compile(r"^[/\w.\- ]*$")
RUN_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,255}$")
EXP_ID = re.compile(r"^[a-zA-Z0-9][\w\-]{0,63}$")
STATUS = {1: "RUNNING", 2: "SCHEDULED", 3: "FINISHED", 4: "FAILED", 5: "KILLED"}
errors = []
skipped = []


def bad(msg):
    errors.append(msg)


def valid_key(kind, name, where):
    norm = posixpath.normpath(name)
    if not KEY.match(name) or norm != name or norm == "." or norm.startswith("..") or norm.startswith("/") or len(name) > 250:
        bad(f"{where}: invalid {kind} name {name!r}")


def read_yaml(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def files_under(d):
    out = []
    for root, _, names in os.walk(d):
        for n in names:
            out.append(os.path.relpath(os.path.join(root, n), d).replace(os.sep, "/"))
    return sorted(out)


def need(meta, key, types, where):
    if key not in meta:
        bad(f"{where}: missing {key}")
        return None
    if not isinstance(meta[key], types) or isinstance(meta[key], bool):
        bad(f"{where}: {key} has type {type(meta[key]).__name__}")
    return meta[key]


def read_run(exp_id, run_dir):
    where = run_dir
    meta = read_yaml(os.path.join(run_dir, "meta.yaml"))
    if not isinstance(meta, dict):
        bad(f"{where}: meta.yaml is not a mapping")
        return None
    for k in ("run_uuid", "run_id", "run_name", "user_id", "artifact_uri", "lifecycle_stage", "source_name",
              "entry_point_name", "source_version"):
        need(meta, k, str, where)
    need(meta, "experiment_id", (str, int), where)
    need(meta, "start_time", int, where)
    need(meta, "source_type", int, where)
    need(meta, "tags", list, where)
    if "end_time" not in meta or not (meta["end_time"] is None or isinstance(meta["end_time"], int)):
        bad(f"{where}: end_time must be an int or null")
    status = meta.get("status")
    if status not in STATUS:
        bad(f"{where}: status {status!r} is not a RunStatus integer")
    if str(meta.get("experiment_id")) != exp_id:
        bad(f"{where}: experiment_id {meta.get('experiment_id')!r} differs from folder {exp_id}")
    if meta.get("run_id") != os.path.basename(run_dir) or meta.get("run_uuid") != meta.get("run_id"):
        bad(f"{where}: run_id/run_uuid disagree with the folder")
    if not RUN_ID.match(str(meta.get("run_id"))):
        bad(f"{where}: invalid run id")
    if meta.get("lifecycle_stage") not in ("active", "deleted"):
        bad(f"{where}: lifecycle_stage {meta.get('lifecycle_stage')!r}")
    for sub in ("params", "metrics", "tags", "artifacts"):
        if not os.path.isdir(os.path.join(run_dir, sub)):
            bad(f"{where}: missing {sub}/")
    params = {}
    for k in files_under(os.path.join(run_dir, "params")):
        valid_key("param", k, where)
        with open(os.path.join(run_dir, "params", k), encoding="utf-8") as f:
            params[k] = f.read()
    tags = {}
    for k in files_under(os.path.join(run_dir, "tags")):
        valid_key("tag", k, where)
        with open(os.path.join(run_dir, "tags", k), encoding="utf-8") as f:
            tags[k] = f.read()
    metrics, history = {}, {}
    for k in files_under(os.path.join(run_dir, "metrics")):
        valid_key("metric", k, where)
        rows = []
        with open(os.path.join(run_dir, "metrics", k), encoding="utf-8") as f:
            for line in f.read().splitlines():
                parts = line.strip().split(" ")
                if len(parts) not in (2, 3):
                    bad(f"{where}: metric {k} line {line!r} has {len(parts)} fields")
                    continue
                try:
                    rows.append((int(parts[2]) if len(parts) == 3 else 0, int(parts[0]), float(parts[1])))
                except ValueError:
                    bad(f"{where}: metric {k} line {line!r} does not parse")
        if not rows:
            bad(f"{where}: metric {k} has no data")
            continue
        step, ts, value = max(rows)
        metrics[k] = None if value != value else value
        history[k] = [[s, t, None if v != v else v] for s, t, v in rows]
    return {
        "run_id": meta.get("run_id"), "run_name": meta.get("run_name"), "status": STATUS.get(status),
        "start_time": meta.get("start_time"), "end_time": meta.get("end_time"), "user_id": meta.get("user_id"),
        "artifact_uri": meta.get("artifact_uri"), "params": params, "metrics": metrics, "history": history,
        "tags": tags, "artifacts": files_under(os.path.join(run_dir, "artifacts")),
    }


def main(root):
    out = []
    for name in sorted(os.listdir(root)):
        exp_dir = os.path.join(root, name)
        if not os.path.isdir(exp_dir) or name in (".trash", "models"):
            continue
        meta = read_yaml(os.path.join(exp_dir, "meta.yaml"))
        where = exp_dir
        if not isinstance(meta, dict):
            bad(f"{where}: meta.yaml missing or not a mapping")
            continue
        need(meta, "name", str, where)
        need(meta, "artifact_location", str, where)
        need(meta, "lifecycle_stage", str, where)
        need(meta, "creation_time", int, where)
        need(meta, "last_update_time", int, where)
        exp_id = str(need(meta, "experiment_id", (str, int), where))
        if exp_id != name or not EXP_ID.match(exp_id):
            bad(f"{where}: experiment_id {exp_id!r} differs from folder or is invalid")
        runs = []
        for r in sorted(os.listdir(exp_dir)):
            run_dir = os.path.join(exp_dir, r)
            if not os.path.isdir(run_dir) or r in ("tags", "datasets", "traces"):
                continue
            if not os.path.exists(os.path.join(run_dir, "meta.yaml")):
                # MLflow skips such a folder (a run still being created); the caller decides if that is allowed.
                skipped.append(run_dir)
                continue
            run = read_run(exp_id, run_dir)
            if run:
                runs.append(run)
        out.append({"experiment_id": exp_id, "name": meta.get("name"), "artifact_location": meta.get("artifact_location"),
                    "lifecycle_stage": meta.get("lifecycle_stage"), "runs": runs})
    if not os.path.isdir(os.path.join(root, ".trash")):
        bad(f"{root}: missing .trash/")
    print(json.dumps({"experiments": out, "errors": errors, "skipped": skipped}))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main(sys.argv[1])

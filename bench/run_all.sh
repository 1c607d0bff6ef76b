#!/usr/bin/env bash
# Re-runs every benchmark in bench/ one after another, each writing its own bench/results/<name>.{md,json}
# with the reference's figure from the same run and the load average. Needs the Debian reference packages
# (python3-sklearn, python3-torch, python3-fastapi, python3-uvicorn, redis-server) and `npm run build`.
# Run it on a quiet machine: nothing else should use the cores while it runs.
# Usage: bash bench/run_all.sh [--quick]   (--quick: fewer repeats, the kernel bench on 300 cells)
set -uo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
failed=()
run() {
  echo "== $* ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
  if ! "$@"; then failed+=("$*"); fi
}
for f in dist/bench/*/*.bench.js; do
  case "$f" in
    */fit_small.bench.js) continue ;;  # a profiling aid, writes no results file
  esac
  run node "$f"
done
if [ "$quick" = "--quick" ]; then
  run /usr/bin/python3 bench/kernel/bench_kernel.py --declaring 300 --starts 3
else
  run /usr/bin/python3 bench/kernel/bench_kernel.py
fi
if [ ${#failed[@]} -gt 0 ]; then printf 'failed: %s\n' "${failed[@]}" >&2; exit 1; fi
echo "all benchmarks written to bench/results/"

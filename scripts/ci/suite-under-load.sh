#!/usr/bin/env bash
# Runs the whole suite (`npm test`) several times in a row while busy loops keep every core
# occupied, the check that no assertion depends on an idle machine (docs/reliability.md).
#   scripts/ci/suite-under-load.sh [RUNS=3]
# Each run's log goes to .tmp/under-load/run-N.log; the script prints one line per run and exits
# 1 if any run failed. The busy loops are stopped on every exit path.
set -uo pipefail
cd "$(dirname "$0")/../.."

runs="${1:-3}"
cores="$(nproc)"
logs=.tmp/under-load
mkdir -p "$logs"

busy=()
stop_busy() {
  for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_busy EXIT INT TERM

for _ in $(seq "$cores"); do
  ( while :; do :; done ) &
  busy+=("$!")
done
echo "keeping $cores cores busy (pids ${busy[*]})"

failed=0
for n in $(seq "$runs"); do
  start=$(date +%s)
  if npm test >"$logs/run-$n.log" 2>&1; then status=passed; else status=FAILED; failed=1; fi
  summary="$(grep -E '^ +Tests +[0-9]' "$logs/run-$n.log" | tail -1 | sed -E 's/^ +//')"
  echo "run $n: $status in $(( $(date +%s) - start )) s; ${summary:-no vitest summary} (log: $logs/run-$n.log)"
done
exit "$failed"

#!/usr/bin/env bash
# Side-by-side import benchmark: microseg-cli import (streaming parse, encoding and type
# inference, SHA-256, one transaction in a WAL workspace) against the sqlite3 shell's
# `.import --csv` of the same file, whole commands timed with /usr/bin/time in one run.
# Usage: bench/import_vs_sqlite3.sh [path/to/microseg-cli] [runs]
set -euo pipefail
cli=${1:-build/app/microseg-cli}
runs=${2:-3}
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

zcat "$shared/data/full/online_retail.csv.gz" > "$work/online_retail.csv"
# A 1,000,000-row file for the memory bound: the full table twice over, cut at 1,000,000 rows.
{ cat "$work/online_retail.csv"; tail -n +2 "$work/online_retail.csv"; } | awk "NR <= 1000001" > "$work/million.csv"

measure() {  # name file command...
  local name=$1 file=$2; shift 2
  local best=999999 mem=0
  for _ in $(seq "$runs"); do
    rm -f "$work"/out.*
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
    read -r seconds kb < "$work/time"
    best=$(python3 -c "print(min($best, $seconds))")
    mem=$(( kb > mem ? kb : mem ))
  done
  printf "| %-24s | %-18s | %8s | %8d |\n" "$name" "$(basename "$file")" "$best" $(( mem / 1024 ))
}

echo "| tool                     | file               | best s   | peak MB  |"
echo "|--------------------------|--------------------|----------|----------|"
for file in "$work/online_retail.csv" "$work/million.csv"; do
  measure "microseg-cli import" "$file" "$cli" import "$file" -w "$work/out.microseg"
  measure "sqlite3 .import --csv" "$file" sqlite3 "$work/out.db" ".import --csv $file t"
done

#!/usr/bin/env bash
# Clustering benchmark, side by side in one run: microseg-cli bench TASK against
# ../shared/bench/sk_bench.py TASK on the same generated file (make_data.py), each printing one
# JSON line; this script prints a Markdown table with the speed and memory ratios.
# Usage: bench/cluster_vs_sklearn.sh [path/to/microseg-cli] [task ...]
set -euo pipefail
cli=${1:-build/app/microseg-cli}
shift || true
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared
py=/usr/bin/python3   # Debian's interpreter, with python3-sklearn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# task and rows, as in ../shared/bench/README.md (16 features)
plan=("kmeans_lloyd 1000000" "kmeans_elkan 1000000" "minibatch 1000000" "gmm 1000000"
      "silhouette_full 20000" "silhouette_sampled 1000000" "davies_bouldin 1000000"
      "calinski_harabasz 1000000" "kmeans_scan 100000" "ward 20000" "dbscan 100000")
if [ $# -gt 0 ]; then
  wanted=" $* "; filtered=()
  for entry in "${plan[@]}"; do [[ "$wanted" == *" ${entry%% *} "* ]] && filtered+=("$entry"); done
  plan=("${filtered[@]}")
fi

data() {  # rows -> path of a generated file (made once)
  local file="$work/data_$1.csv"
  [ -f "$file" ] || "$py" "$shared/bench/make_data.py" "$1" 16 "$file" > /dev/null
  echo "$file"
}

field() { "$py" -c "import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ''))" "$1" "$2"; }

echo "| task | n | microseg s | scikit-learn s | speed-up | microseg MB | scikit-learn MB |"
echo "|---|---|---|---|---|---|---|"
for entry in "${plan[@]}"; do
  read -r task rows <<< "$entry"
  file=$(data "$rows")
  ours=$("$cli" bench "$task" "$file" --k 8 --eps 0.8)
  theirs=$("$py" "$shared/bench/sk_bench.py" "$task" "$file" 8 0.8)
  s1=$(field "$ours" seconds); s2=$(field "$theirs" seconds)
  m1=$(field "$ours" peak_rss_mb); m2=$(field "$theirs" peak_rss_mb)
  ratio=$("$py" -c "print(f'{$s2 / max($s1, 1e-9):.1f}x')")
  printf "| %s | %s | %.3f | %.3f | %s | %.0f | %.0f |\n" "$task" "$rows" "$s1" "$s2" "$ratio" "$m1" "$m2"
done

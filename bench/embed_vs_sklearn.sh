#!/usr/bin/env bash
# PCA and t-SNE benchmark, side by side in one run: microseg-cli bench TASK against
# ../shared/bench/sk_bench.py TASK on the same generated file (make_data.py, 16 features), then
# t-SNE quality (trustworthiness, k = 10, both scored by bench/embed_quality.py) at 20,000 rows
# and Microseg alone at 100,000 rows on 2 threads. Prints Markdown.
# Usage: bench/embed_vs_sklearn.sh [path/to/microseg-cli]
set -euo pipefail
cli=${1:-build/app/microseg-cli}
here=$(cd "$(dirname "$0")" && pwd)
shared=$(cd "$here/../.." && pwd)/shared
py=/usr/bin/python3   # Debian's interpreter, with python3-sklearn
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

data() {  # rows -> path of a generated file (made once)
  local file="$work/data_$1.csv"
  [ -f "$file" ] || "$py" "$shared/bench/make_data.py" "$1" 16 "$file" > /dev/null
  echo "$file"
}

field() { "$py" -c "import json,sys; print(json.loads(sys.argv[1]).get(sys.argv[2], ''))" "$1" "$2"; }

echo "| task | n | microseg s | scikit-learn s | speed-up | microseg MB | scikit-learn MB |"
echo "|---|---|---|---|---|---|---|"
for entry in "pca 1000000" "tsne 20000"; do
  read -r task rows <<< "$entry"
  file=$(data "$rows")
  ours=$("$cli" bench "$task" "$file")
  theirs=$("$py" "$shared/bench/sk_bench.py" "$task" "$file")
  s1=$(field "$ours" seconds); s2=$(field "$theirs" seconds)
  m1=$(field "$ours" peak_rss_mb); m2=$(field "$theirs" peak_rss_mb)
  ratio=$("$py" -c "print(f'{$s2 / max($s1, 1e-9):.1f}x')")
  printf "| %s | %s | %.3f | %.3f | %s | %.0f | %.0f |\n" "$task" "$rows" "$s1" "$s2" "$ratio" "$m1" "$m2"
done

file=$(data 20000)
"$cli" embed --input "$file" --exclude customer_id --scale zscore --method tsne \
  --out "$work/ours_20000.csv" > /dev/null
echo
echo "t-SNE trustworthiness at 20,000 rows: $("$py" "$here/embed_quality.py" "$file" "$work/ours_20000.csv" 2000)"

file=$(data 100000)
echo "t-SNE at 100,000 rows, 2 threads: $("$cli" bench tsne "$file" --threads 2)"

#!/usr/bin/python3
"""t-SNE quality side by side: scikit-learn's TSNE (as ../shared/bench/sk_bench.py runs it) and
Microseg's embedding of the same file, both scored by the same trustworthiness (k = 10).
usage: embed_quality.py DATA.csv OURS.csv [SAMPLE_ROWS]
DATA.csv as made by ../shared/bench/make_data.py (customer_id dropped, features z-scored);
OURS.csv the coordinates written by `microseg-cli embed --out` (header x,y).

sklearn.manifold.trustworthiness needs an n x n distance matrix (3.2 GB at n = 20,000), so for
large n the outer sum runs over SAMPLE_ROWS seeded rows (ranks still against all n rows), the
unbiased estimate microseg's TrustworthinessOptions::sampleRows computes. Prints one JSON line."""
import json
import sys

import numpy as np
import pandas as pd
from sklearn.manifold import TSNE
from sklearn.neighbors import NearestNeighbors


def sampled_trustworthiness(x, y, rows, k=10):
    n = x.shape[0]
    embedded = NearestNeighbors(n_neighbors=k).fit(y).kneighbors(y[rows], k + 1, return_distance=False)
    total = 0
    for r, i in enumerate(rows):
        d = ((x - x[i]) ** 2).sum(1)
        d[i] = np.inf
        order = np.argsort(d, kind="stable")
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(1, n + 1)
        neighbours = [j for j in embedded[r] if j != i][:k]
        total += int(np.maximum(rank[neighbours] - k, 0).sum())
    total *= n / len(rows)
    return 1.0 - total * (2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0)))


def main():
    data, ours_path = sys.argv[1], sys.argv[2]
    sample = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    x = pd.read_csv(data).drop(columns=["customer_id"]).to_numpy(dtype=np.float64)
    x = (x - x.mean(0)) / x.std(0)
    ours = pd.read_csv(ours_path).to_numpy(dtype=np.float64)
    theirs = TSNE(2, perplexity=30, init="pca", random_state=0, n_iter=1000,
                  learning_rate="auto").fit_transform(x)
    rows = np.sort(np.random.default_rng(0).choice(x.shape[0], size=min(sample, x.shape[0]),
                                                   replace=False))
    print(json.dumps({"n": x.shape[0], "sample_rows": len(rows), "k": 10,
                      "microseg": sampled_trustworthiness(x, ours, rows),
                      "scikit-learn": sampled_trustworthiness(x, theirs, rows)}))


if __name__ == "__main__":
    main()

// microseg-cli: the command line on the same core as the workbench.
#include <QCoreApplication>
#include <iostream>
#include <set>

#include "cli_commands.h"
#include "microseg/version.h"

namespace {

constexpr const char* kUsage = R"(Usage: microseg-cli COMMAND [options]

Commands:
  import FILE -w WORKSPACE [--table NAME] [--delimiter C] [--encoding E] [--no-header|--header] [--json]
        Import a CSV file into a workspace (created if missing) as a new dataset.
  info -w WORKSPACE [--json]
        List tables, columns, inferred types, row and missing counts.
  show -w WORKSPACE --table NAME [--limit N] [--format csv|json]
        Print rows of a dataset or table (default 20 rows; --limit 0 prints all).
  bench import FILE [--runs N]
        Time importing FILE into a fresh temporary workspace; prints JSON.
  bench TASK FILE [--k N] [--eps X]
        Time a clustering task as ../shared/bench/sk_bench.py does (customer_id dropped,
        z-scored): kmeans_lloyd, kmeans_elkan, minibatch, kmeans_scan, gmm, ward, dbscan,
        hdbscan [--min-cluster-size N (10)] [--min-samples N (= min cluster size)],
        silhouette_full, silhouette_sampled, davies_bouldin, calinski_harabasz, pca, tsne
        [--trust-sample N: adds t-SNE's trustworthiness over N rows, not timed].
        One JSON line in sk_bench's shape.

  The clustering commands below read DATA, one of:
      -w WORKSPACE --features NAME    a saved feature set, rebuilt from its spec
      --input FILE.csv [--columns a,b,c | --exclude id] [--scale none|zscore]
                                      the numeric columns of a CSV file, as they are
  cluster DATA --algo kmeans|minibatch|agglomerative|gmm|dbscan|hdbscan [--labels-out FILE] [--json]
          kmeans: [--k N] [--variant lloyd|elkan] [--n-init N] [--max-iter N] [--tol X]
                  [--seed N] [--init-centers FILE.csv] [--threads N]
          minibatch: [--k N] [--batch-size N] [--max-iter EPOCHS] [--n-init N] [--seed N]
                  [--init-centers FILE.csv]
          agglomerative: [--linkage ward|average|complete|single] [--k N | --height H]
                  [--linkage-out FILE.csv (SciPy linkage matrix)]
          gmm: [--k N] [--covariance full|diag|tied|spherical] [--n-init N] [--max-iter N]
                  [--tol X] [--seed N] [--probabilities-out FILE.csv]
          dbscan: [--eps X] [--min-samples N] [--threads N]   (noise rows are labelled -1)
          hdbscan: [--min-cluster-size N (5)] [--min-samples N (= min cluster size)]
                  [--selection eom|leaf] [--allow-single-cluster] [--threads N]
                  [--probabilities-out FILE.csv (membership, GLOSH outlier score)]
        --labels-out writes one label per input row, in input order. The JSON's "seconds" is
        the algorithm alone, without loading. A run on a feature set is saved in the
        workspace; its id is printed as run_id.
  scan DATA [--k 2..15] [--seed N] [--sample N] [--min-cluster-size N] [--min-silhouette X]
       [--json]
        k-means for each k with inertia, sampled silhouette, Davies-Bouldin and
        Calinski-Harabasz, printed as each k finishes, then the elbow.
  kdistance DATA [--k N] [--out FILE.csv] [--json]
        The sorted distance of every row to its k-th neighbour (k = DBSCAN's min_samples),
        with the knee as a suggested eps.
  metrics DATA --labels FILE [--sample N] [--json]
        Silhouette (exact, or on a seeded sample of N rows), Davies-Bouldin, Calinski-Harabasz.
  embed DATA --method pca|tsne [--out FILE.csv] [--trustworthiness [--trust-sample N]] [--json]
          pca: [--components N (default 2)]
          tsne: [--perplexity P] [--iterations N] [--exaggeration X] [--learning-rate X (default
                n / exaggeration, at least 200)] [--seed N] [--init pca|random]
                [--gradient auto|exact|barnes_hut] [--threads N]
        Coordinates of every input row (--out: CSV with a header). PCA reports explained
        variance and loadings, t-SNE its KL divergence; --trustworthiness adds trustworthiness
        at k = 10 (exact, or over N seeded rows). An embedding of a feature set is saved in the
        workspace; its id is printed as embedding_id.

  rfm -w WORKSPACE --table T --customer C --date D --amount EXPR --out NAME [--invoice COL]
      [--product COL] [--analysis-date YYYY-MM-DD] [--returns exclude|net|separate]
      [--date-format FMT] [--half-life DAYS] [--json]
        RFM scores (quintiles of rank, as pandas qcut), RFM code and named segment per customer
        from a transaction table, stored as the new table NAME. EXPR is a column or the product
        of two ("Quantity*UnitPrice"). Returns (cancelled invoices "C...", negative quantities)
        are netted off by default. --half-life weights each line by 0.5^(age/DAYS) before the
        analysis date and scores F and M on the weighted values (weighted_* columns).
  features -w WORKSPACE --spec FILE.json --out NAME [--overwrite] [--json]
        Builds the feature matrix described by the spec (source table, key column, features with
        transform, encoding, scaling, weight, imputation) once to check it and fit Yeo-Johnson
        lambdas, then saves it as the feature set NAME; prints rows, columns and fitted values.
  customers -w WORKSPACE --table T --customer C --date D --amount EXPR --out NAME
      [--invoice COL] [--product COL] [--returns exclude|net|separate] [--date-format FMT]
      [--half-life DAYS [--analysis-date YYYY-MM-DD]] [--json]
        One row per customer: orders (distinct invoices), first and last purchase, total and
        average spend, [distinct products], [return_orders, return_amount with --returns
        separate], [weighted_orders, weighted_spend with --half-life: time decay 0.5^(age/DAYS)
        before the analysis date, default the day after the last purchase], stored as the new
        table NAME. Rows without a customer key are counted.
  join -w WORKSPACE --tables A,B,C --keys ka,kb,kc --out NAME [--json]
        Left join of the tables on one key column each into the new table NAME, with the
        keys of each table that another table does not have (counts and examples).
  clean -w WORKSPACE --table T (--recipe FILE.json | --recipe-name NAME) --out NAME
      [--overwrite] [--stop-on-error] [--preview STEP [--sample N]] [--save-recipe NAME]
      [--export-recipe FILE.json] [--list-steps] [--json]
        Replays a cleaning recipe (docs/cleaning.md) on table or dataset T into the new table
        NAME: applies the steps it can and lists those it cannot. --preview shows what step
        STEP would change (counts, changed cells, dropped rows) without writing anything.

Options:
  -w, --workspace FILE   the .microseg workspace
  --version              print versions and exit
  -h, --help             this text
)";

// Options that take a value; everything else starting with -- is a flag.
const std::set<std::string> kValued = {
    "method", "perplexity", "iterations", "exaggeration", "learning-rate", "init", "gradient",
    "components", "trust-sample",  // embed
    "workspace", "table", "delimiter", "encoding", "limit", "format", "runs", "input", "columns",
    "exclude", "scale", "algo", "k", "variant", "n-init", "max-iter", "tol", "seed",
    "init-centers", "threads", "labels-out", "labels", "sample", "features",
    "customer", "date", "amount", "out", "invoice", "product", "analysis-date", "returns",
    "date-format", "linkage", "height", "linkage-out", "batch-size", "covariance",
    "probabilities-out", "min-cluster-size", "min-silhouette", "eps", "min-samples", "spec",
    "tables", "keys", "selection", "half-life",
    "recipe", "recipe-name", "preview", "save-recipe", "export-recipe"};  // NOLINT

bool parse(int argc, char** argv, microseg::cli::Arguments& args, std::string& error) {
    for (int i = 2; i < argc; ++i) {
        std::string token = argv[i];
        if (token == "-w")
            token = "--workspace";
        if (token.rfind("--", 0) == 0 && token.size() > 2) {
            std::string name = token.substr(2), value;
            if (const auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
            } else if (kValued.count(name)) {
                if (i + 1 >= argc) {
                    error = "option --" + name + " needs a value";
                    return false;
                }
                value = argv[++i];
            }
            args.options[name] = value;
        } else {
            args.positional.push_back(token);
        }
    }
    return true;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);  // for QStandardPaths and applicationDirPath
    if (argc < 2 || std::string(argv[1]) == "-h" || std::string(argv[1]) == "--help") {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    if (command == "--version") {
        using namespace microseg::core;
        std::cout << "microseg-cli " << microsegVersion() << " (Qt " << qtCoreVersion()
                  << ", SQLite " << sqliteVersion() << ", Eigen " << eigenVersion() << ", Boost "
                  << boostVersion() << ")\n";
        return 0;
    }
    microseg::cli::Arguments args;
    std::string error;
    if (!parse(argc, argv, args, error))
        return microseg::cli::fail(error, 2);
    if (command == "import")
        return microseg::cli::runImport(args);
    if (command == "info")
        return microseg::cli::runInfo(args);
    if (command == "show")
        return microseg::cli::runShow(args);
    if (command == "bench")
        return microseg::cli::runBench(args);
    if (command == "cluster")
        return microseg::cli::runCluster(args);
    if (command == "metrics")
        return microseg::cli::runMetrics(args);
    if (command == "scan")
        return microseg::cli::runScan(args);
    if (command == "kdistance")
        return microseg::cli::runKDistance(args);
    if (command == "rfm")
        return microseg::cli::runRfm(args);
    if (command == "features")
        return microseg::cli::runFeatures(args);
    if (command == "customers")
        return microseg::cli::runCustomers(args);
    if (command == "join")
        return microseg::cli::runJoin(args);
    if (command == "embed")
        return microseg::cli::runEmbed(args);
    if (command == "clean")
        return microseg::cli::runClean(args);
    return microseg::cli::fail("unknown command \"" + command + "\" (see microseg-cli --help)", 2);
}

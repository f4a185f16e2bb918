// The PresentableView side of the cluster charts: what each one stores when it is saved for
// presentation, and how it draws itself again from that. Kept apart from the painting code.
// Settings hold the chart's own (small) data, so a saved view needs nothing else from the
// workspace: it still shows after the run it came from was deleted.

#include "cluster_sizes_view.h"
#include "dendrogram_view.h"
#include "kdistance_view.h"
#include "profile_heatmap.h"
#include "scatter_view.h"
#include "silhouette_plot.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace microseg::ui {
namespace {

/// At most this many points of a k-distance curve are stored (evenly spaced along the sorted
/// curve; it is painted as one min..max segment per pixel column).
constexpr std::size_t kKDistancePoints = 2000;

/// At most this many values per cluster are stored: the plot aggregates a cluster into at most
/// a few hundred pixel rows, so evenly spaced order statistics draw the same picture.
constexpr std::size_t kSilhouetteQuantiles = 256;

QJsonArray toJson(const std::vector<std::int64_t>& values) {
    QJsonArray array;
    for (const std::int64_t v : values)
        array.append(static_cast<qint64>(v));
    return array;
}

QJsonArray toJson(const std::vector<double>& values) {
    QJsonArray array;
    for (const double v : values)
        array.append(v);
    return array;
}

std::vector<std::int64_t> toInts(const QJsonArray& array) {
    std::vector<std::int64_t> values;
    values.reserve(static_cast<std::size_t>(array.size()));
    for (const QJsonValue& v : array)
        values.push_back(v.toInteger());
    return values;
}

std::vector<double> toDoubles(const QJsonArray& array) {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(array.size()));
    for (const QJsonValue& v : array)
        values.push_back(v.toDouble());
    return values;
}

} // namespace

// --- cluster sizes -------------------------------------------------------------------------

QString ClusterSizesView::viewKind() const {
    return QStringLiteral("sizes");
}

QString ClusterSizesView::viewTitle() const {
    return tr("Cluster sizes (%n clusters)", nullptr, static_cast<int>(m_sizes.size()));
}

bool ClusterSizesView::hasViewContent() const {
    return !m_sizes.empty();
}

QJsonObject ClusterSizesView::viewSettings() const {
    return {{"sizes", toJson(m_sizes)}, {"minimum", static_cast<qint64>(m_minimum)}};
}

bool ClusterSizesView::applyViewSettings(const QJsonObject& settings) {
    const QJsonArray sizes = settings["sizes"].toArray();
    if (sizes.isEmpty())
        return false;
    setSizes(toInts(sizes));
    setMinimumClusterSize(settings["minimum"].toInteger());
    return true;
}

// --- silhouette plot -----------------------------------------------------------------------

QString SilhouettePlot::viewKind() const {
    return QStringLiteral("silhouette");
}

QString SilhouettePlot::viewTitle() const {
    return tr("Silhouette (%n clusters)", nullptr, static_cast<int>(m_clusters.size()));
}

bool SilhouettePlot::hasViewContent() const {
    return hasData();
}

QJsonObject SilhouettePlot::viewSettings() const {
    QJsonArray clusters;
    for (const Cluster& cluster : m_clusters) {
        const std::size_t n = cluster.sorted.size();
        const std::size_t q = std::min(n, kSilhouetteQuantiles);
        std::vector<double> quantiles;
        for (std::size_t i = 0; i < q; ++i) {
            const std::size_t at = q == 1 ? 0 : (i * (n - 1) + (q - 1) / 2) / (q - 1);
            quantiles.push_back(cluster.sorted[at]);
        }
        clusters.append(QJsonObject{{"label", cluster.label},
                                    {"count", static_cast<qint64>(n)},
                                    {"values", toJson(quantiles)}});
    }
    return {{"clusters", clusters}, {"average", m_average}, {"note", m_note}};
}

bool SilhouettePlot::applyViewSettings(const QJsonObject& settings) {
    const QJsonArray clusters = settings["clusters"].toArray();
    if (clusters.isEmpty())
        return false;
    // Each stored value stands for count / stored points: the bands keep their heights.
    std::vector<double> values;
    std::vector<std::int32_t> labels;
    for (const QJsonValue& entry : clusters) {
        const QJsonObject cluster = entry.toObject();
        const std::vector<double> quantiles = toDoubles(cluster["values"].toArray());
        const std::int64_t count = cluster["count"].toInteger();
        if (quantiles.empty() || count < 1 || count > 10'000'000)
            return false;
        const auto label = static_cast<std::int32_t>(cluster["label"].toInt());
        for (std::int64_t j = 0; j < count; ++j) {
            const auto at =
                static_cast<std::size_t>(j * static_cast<std::int64_t>(quantiles.size()) / count);
            values.push_back(quantiles[at]);
            labels.push_back(label);
        }
    }
    setData(values, labels, settings["average"].toDouble(), settings["note"].toString());
    return true;
}

// --- cluster profile -----------------------------------------------------------------------

QString ProfileHeatmap::viewKind() const {
    return QStringLiteral("profile");
}

QString ProfileHeatmap::viewTitle() const {
    return tr("Cluster profile (%n clusters)", nullptr, rowCount());
}

bool ProfileHeatmap::hasViewContent() const {
    return hasData();
}

QJsonObject ProfileHeatmap::viewSettings() const {
    QJsonArray columns;
    for (const std::string& column : m_profile.columns)
        columns.append(QString::fromStdString(column));
    QJsonArray means;
    for (const auto& row : m_profile.means)
        means.append(toJson(row));
    return {{"columns", columns}, {"sizes", toJson(m_profile.sizes)}, {"means", means}};
}

bool ProfileHeatmap::applyViewSettings(const QJsonObject& settings) {
    ClusterProfile profile;
    for (const QJsonValue& column : settings["columns"].toArray())
        profile.columns.push_back(column.toString().toStdString());
    profile.sizes = toInts(settings["sizes"].toArray());
    for (const QJsonValue& row : settings["means"].toArray()) {
        profile.means.push_back(toDoubles(row.toArray()));
        if (profile.means.back().size() != profile.columns.size())
            return false;
    }
    if (profile.means.empty() || profile.sizes.size() != profile.means.size())
        return false;
    setProfile(profile);
    return true;
}

// --- scatter plot ---------------------------------------------------------------------------

QString ScatterView::viewKind() const {
    return QStringLiteral("scatter");
}

QString ScatterView::viewTitle() const {
    return m_title.isEmpty() ? tr("Scatter plot") : m_title;
}

bool ScatterView::hasViewContent() const {
    return !m_x.empty();
}

QJsonObject ScatterView::viewSettings() const {
    // A seeded random subsample (in point order) keeps the shape of the cloud and the share of
    // each category; a fixed stride could fall in step with a pattern in the row order.
    const std::size_t n = m_x.size();
    std::vector<std::size_t> kept(n);
    std::iota(kept.begin(), kept.end(), std::size_t{0});
    if (n > kSavedViewPoints) {
        std::mt19937_64 random(20240601);
        for (std::size_t i = 0; i < kSavedViewPoints; ++i)
            std::swap(kept[i], kept[i + random() % (n - i)]);
        kept.resize(kSavedViewPoints);
        std::sort(kept.begin(), kept.end());
    }
    QJsonArray xs, ys, labels, values;
    for (const std::size_t i : kept) {
        xs.append(m_x[i]);
        ys.append(m_y[i]);
        if (m_colouring == Colouring::Categories)
            labels.append(m_labels[i]);
        else if (m_colouring == Colouring::Continuous)
            values.append(std::isfinite(m_values[i]) ? QJsonValue(m_values[i]) : QJsonValue());
    }
    QJsonArray hidden;
    for (const int category : m_hidden)
        hidden.append(category);
    static const char* const kColouring[] = {"uniform", "categories", "continuous"};
    return {{"title", m_title},
            {"x_title", m_xTitle},
            {"y_title", m_yTitle},
            {"equal_aspect", m_transform.equalAspect()},
            {"points", static_cast<qint64>(n)},
            {"x", xs},
            {"y", ys},
            {"colouring", kColouring[static_cast<int>(m_colouring)]},
            {"uniform", m_uniform.name()},
            {"labels", labels},
            {"names", QJsonArray::fromStringList(m_names)},
            {"values", values},
            {"legend_title", m_legend.title},
            {"hidden", hidden}};
}

bool ScatterView::applyViewSettings(const QJsonObject& settings) {
    const std::vector<double> xs = toDoubles(settings["x"].toArray());
    const std::vector<double> ys = toDoubles(settings["y"].toArray());
    if (xs.empty() || xs.size() != ys.size())
        return false;
    setPoints(xs, ys);
    setTitles(settings["title"].toString(), settings["x_title"].toString(),
              settings["y_title"].toString());
    setEqualAspect(settings["equal_aspect"].toBool());
    const QString colouring = settings["colouring"].toString();
    if (colouring == QLatin1String("categories")) {
        std::vector<std::int32_t> labels;
        for (const QJsonValue& v : settings["labels"].toArray())
            labels.push_back(static_cast<std::int32_t>(v.toInt(-1)));
        QStringList names;
        for (const QJsonValue& v : settings["names"].toArray())
            names << v.toString();
        setCategories(std::move(labels), names, settings["legend_title"].toString());
        QSet<int> hidden;
        for (const QJsonValue& v : settings["hidden"].toArray())
            hidden.insert(v.toInt());
        setHiddenCategories(hidden);
    } else if (colouring == QLatin1String("continuous")) {
        std::vector<double> values;
        for (const QJsonValue& v : settings["values"].toArray())
            values.push_back(v.isDouble() ? v.toDouble() : std::nan(""));
        setContinuous(std::move(values), settings["legend_title"].toString());
    } else {
        setUniformColour(QColor(settings["uniform"].toString(QStringLiteral("#4e79a7"))));
    }
    return true;
}

// --- k-distance graph ----------------------------------------------------------------------

QString KDistanceView::viewKind() const {
    return QStringLiteral("k-distance");
}

QString KDistanceView::viewTitle() const {
    return tr("k-distance graph (k = %1)").arg(m_k);
}

bool KDistanceView::hasViewContent() const {
    return hasData();
}

QJsonObject KDistanceView::viewSettings() const {
    const std::size_t n = m_sorted.size();
    const std::size_t q = std::min(n, kKDistancePoints);
    QJsonArray curve;
    for (std::size_t i = 0; i < q; ++i)
        curve.append(m_sorted[q == 1 ? 0 : i * (n - 1) / (q - 1)]);
    return {{"k", m_k},
            {"count", static_cast<qint64>(n)},
            {"curve", curve},
            {"knee", static_cast<qint64>(m_knee)},
            {"suggested_eps", m_suggested},
            {"eps", m_eps}};
}

bool KDistanceView::applyViewSettings(const QJsonObject& settings) {
    const std::vector<double> curve = toDoubles(settings["curve"].toArray());
    const std::int64_t count = settings["count"].toInteger();
    if (curve.empty() || count < static_cast<std::int64_t>(curve.size()) || count > 50'000'000)
        return false;
    core::KDistanceResult result;
    result.sortedDescending.reserve(static_cast<std::size_t>(count));
    for (std::int64_t j = 0; j < count; ++j)
        result.sortedDescending.push_back(
            curve[static_cast<std::size_t>(j * static_cast<std::int64_t>(curve.size()) / count)]);
    result.kneeIndex = static_cast<Eigen::Index>(
        std::clamp<std::int64_t>(settings["knee"].toInteger(), 0, count - 1));
    result.suggestedEps = settings["suggested_eps"].toDouble();
    setData(result, settings["k"].toInt());
    setEps(settings["eps"].toDouble());
    return true;
}

// --- dendrogram --------------------------------------------------------------------------

QString DendrogramView::viewKind() const {
    return QStringLiteral("dendrogram");
}

QString DendrogramView::viewTitle() const {
    return tr("Dendrogram (%1 clusters at the cut)").arg(clustersAtCut());
}

bool DendrogramView::hasViewContent() const {
    return hasTree() && m_tree->observations <= kSavedViewObservations;
}

QJsonObject DendrogramView::viewSettings() const {
    if (!hasViewContent())
        return {};
    // Four parallel arrays: merge i joins clusters a[i] and b[i] at height[i] into size[i].
    QJsonArray a, b, height, size;
    for (const core::Merge& merge : m_tree->merges) {
        a.append(static_cast<qint64>(merge.a));
        b.append(static_cast<qint64>(merge.b));
        height.append(merge.height);
        size.append(static_cast<qint64>(merge.size));
    }
    return {{"observations", static_cast<qint64>(m_tree->observations)},
            {"a", a},
            {"b", b},
            {"height", height},
            {"size", size},
            {"cut", m_cut}};
}

bool DendrogramView::applyViewSettings(const QJsonObject& settings) {
    auto tree = std::make_shared<core::LinkageTree>();
    tree->observations = settings["observations"].toInteger();
    const QJsonArray a = settings["a"].toArray(), b = settings["b"].toArray();
    const QJsonArray height = settings["height"].toArray(), size = settings["size"].toArray();
    const auto n = tree->observations;
    if (n < 2 || n > kSavedViewObservations || a.size() != n - 1 || b.size() != n - 1 ||
        height.size() != n - 1 || size.size() != n - 1)
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        core::Merge merge{a[i].toInteger(), b[i].toInteger(), height[i].toDouble(),
                          size[i].toInteger()};
        // Each merge joins two clusters that already exist (leaves or earlier merges).
        if (merge.a < 0 || merge.b < 0 || merge.a >= n + i || merge.b >= n + i)
            return false;
        tree->merges.push_back(merge);
    }
    setTree(std::move(tree));
    setCutHeight(settings["cut"].toDouble());
    return true;
}

} // namespace microseg::ui

#include "super_segments.h"

#include "cluster_palette.h"

#include <algorithm>
#include <numeric>

namespace microseg::ui {

QColor segmentShade(const QColor& base, int index, int shades) {
    if (shades <= 1)
        return base;
    // Lightness from 0.30 to 0.78 at the hue's own saturation: distinct steps, all readable
    // on white and with white text.
    const double t = static_cast<double>(index) / (shades - 1);
    const float lightness = static_cast<float>(0.30 + 0.48 * t);
    const float saturation = std::max(0.45f, base.hslSaturationF());
    return QColor::fromHslF(std::max(0.0f, base.hslHueF()), saturation, lightness);
}

SuperSegments superSegments(const core::LinkageTree& centroidTree,
                            const std::vector<std::int64_t>& sizes, int count) {
    SuperSegments out;
    const auto k = static_cast<int>(sizes.size());
    out.order.resize(static_cast<std::size_t>(k));
    std::iota(out.order.begin(), out.order.end(), 0);
    out.segmentOf.assign(static_cast<std::size_t>(k), 0);
    for (int c = 0; c < k; ++c)
        out.colors.push_back(clusterColor(c));
    if (count < 2 || count >= k || centroidTree.observations != k)
        return out;
    auto labels = core::cutAtClusterCount(centroidTree, count);
    if (!labels.ok())
        return out;
    out.count = count;
    std::vector<std::int64_t> segmentSize(static_cast<std::size_t>(count), 0);
    for (int c = 0; c < k; ++c) {
        out.segmentOf[static_cast<std::size_t>(c)] = labels.value()[static_cast<std::size_t>(c)];
        segmentSize[static_cast<std::size_t>(out.segmentOf[static_cast<std::size_t>(c)])] +=
            sizes[static_cast<std::size_t>(c)];
    }
    // Rank of each segment: the largest first (ties by number, for a stable order).
    std::vector<int> segments(static_cast<std::size_t>(count));
    std::iota(segments.begin(), segments.end(), 0);
    std::stable_sort(segments.begin(), segments.end(), [&](int a, int b) {
        return segmentSize[static_cast<std::size_t>(a)] > segmentSize[static_cast<std::size_t>(b)];
    });
    std::vector<int> rank(static_cast<std::size_t>(count));
    for (int r = 0; r < count; ++r)
        rank[static_cast<std::size_t>(segments[static_cast<std::size_t>(r)])] = r;
    // Segments are renumbered by rank so that "S1" is the largest.
    for (int& segment : out.segmentOf)
        segment = rank[static_cast<std::size_t>(segment)];
    std::stable_sort(out.order.begin(), out.order.end(), [&](int a, int b) {
        const int sa = out.segmentOf[static_cast<std::size_t>(a)];
        const int sb = out.segmentOf[static_cast<std::size_t>(b)];
        if (sa != sb)
            return sa < sb;
        return sizes[static_cast<std::size_t>(a)] > sizes[static_cast<std::size_t>(b)];
    });
    std::vector<int> members(static_cast<std::size_t>(count), 0);
    for (int c = 0; c < k; ++c)
        ++members[static_cast<std::size_t>(out.segmentOf[static_cast<std::size_t>(c)])];
    std::vector<int> seen(static_cast<std::size_t>(count), 0);
    for (int cluster : out.order) {
        const int segment = out.segmentOf[static_cast<std::size_t>(cluster)];
        out.colors[static_cast<std::size_t>(cluster)] =
            segmentShade(clusterColor(segment), seen[static_cast<std::size_t>(segment)]++,
                         members[static_cast<std::size_t>(segment)]);
    }
    return out;
}

} // namespace microseg::ui

#pragma once
// Super-segments: with many clusters (say 50), people read them as a few families. The clusters
// are grouped by Ward linkage on their standardised means (the profile's centroids; each cluster
// counts once, whatever its size), cut into the chosen number of groups. Views then order clusters
// by super-segment (largest group first, its clusters largest first) and colour them with one hue
// per super-segment and a shade per cluster, so 50 clusters stay distinct and their families
// visible, with no cluster folded into "Other".

#include "microseg/hierarchical.h"

#include <QColor>
#include <cstdint>
#include <vector>

namespace microseg::ui {

struct SuperSegments {
    int count = 0;                ///< super-segments (0: none, clusters keep their own colours)
    std::vector<int> segmentOf;   ///< per cluster 0..k-1
    std::vector<int> order;       ///< clusters in display order
    std::vector<QColor> colors;   ///< per cluster 0..k-1
};

/// Groups the k clusters of `centroidTree` (Ward on k centroids) into `count` super-segments;
/// `sizes` orders groups and clusters. count < 2 or >= k gives the plain order and palette.
SuperSegments superSegments(const core::LinkageTree& centroidTree,
                            const std::vector<std::int64_t>& sizes, int count);

/// Shade `index` of `shades` of the hue of `base`: from darker to lighter, never washed out.
QColor segmentShade(const QColor& base, int index, int shades);

} // namespace microseg::ui

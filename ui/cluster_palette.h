#pragma once
// Colours for clusters: 60 distinguishable colours (Tableau 10 followed by a Glasbey-style
// maximally distinct palette), so 50 clusters never fold into "Other".

#include <QColor>

namespace microseg::ui {

/// Number of distinct colours before they repeat.
inline constexpr int kClusterPaletteSize = 60;

/// The colour of cluster `index` (>= 0); noise (-1) is grey.
QColor clusterColor(int index);

} // namespace microseg::ui

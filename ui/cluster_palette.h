#pragma once
// Colours for clusters. Two palettes, chosen for the whole application:
// - Standard: 60 distinguishable colours (Tableau 10 followed by a Glasbey-style maximally
//   distinct palette), so 50 clusters never fold into "Other".
// - Colour-blind safe (presentation mode): Okabe & Ito (2008) for up to 8 clusters, Paul Tol's
//   discrete rainbow cut for exactly 9..22 clusters (Tol 2021, "Colour schemes", SRON/EPS/TN/09-002,
//   fig. 22), and from 23 on Tol's 22 followed by 28 colours chosen greedily to stay apart for
//   normal, protanope and deuteranope vision (tests/fixtures/palette/make_palette_extension.py):
//   50 colours before they repeat.
// A chart that knows how many clusters it shows passes the count, so the colour-blind palette can
// pick the set made for that count.

#include <QColor>

namespace microseg::ui {

/// Number of distinct colours of the standard palette before they repeat.
inline constexpr int kClusterPaletteSize = 60;
/// Number of distinct colours of the colour-blind-safe palette before they repeat.
inline constexpr int kColourBlindPaletteSize = 50;

enum class ClusterPaletteKind { Standard, ColourBlindSafe };

/// The palette every chart uses from now on (charts repaint when presentation mode changes it).
void setClusterPaletteKind(ClusterPaletteKind kind);
[[nodiscard]] ClusterPaletteKind clusterPaletteKind();

/// The colour of cluster `index` (>= 0) among `clusterCount` clusters (0: not known); noise
/// (-1) is grey.
QColor clusterColor(int index, int clusterCount = 0);

} // namespace microseg::ui

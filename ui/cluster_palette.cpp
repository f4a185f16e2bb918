#include "cluster_palette.h"

#include <array>

namespace microseg::ui {
namespace {

ClusterPaletteKind g_kind = ClusterPaletteKind::Standard;

QColor standardColor(int index) {
    // Tableau 10 first (what people know from other tools), then 50 colours each chosen as far
    // as possible (CIELAB) from all before it and from the noise grey: Glasbey, Van der Heijden,
    // Toh and Gray, "Colour displays for categorical images", 2007. Any two of the first 50 are
    // at least 24 CIELAB units apart. Made by tests/fixtures/palette/make_cluster_palette.py.
    static constexpr std::array<QRgb, kClusterPaletteSize> kPalette = {
        0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f,
        0xbab0ac, 0x4b00ff, 0xff0fd2, 0x00f000, 0x1e5ae1, 0xff0000, 0xa50069, 0xa5e13c, 0xe187ff,
        0x00f087, 0x870fc3, 0x5a5a00, 0x783c96, 0x0096ff, 0xff0078, 0x2d694b, 0x964b0f, 0x4be1b4,
        0x00a500, 0x00c3ff, 0xc3c3ff, 0xff78c3, 0xc3d296, 0xf0b478, 0x879600, 0xe100ff, 0xb41e00,
        0x873c4b, 0x4b4bff, 0x9687e1, 0xb41ea5, 0xa57800, 0xffb4ff, 0xf0003c, 0x00e1f0, 0xa5e178,
        0x007887, 0x1e5ab4, 0xf05a00, 0xa5964b, 0x006900, 0xb40f4b, 0xa569ff, 0xf02da5, 0x5a4b78,
        0xd2d200, 0xf0875a, 0xffc3e1, 0xffb400, 0x2da587, 0x789669};
    return QColor::fromRgb(kPalette[static_cast<std::size_t>(index % kClusterPaletteSize)]);
}

// Okabe & Ito, "Color Universal Design" (2008): orange, sky blue, bluish green, yellow, blue,
// vermillion, reddish purple, black.
constexpr std::array<QRgb, 8> kOkabeIto = {0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442,
                                           0x0072b2, 0xd55e00, 0xcc79a7, 0x000000};

// Paul Tol's discrete rainbow and, per count, the indices into it that tol_colors.py names.
constexpr std::array<QRgb, 29> kTolRainbow = {
    0xe8ecfb, 0xd9cce3, 0xd1bbd7, 0xcaaccb, 0xba8db4, 0xae76a3, 0xaa6f9e, 0x994f88,
    0x882e72, 0x1965b0, 0x437dbf, 0x5289c7, 0x6195cf, 0x7bafde, 0x4eb265, 0x90c987,
    0xcae0ab, 0xf7f056, 0xf7cb45, 0xf6c141, 0xf4a736, 0xf1932d, 0xee8026, 0xe8601c,
    0xe65518, 0xdc050c, 0xa5170e, 0x72190e, 0x42150a};
constexpr int kTolFirst = 9;
constexpr int kTolLast = 22;
constexpr std::array<std::array<int, kTolLast>, kTolLast - kTolFirst + 1> kTolCuts = {{
    {8, 9, 13, 14, 16, 17, 22, 25, 27},
    {8, 9, 13, 14, 16, 17, 20, 23, 25, 27},
    {8, 9, 11, 13, 14, 16, 17, 20, 23, 25, 27},
    {2, 5, 8, 9, 11, 13, 14, 16, 17, 20, 23, 25},
    {2, 5, 8, 9, 11, 13, 14, 15, 16, 17, 20, 23, 25},
    {2, 5, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25},
    {2, 5, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25, 27},
    {2, 4, 6, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25, 27},
    {2, 4, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25, 27},
    {2, 4, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25, 26, 27},
    {1, 3, 4, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 19, 21, 23, 25, 26, 27},
    {1, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 19, 21, 23, 25, 26, 27},
    {1, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 25, 26, 27},
    {1, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 25, 26, 27, 28},
}};

// After Tol's 22: tests/fixtures/palette/make_palette_extension.py (palette_extension.txt).
constexpr std::array<QRgb, kColourBlindPaletteSize - kTolLast> kExtension = {
    0x0000ff, 0x2d0fa5, 0x6969ff, 0x4b785a, 0xb4e178, 0x690f3c, 0x3c1e78, 0x6996ff, 0x78b496,
    0x2d3ce1, 0xb41e3c, 0x3c4bc3, 0xe1694b, 0xd2d2c3, 0x5a0f5a, 0x5ab4ff, 0x780f2d, 0x5a9687,
    0xa5d2ff, 0x785a69, 0x0f78e1, 0x0000c3, 0xa50f96, 0x4b1e96, 0xd2a54b, 0xc34b3c, 0xff9678,
    0xc35a69};

QColor colourBlindColor(int index, int clusterCount) {
    if (clusterCount > 0 && clusterCount <= static_cast<int>(kOkabeIto.size()))
        return QColor::fromRgb(kOkabeIto[static_cast<std::size_t>(index % clusterCount)]);
    if (clusterCount >= kTolFirst && clusterCount <= kTolLast) {
        const auto& cut = kTolCuts[static_cast<std::size_t>(clusterCount - kTolFirst)];
        return QColor::fromRgb(kTolRainbow[static_cast<std::size_t>(cut[static_cast<std::size_t>(index % clusterCount)])]);
    }
    const int i = index % kColourBlindPaletteSize;
    if (i < kTolLast)
        return QColor::fromRgb(kTolRainbow[static_cast<std::size_t>(kTolCuts.back()[static_cast<std::size_t>(i)])]);
    return QColor::fromRgb(kExtension[static_cast<std::size_t>(i - kTolLast)]);
}

} // namespace

void setClusterPaletteKind(ClusterPaletteKind kind) {
    g_kind = kind;
}

ClusterPaletteKind clusterPaletteKind() {
    return g_kind;
}

QColor clusterColor(int index, int clusterCount) {
    if (index < 0)
        return QColor(0x9e, 0x9e, 0x9e);
    return g_kind == ClusterPaletteKind::ColourBlindSafe ? colourBlindColor(index, clusterCount)
                                                         : standardColor(index);
}

} // namespace microseg::ui

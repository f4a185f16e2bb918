#include "cluster_palette.h"

#include <array>
#include <cmath>

namespace microseg::ui {
namespace {

ClusterPaletteKind g_kind = ClusterPaletteKind::Standard;

QColor standardColor(int index) {
    // Tableau 10 first (what people know from other tools), then generated hues.
    static constexpr std::array<QRgb, 10> kBase = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2,
                                                   0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7,
                                                   0x9c755f, 0xbab0ac};
    const int i = index % kClusterPaletteSize;
    if (i < static_cast<int>(kBase.size()))
        return QColor::fromRgb(kBase[static_cast<std::size_t>(i)]);
    const int j = i - static_cast<int>(kBase.size());
    // Golden-angle hue steps keep neighbours apart; three lightness/saturation levels separate
    // hues that come close again.
    const double hue = std::fmod(0.13 + j * 0.381966, 1.0);
    static constexpr std::array<double, 3> kSaturation = {0.70, 0.55, 0.85};
    static constexpr std::array<double, 3> kValue = {0.80, 0.62, 0.95};
    const auto level = static_cast<std::size_t>(j % 3);
    return QColor::fromHsvF(static_cast<float>(hue), static_cast<float>(kSaturation[level]),
                            static_cast<float>(kValue[level]));
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

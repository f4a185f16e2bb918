#include "cluster_palette.h"

#include <array>
#include <cmath>

namespace microseg::ui {

QColor clusterColor(int index) {
    if (index < 0)
        return QColor(0x9e, 0x9e, 0x9e);
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

} // namespace microseg::ui

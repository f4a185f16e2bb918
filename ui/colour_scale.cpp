#include "colour_scale.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace microseg::ui {
namespace {
// matplotlib's viridis at 17 evenly spaced positions.
constexpr std::array<QRgb, 17> kViridis = {
    0x440154, 0x48186a, 0x472d7b, 0x424086, 0x3b528b, 0x33638d, 0x2c728e, 0x26828e, 0x21918c,
    0x1fa088, 0x28ae80, 0x3fbc73, 0x5ec962, 0x84d44b, 0xaddc30, 0xd8e219, 0xfde725};
} // namespace

QRgb viridis(double t) {
    if (!std::isfinite(t))
        return ColourScale::kMissing;
    const double scaled = std::clamp(t, 0.0, 1.0) * (kViridis.size() - 1);
    const auto low = std::min(static_cast<std::size_t>(scaled), kViridis.size() - 2);
    const double f = scaled - static_cast<double>(low);
    auto mix = [f](int a, int b) { return static_cast<int>(std::lround(a + (b - a) * f)); };
    const QRgb a = kViridis[low], b = kViridis[low + 1];
    return qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
}

ColourScale ColourScale::covering(const std::vector<double>& values) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : values)
        if (std::isfinite(v)) {
            low = std::min(low, v);
            high = std::max(high, v);
        }
    return std::isfinite(low) ? ColourScale(low, high) : ColourScale();
}

double ColourScale::position(double value) const noexcept {
    if (!(m_max > m_min))
        return 0.5;
    return std::clamp((value - m_min) / (m_max - m_min), 0.0, 1.0);
}

QRgb ColourScale::colour(double value) const noexcept {
    return std::isfinite(value) ? viridis(position(value)) : kMissing;
}

} // namespace microseg::ui

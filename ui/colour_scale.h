#pragma once
// A continuous colour scale for numeric columns: viridis (van der Walt and Smith, matplotlib
// 2015), perceptually uniform and readable by people with the common colour-vision deficiencies,
// over a value range; missing (NaN) values are grey.

#include <QColor>
#include <QString>
#include <vector>

namespace microseg::ui {

/// Viridis at `t` in [0, 1] (clamped), interpolated between 17 stored samples.
QRgb viridis(double t);

class ColourScale {
  public:
    ColourScale() = default;
    ColourScale(double minimum, double maximum) : m_min(minimum), m_max(maximum) {}
    /// The range of the finite values (0..1 when there are none).
    static ColourScale covering(const std::vector<double>& values);

    [[nodiscard]] double minimum() const noexcept { return m_min; }
    [[nodiscard]] double maximum() const noexcept { return m_max; }
    /// Position of `value` in the range, 0..1 (0.5 when the range is a single value).
    [[nodiscard]] double position(double value) const noexcept;
    [[nodiscard]] QRgb colour(double value) const noexcept;

    static constexpr QRgb kMissing = 0xffb0b0b0;

  private:
    double m_min = 0.0;
    double m_max = 1.0;
};

} // namespace microseg::ui

#pragma once
// Colour scales shared by the custom-painted heatmaps (cluster profile, RFM grid): linear
// interpolation between two colours in RGB.

#include <QColor>
#include <algorithm>

namespace microseg::ui {

/// The colour a fraction `t` (clamped to 0..1) of the way from `a` to `b`.
inline QColor mixColor(const QColor& a, const QColor& b, double t) {
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * t),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * t),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * t));
}

/// Black or white, whichever reads better on `background`.
inline QColor textColorOn(const QColor& background) {
    return background.lightnessF() < 0.55 ? QColor(Qt::white) : QColor(Qt::black);
}

} // namespace microseg::ui

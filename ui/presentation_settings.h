#pragma once
// Application-wide display settings that presentation mode changes and every view follows:
// whether personal data is masked (the data grid, column profiles, tooltips) and how much
// thicker chart lines and larger markers are drawn. Views read them while painting and listen to
// changed() to redraw; the cluster palette has its own switch (cluster_palette.h).

#include "microseg/column_profile.h"

#include <QObject>
#include <QString>
#include <string>

class QTableWidget;

namespace microseg::ui {

class PresentationSettings : public QObject {
    Q_OBJECT
  public:
    /// The one instance (created on first use, lives as long as the application).
    static PresentationSettings& instance();

    [[nodiscard]] bool maskPersonalData() const noexcept { return m_mask; }
    void setMaskPersonalData(bool mask);

    /// 1.0 normally; presentation mode draws lines thicker and markers larger.
    [[nodiscard]] double lineScale() const noexcept { return m_lineScale; }
    [[nodiscard]] double markerScale() const noexcept { return m_markerScale; }
    void setChartScales(double lineScale, double markerScale);

  signals:
    void maskingChanged(bool masked);
    void chartStyleChanged();

  private:
    PresentationSettings() = default;
    bool m_mask = false;
    double m_lineScale = 1.0;
    double m_markerScale = 1.0;
};

/// `profile` with its text values (minimum, maximum, most frequent) masked when the column holds
/// personal data (core::classifyColumn on its name and top values), or emails inside text.
core::ColumnProfile maskedColumnProfile(const core::ColumnProfile& profile);

/// `value` of column `header` as it may be shown now: masked when masking is on and the header
/// names personal data or the value itself looks like an email address or phone number.
QString displayedValue(const std::string& header, const QString& value);

/// Masks (or, with masking off, restores) the text of `table`'s columns from `firstColumn` on,
/// classifying each by its header and values; the original text is kept in the items. Call after
/// filling the table and whenever PresentationSettings::maskingChanged() fires.
void applyPersonalDataMasking(QTableWidget* table, int firstColumn = 0);

/// A pen width scaled for the current chart style.
inline double styledWidth(double width) {
    return width * PresentationSettings::instance().lineScale();
}
/// A marker size scaled for the current chart style.
inline double styledMarker(double size) {
    return size * PresentationSettings::instance().markerScale();
}

} // namespace microseg::ui

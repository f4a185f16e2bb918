#include "presentation_settings.h"

#include "microseg/personal_data.h"

#include <QTableWidget>

namespace microseg::ui {

PresentationSettings& PresentationSettings::instance() {
    static PresentationSettings settings;
    return settings;
}

void PresentationSettings::setMaskPersonalData(bool mask) {
    if (mask == m_mask)
        return;
    m_mask = mask;
    emit maskingChanged(mask);
}

void PresentationSettings::setChartScales(double lineScale, double markerScale) {
    if (lineScale == m_lineScale && markerScale == m_markerScale)
        return;
    m_lineScale = lineScale;
    m_markerScale = markerScale;
    emit chartStyleChanged();
}

core::ColumnProfile maskedColumnProfile(const core::ColumnProfile& profile) {
    std::vector<std::string> sample;
    for (const auto& [value, count] : profile.topValues)
        sample.push_back(value);
    const core::PersonalDataKind kind = core::classifyColumn(profile.column, sample);
    const auto mask = [kind](const std::string& value) {
        return kind == core::PersonalDataKind::None ? core::maskEmbeddedEmails(value)
                                                    : core::maskPersonalValue(kind, value);
    };
    core::ColumnProfile masked = profile;
    masked.minText = mask(profile.minText);
    masked.maxText = mask(profile.maxText);
    for (auto& [value, count] : masked.topValues)
        value = mask(value);
    return masked;
}

namespace {
constexpr int kOriginalTextRole = Qt::UserRole + 77;

std::string maskedText(core::PersonalDataKind kind, const std::string& value) {
    if (kind != core::PersonalDataKind::None)
        return core::maskPersonalValue(kind, value);
    if (core::looksLikeEmail(value))
        return core::maskEmail(value);
    if (core::looksLikePhone(value))
        return core::maskPhone(value);
    return core::maskEmbeddedEmails(value);
}
} // namespace

QString displayedValue(const std::string& header, const QString& value) {
    if (!PresentationSettings::instance().maskPersonalData())
        return value;
    return QString::fromStdString(maskedText(core::classifyHeader(header), value.toStdString()));
}

void applyPersonalDataMasking(QTableWidget* table, int firstColumn) {
    const bool mask = PresentationSettings::instance().maskPersonalData();
    for (int c = firstColumn; c < table->columnCount(); ++c) {
        std::vector<std::string> sample;
        for (int r = 0; r < table->rowCount(); ++r) {
            QTableWidgetItem* item = table->item(r, c);
            if (!item)
                continue;
            if (!item->data(kOriginalTextRole).isValid())
                item->setData(kOriginalTextRole, item->text());
            if (const QString text = item->data(kOriginalTextRole).toString(); !text.isEmpty())
                sample.push_back(text.toStdString());
        }
        const QTableWidgetItem* header = table->horizontalHeaderItem(c);
        const core::PersonalDataKind kind =
            core::classifyColumn(header ? header->text().toStdString() : std::string(), sample);
        for (int r = 0; r < table->rowCount(); ++r) {
            if (QTableWidgetItem* item = table->item(r, c)) {
                const QString original = item->data(kOriginalTextRole).toString();
                item->setText(mask
                                  ? QString::fromStdString(maskedText(kind, original.toStdString()))
                                  : original);
            }
        }
    }
}

} // namespace microseg::ui

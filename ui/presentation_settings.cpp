#include "presentation_settings.h"

#include "microseg/personal_data.h"

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

} // namespace microseg::ui

#include "column_profile_panel.h"

#include "histogram_widget.h"
#include "job.h"
#include "microseg/workspace.h"
#include "presentation_settings.h"
#include "text_format.h"
#include "top_values_widget.h"

#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {

QLabel* makeSectionTitle(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

bool isNumeric(core::ColumnType type) {
    return type == core::ColumnType::Integer || type == core::ColumnType::Decimal;
}

} // namespace

ColumnProfilePanel::ColumnProfilePanel(QWidget* parent) : QGroupBox(tr("Column"), parent) {
    // Presentation mode masks personal values; show the current profile again when it toggles.
    connect(&PresentationSettings::instance(), &PresentationSettings::maskingChanged, this, [this] {
        if (m_profile)
            showProfile(core::ColumnProfile(*m_profile));
    });
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(6);

    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("profileColumnName"));
    QFont nameFont = m_name->font();
    nameFont.setBold(true);
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.2);
    m_name->setFont(nameFont);
    m_name->setWordWrap(true);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_type = new QLabel(this);
    m_type->setWordWrap(true);
    m_type->setForegroundRole(QPalette::PlaceholderText);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("profileMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_name);
    layout->addWidget(m_type);
    layout->addWidget(m_message);

    m_statsBox = new QWidget(this);
    auto* statsLayout = new QVBoxLayout(m_statsBox);
    statsLayout->setContentsMargins(0, 0, 0, 0);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setVerticalSpacing(3);
    m_rows = addRow(tr("Rows"));
    m_missing = addRow(tr("Missing"));
    m_distinct = addRow(tr("Distinct"));
    m_min = addRow(tr("Minimum"));
    m_max = addRow(tr("Maximum"));
    m_mean = addRow(tr("Mean"));
    statsLayout->addLayout(m_form);
    m_histogramTitle = makeSectionTitle(tr("Distribution"), m_statsBox);
    m_histogram = new HistogramWidget(m_statsBox);
    m_histogramNote = new QLabel(m_statsBox);
    m_histogramNote->setWordWrap(true);
    m_histogramNote->setForegroundRole(QPalette::PlaceholderText);
    m_topTitle = makeSectionTitle(tr("Most frequent"), m_statsBox);
    m_topValues = new TopValuesWidget(m_statsBox);
    statsLayout->addSpacing(4);
    statsLayout->addWidget(m_histogramTitle);
    statsLayout->addWidget(m_histogram);
    statsLayout->addWidget(m_histogramNote);
    statsLayout->addWidget(m_topTitle);
    statsLayout->addWidget(m_topValues);
    layout->addWidget(m_statsBox);
    clear();
}

QLabel* ColumnProfilePanel::addRow(const QString& label) {
    auto* value = new QLabel(m_statsBox);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    m_form->addRow(label, value);
    return value;
}

void ColumnProfilePanel::cancelJob() {
    ++m_generation;
    if (m_job) {
        // The superseded job stops at its next poll; its result, if any, is dropped (see the
        // generation check) and it deletes itself when it ends.
        m_job->cancel();
        setBusy(nullptr);
    }
}

void ColumnProfilePanel::setBusy(Job* job) {
    const bool wasBusy = isBusy();
    m_job = job;
    if (wasBusy != isBusy())
        emit busyChanged(isBusy());
}

void ColumnProfilePanel::clear() {
    cancelJob();
    m_profile.reset();
    m_name->setText(tr("No column selected"));
    m_type->setText(tr("Select a column in the table to see its profile."));
    m_message->hide();
    m_statsBox->hide();
}

void ColumnProfilePanel::showMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ColumnProfilePanel::showColumn(const QString& workspacePath, const std::string& tableName,
                                    const std::string& column) {
    cancelJob();
    m_profile.reset();
    m_name->setText(toQString(column));
    m_type->setText(QString());
    m_statsBox->hide();
    showMessage(tr("Computing profile…"));

    const std::uint64_t generation = m_generation;
    const std::string path = toStdString(workspacePath);
    Job* job = runJob<core::ColumnProfile>(
        this, tr("Profile of %1").arg(toQString(column)),
        [path, tableName, column](core::Progress& progress, const core::CancelToken& cancel)
            -> core::Result<core::ColumnProfile> {
            // A connection of this worker's own: SQLite handles stay on the thread that opened
            // them.
            auto workspace = core::Workspace::open(path);
            if (!workspace.ok())
                return workspace.error();
            return core::profileColumn(*workspace.value(), tableName, column, progress, cancel);
        },
        std::function<void(core::ColumnProfile&)>([this, generation](core::ColumnProfile& profile) {
            if (generation == m_generation)
                showProfile(profile);
        }));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation != m_generation)
            return;
        if (outcome == Job::Outcome::Failed)
            showMessage(
                tr("Could not profile this column: %1").arg(toQString(job->error().toString())));
        else if (outcome == Job::Outcome::Cancelled)
            showMessage(tr("Cancelled"));
        setBusy(nullptr);
    });
    setBusy(job);
}

void ColumnProfilePanel::showProfile(const core::ColumnProfile& original) {
    m_profile = original;
    const core::ColumnProfile profile = PresentationSettings::instance().maskPersonalData()
                                            ? maskedColumnProfile(original)
                                            : original;
    showMessage(QString());
    m_name->setText(toQString(profile.column));
    m_type->setText(toQString(profile.type.describe()) +
                    (profile.type.note.empty()
                         ? QString()
                         : QStringLiteral("\n") + toQString(profile.type.note)));
    m_rows->setText(formatCount(profile.rows));
    m_missing->setText(QStringLiteral("%1 (%2)").arg(formatCount(profile.missing),
                                                     formatPercent(profile.missing, profile.rows)));
    m_distinct->setText(formatCount(profile.distinct));

    const bool numeric = isNumeric(profile.type.type) && profile.min && profile.max;
    const QString minText = numeric ? formatNumber(*profile.min) : toQString(profile.minText);
    const QString maxText = numeric ? formatNumber(*profile.max) : toQString(profile.maxText);
    m_min->setText(minText);
    m_max->setText(maxText);
    m_form->setRowVisible(m_min, !minText.isEmpty());
    m_form->setRowVisible(m_max, !maxText.isEmpty());
    m_mean->setText(profile.mean ? formatNumber(*profile.mean) : QString());
    m_form->setRowVisible(m_mean, numeric && profile.mean.has_value());

    // Numbers read best as a distribution, everything else as its most frequent values.
    const bool showHistogram = numeric && !profile.histogram.empty();
    m_histogram->setBins(showHistogram ? profile.histogram : std::vector<core::HistogramBin>{});
    // A clipped range says so, or the bars would misstate where the values lie.
    const std::int64_t outside = profile.belowHistogram + profile.aboveHistogram;
    m_histogramTitle->setText(outside == 0 ? tr("Distribution") : tr("Distribution (middle 99 %)"));
    m_histogramNote->setText(tr("%1 values below and %2 above the bars; minimum and maximum give "
                                "the full range.")
                                 .arg(formatCount(profile.belowHistogram),
                                      formatCount(profile.aboveHistogram)));
    m_histogramTitle->setVisible(showHistogram);
    m_histogram->setVisible(showHistogram);
    m_histogramNote->setVisible(showHistogram && outside > 0);
    const bool showTop = !showHistogram && !profile.topValues.empty();
    m_topValues->setValues(showTop ? profile.topValues
                                   : std::vector<std::pair<std::string, std::int64_t>>{},
                           profile.rows);
    m_topTitle->setText(profile.distinct > static_cast<std::int64_t>(profile.topValues.size())
                            ? tr("Most frequent (top %1)").arg(profile.topValues.size())
                            : tr("Values"));
    m_topTitle->setVisible(showTop);
    m_topValues->setVisible(showTop);
    m_statsBox->show();
}

} // namespace microseg::ui

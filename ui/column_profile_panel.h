#pragma once
// Profile of the selected column: type, rows, missing, distinct, min/max/mean for numbers, the
// most frequent values for text and a histogram. Computed by core::profileColumn in a background
// job on its own workspace connection; selecting another column cancels the previous job.

#include "microseg/column_profile.h"

#include <QGroupBox>
#include <cstdint>
#include <optional>
#include <string>

class QFormLayout;
class QLabel;

namespace microseg::ui {

class HistogramWidget;
class Job;
class TopValuesWidget;

class ColumnProfilePanel : public QGroupBox {
    Q_OBJECT
  public:
    explicit ColumnProfilePanel(QWidget* parent = nullptr);

    /// Profiles `column` of `tableName` in the workspace file at `workspacePath`.
    void showColumn(const QString& workspacePath, const std::string& tableName,
                    const std::string& column);
    /// Cancels any running profile and shows the empty state.
    void clear();

    [[nodiscard]] bool isBusy() const noexcept { return m_job != nullptr; }
    /// The profile on display, if any.
    [[nodiscard]] const std::optional<core::ColumnProfile>& profile() const noexcept {
        return m_profile;
    }

  signals:
    void busyChanged(bool busy);

  private:
    void cancelJob();
    void setBusy(Job* job);
    void showProfile(const core::ColumnProfile& profile);
    void showMessage(const QString& text);
    QLabel* addRow(const QString& label);

    QLabel* m_name;
    QLabel* m_type;
    QLabel* m_message;
    QWidget* m_statsBox;
    QFormLayout* m_form;
    QLabel* m_rows;
    QLabel* m_missing;
    QLabel* m_distinct;
    QLabel* m_min;
    QLabel* m_max;
    QLabel* m_mean;
    QLabel* m_histogramTitle;
    HistogramWidget* m_histogram;
    QLabel* m_histogramNote; ///< what lies outside a clipped histogram range
    QLabel* m_topTitle;
    TopValuesWidget* m_topValues;

    Job* m_job = nullptr;
    std::uint64_t m_generation = 0; ///< identifies the latest request; older results are dropped
    std::optional<core::ColumnProfile> m_profile;
};

} // namespace microseg::ui

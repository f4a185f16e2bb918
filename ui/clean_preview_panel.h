#pragma once
// What the selected step would do, computed by the engine on the table as it is just before the
// step: rows and cells changed, rows dropped, columns added, values it could not handle, a sample
// of changed cells (before -> after) and of the rows it would drop.

#include "microseg/clean/recipe_engine.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace microseg::ui {

class CleanPreviewPanel : public QWidget {
    Q_OBJECT
  public:
    explicit CleanPreviewPanel(QWidget* parent = nullptr);

    /// `columns`: the table's column names before the step (for the dropped rows' header).
    void showPreview(const core::clean::StepPreview& preview, const std::vector<std::string>& columns);
    /// A line instead of a preview: "Computing…", "No step selected", an error.
    void showMessage(const QString& message);

    [[nodiscard]] QLabel* summary() const noexcept { return m_summary; }
    [[nodiscard]] QTableWidget* changes() const noexcept { return m_changes; }
    [[nodiscard]] QTableWidget* dropped() const noexcept { return m_dropped; }

  private:
    QLabel* m_summary;
    QLabel* m_issues;
    QLabel* m_changesTitle;
    QLabel* m_droppedTitle;
    QTableWidget* m_changes;
    QTableWidget* m_dropped;
    QWidget* m_changesBox;
    QWidget* m_droppedBox;
};

} // namespace microseg::ui

#pragma once
// A dialog that writes an engagement tier definition as text, one rule per line,
//   Highly engaged: open_rate > 0.8 and click_rate > 0.5 and recency <= 30
// and stores it by name in the workspace (tier_definitions), for feature sets to use.

#include "microseg/engagement_tier.h"

#include <QDialog>
#include <QString>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace microseg::core {
class Workspace;
}

namespace microseg::ui {

/// Parses the rule lines ("Tier: column op number [and ...]"; a line with only "Tier:" always
/// matches; blank lines are skipped) into `definition.rules`; an error names the line at fault.
core::Status parseTierRules(const QString& text, core::TierDefinition& definition);
/// The rules written back as lines, the inverse of parseTierRules.
QString tierRulesText(const core::TierDefinition& definition);

class TierDialog : public QDialog {
    Q_OBJECT
  public:
    /// A new definition, or with `existing` that definition to edit (saved over itself).
    TierDialog(core::Workspace& workspace, QWidget* parent = nullptr,
               const core::TierDefinition* existing = nullptr);
    /// The definition stored by the last successful accept().
    [[nodiscard]] const core::TierDefinition& definition() const noexcept { return m_saved; }

    [[nodiscard]] QLineEdit* nameEdit() const noexcept { return m_name; }
    [[nodiscard]] QPlainTextEdit* rulesEdit() const noexcept { return m_rules; }
    [[nodiscard]] QLineEdit* defaultEdit() const noexcept { return m_default; }

  public slots:
    void accept() override;

  private:
    core::Workspace& m_workspace;
    QLineEdit* m_name;
    QPlainTextEdit* m_rules;
    QLineEdit* m_default;
    QLabel* m_problem;
    core::TierDefinition m_saved;
    bool m_editing = false;
};

} // namespace microseg::ui

#pragma once
// The form of one recipe step, generated from its type's description in the step registry
// (columns it takes, then one field per parameter: text, number, yes/no, a choice, or JSON for
// objects and lists). Every edit is checked at once by building the step, so a regex that does
// not compile or a threshold outside 0..1 shows its message here, at the step that has it; the
// page shows the engine's reason (a column that no longer exists) the same way.

#include "microseg/clean/recipe.h"
#include "microseg/clean/step_registry.h"

#include <QStringList>
#include <QWidget>
#include <functional>
#include <map>

class QFormLayout;
class QLabel;
class QTimer;

namespace microseg::ui {

class CleanStepEditor : public QWidget {
    Q_OBJECT
  public:
    explicit CleanStepEditor(QWidget* parent = nullptr);

    /// Shows step `index` of the recipe; `columns` are the columns that exist just before it.
    /// Rebuilds the form only when the step or the columns differ from what is shown.
    void setStep(int index, const core::clean::RecipeStep& step, const QStringList& columns);
    void clear();
    /// A message from the engine for this step (why it was skipped), shown with the form's own.
    void setEngineMessage(const QString& message);
    /// What the form shows in red: the parameter check, else the engine's message.
    [[nodiscard]] QString message() const;
    [[nodiscard]] int stepIndex() const noexcept { return m_index; }
    /// The editor widget of parameter `name` (objectName "param_<name>"), or "columns".
    [[nodiscard]] QWidget* field(const QString& name) const;

  signals:
    /// The analyst changed the step; the value holds every field as it is now.
    void stepEdited(const core::clean::RecipeStep& step);

  private:
    void rebuild();
    void commit();
    void showMessage();

    int m_index = -1;
    core::clean::RecipeStep m_step;
    QStringList m_columns;
    const core::clean::StepTypeInfo* m_info = nullptr;
    QWidget* m_form = nullptr;
    QLabel* m_title;
    QLabel* m_description;
    QLabel* m_message;
    QString m_checkMessage, m_engineMessage;
    QTimer* m_jsonDelay;
    /// Reads each field back into a step; filled by rebuild().
    std::vector<std::function<bool(core::clean::RecipeStep&, QString& error)>> m_readers;
    std::map<QString, QWidget*> m_fields;
};

} // namespace microseg::ui

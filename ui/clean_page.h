#pragma once
// The Clean page, between Data and Features: a cleaning recipe for the selected dataset, built
// step by step. The step list (enable, reorder, delete), the selected step's form, and what it
// would change (preview, computed in a job on the table just before it, whenever the recipe or
// the selection changes). Category mapping and duplicate review have their own tabs. Apply
// replays the recipe on the raw table into a cleaned table in one transaction; the raw table is
// never changed. Every edit is undoable; recipes are saved by name in the workspace (and picked
// up again when the dataset is selected) and exported to / imported from JSON files.

#include "clean_tasks.h"
#include "microseg/clean/recipe.h"
#include "workflow_page.h"

#include <QPointer>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTimer;
class QUndoStack;

namespace microseg::ui {

class CleanDedupePanel;
class CleanMappingEditor;
class CleanPreviewPanel;
class CleanStepEditor;
class CleanStepList;

class CleanPage : public WorkflowPage {
    Q_OBJECT
  public:
    explicit CleanPage(QWidget* parent = nullptr);
    ~CleanPage() override;

    QString title() const override { return tr("Clean"); }
    QIcon icon() const override;
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    /// Selects the first dataset. `item`: "mapping" selects the first category-mapping step and
    /// its tab (with suggestions), "dedupe" the first fuzzy de-duplication step and its tab, a
    /// number N selects step N; otherwise the first step.
    void selectDefaultContent(const QString& item = {}) override;
    bool isBusy() const override;

    [[nodiscard]] const core::clean::Recipe& recipe() const noexcept { return m_recipe; }
    /// Replaces the recipe as one undoable edit ("Edit recipe" unless `text` says otherwise).
    void editRecipe(const core::clean::Recipe& recipe, const QString& text, int select = -2);
    /// The last check of the whole recipe (reports per step), when one has finished.
    [[nodiscard]] const std::optional<RecipeCheck>& lastCheck() const noexcept { return m_check; }
    [[nodiscard]] QString datasetName() const;

    core::Status importRecipeFile(const QString& path);
    core::Status exportRecipeFile(const QString& path) const;
    core::Status saveRecipeByName();
    /// Starts Apply into the table named in the output field; null when it cannot start.
    Job* startApply();
    [[nodiscard]] Job* currentCheckJob() const { return m_checkJob; }

    [[nodiscard]] QComboBox* datasetCombo() const noexcept { return m_dataset; }
    [[nodiscard]] QLineEdit* recipeNameEdit() const noexcept { return m_recipeName; }
    [[nodiscard]] QLineEdit* outputEdit() const noexcept { return m_output; }
    [[nodiscard]] QUndoStack* undoStack() const noexcept { return m_undo; }
    [[nodiscard]] CleanStepList* stepList() const noexcept { return m_steps; }
    [[nodiscard]] CleanStepEditor* stepEditor() const noexcept { return m_editor; }
    [[nodiscard]] CleanPreviewPanel* previewPanel() const noexcept { return m_preview; }
    [[nodiscard]] CleanMappingEditor* mappingEditor() const noexcept { return m_mapping; }
    [[nodiscard]] CleanDedupePanel* dedupePanel() const noexcept { return m_dedupe; }
    [[nodiscard]] QTabWidget* tabs() const noexcept { return m_tabs; }
    [[nodiscard]] QLabel* statusLabel() const noexcept { return m_status; }

  signals:
    /// A cleaned table was written (other pages may list it).
    void tableCreated(const QString& table);

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    QWidget* buildTopBar();
    void startLoad();
    void refreshDatasets();
    void selectDataset(int index);
    void showRecipe(const core::clean::Recipe& recipe, int selected);
    void onStepSelected(int index);
    void replaceStep(int index, const core::clean::RecipeStep& step, const QString& text);
    void scheduleCheck();
    void startCheck();
    void onChecked(RecipeCheck& check);
    void showSelectedStep();
    void announceBusy();
    void updateActions();
    [[nodiscard]] QStringList columnsBefore(int index) const;
    [[nodiscard]] int selectedStep() const;

    std::shared_ptr<core::Workspace> m_workspace;
    core::clean::Recipe m_recipe;
    TablePtr m_raw;
    std::optional<RecipeCheck> m_check;
    bool m_checkCurrent = false;  ///< m_check matches m_recipe and the selection
    QString m_pendingSelect;      ///< --select item waiting for the table to load

    QComboBox* m_dataset;
    QLineEdit* m_recipeName;
    QLineEdit* m_output;
    QPushButton* m_undoButton;
    QPushButton* m_redoButton;
    QPushButton* m_import;
    QPushButton* m_export;
    QPushButton* m_save;
    QPushButton* m_apply;
    QLabel* m_status;
    QUndoStack* m_undo;
    CleanStepList* m_steps;
    CleanStepEditor* m_editor;
    CleanPreviewPanel* m_preview;
    CleanMappingEditor* m_mapping;
    CleanDedupePanel* m_dedupe;
    QTabWidget* m_tabs;
    QTimer* m_checkDelay;
    QPointer<Job> m_loadJob;
    QPointer<Job> m_checkJob;
    QPointer<Job> m_applyJob;
    bool m_busy = false;
    bool m_showing = false;
};

} // namespace microseg::ui

#pragma once
// The record de-duplication panel of a "Merge fuzzy duplicates" step: per compared column a
// comparator, normalisation and weight; a threshold slider whose pair / group / row counts come
// from the candidate pairs scored once in a job (countsAtThreshold is a binary search, so moving
// the slider never recomputes); a review queue of the groups at that threshold where the analyst
// confirms or splits each one; and a survivorship rule per column. Everything is written into
// the step's parameters (fuzzy_dedupe in algorithm_steps.h), so the recipe replays the decisions.

#include "clean_tasks.h"
#include "microseg/clean/recipe.h"

#include <QPointer>
#include <QWidget>
#include <map>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTableWidget;
class QTimer;
class QTreeWidget;

namespace microseg::ui {

class Job;

class CleanDedupePanel : public QWidget {
    Q_OBJECT
  public:
    explicit CleanDedupePanel(QWidget* parent = nullptr);

    void setStep(int index, const core::clean::RecipeStep* step, TablePtr before);
    /// Scores the candidate pairs of the step as it is; null when it cannot start.
    Job* score();
    [[nodiscard]] bool isBusy() const { return !m_job.isNull(); }

    [[nodiscard]] QSlider* thresholdSlider() const noexcept { return m_threshold; }
    [[nodiscard]] QLabel* countsLabel() const noexcept { return m_counts; }
    [[nodiscard]] QTreeWidget* reviewQueue() const noexcept { return m_queue; }
    [[nodiscard]] QTableWidget* fieldsTable() const noexcept { return m_fields; }
    [[nodiscard]] QTableWidget* survivorshipTable() const noexcept { return m_survivorship; }
    /// Live counts at the slider's threshold (nothing before the first scoring).
    [[nodiscard]] std::optional<core::clean::ThresholdCounts> currentCounts() const;
    /// Records a decision for group `index` of the queue ("confirm" or "split").
    void decide(int index, const QString& decision);

  signals:
    void stepEdited(int index, const core::clean::RecipeStep& step);
    void jobStarted(microseg::ui::Job* job);
    void busyChanged(bool busy);

  private:
    void fillForm();
    void commit();
    void showCounts();
    void fillQueue();
    [[nodiscard]] double threshold() const;
    [[nodiscard]] QJsonObject formParams() const;

    int m_index = -1;
    core::clean::RecipeStep m_step;
    TablePtr m_before;
    std::optional<ScoredDuplicates> m_scored;
    core::clean::RecipeStep m_scoredStep;  ///< the step the scores were computed for
    /// Decisions by the group's raw rows, as stored in the step's "reviews".
    std::map<std::vector<qint64>, QString> m_reviews;
    QLabel* m_info;
    QTableWidget* m_fields;
    QPushButton* m_score;
    QSlider* m_threshold;
    QLabel* m_thresholdValue;
    QLabel* m_counts;
    QTreeWidget* m_queue;
    QPushButton* m_confirm;
    QPushButton* m_split;
    QTableWidget* m_survivorship;
    QComboBox* m_recency;
    QTimer* m_commitDelay;
    QPointer<Job> m_job;
    bool m_filling = false;
};

} // namespace microseg::ui

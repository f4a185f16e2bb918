#pragma once
// The most frequent values of a column as labelled horizontal bars with their counts, for the
// column profile panel (text, boolean and date columns).

#include <QWidget>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace microseg::ui {

class TopValuesWidget : public QWidget {
    Q_OBJECT
  public:
    explicit TopValuesWidget(QWidget* parent = nullptr);

    /// `values` most frequent first; `rows` is the table's row count (for the percentages).
    void setValues(std::vector<std::pair<std::string, std::int64_t>> values, std::int64_t rows);
    [[nodiscard]] int valueCount() const noexcept { return static_cast<int>(m_values.size()); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    int rowHeight() const;

    std::vector<std::pair<QString, std::int64_t>> m_values;
    std::int64_t m_rows = 0;
    std::int64_t m_maxCount = 0;
};

} // namespace microseg::ui

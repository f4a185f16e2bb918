// TableModel over a real workspace: counts, values, block fetching with LRU eviction, missing
// values and header tooltips.
#include "microseg/workspace.h"
#include "table_model.h"
#include "text_format.h"
#include "ui_test_util.h"

#include <QFont>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace microseg::ui {
namespace {

constexpr int kRows = 1500;

class TableModelTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        const QString path =
            test::createWorkspace(m_dir, QStringLiteral("model"),
                                  {{QStringLiteral("customers.csv"), test::customersCsv(kRows)}});
        ASSERT_FALSE(path.isEmpty());
        auto workspace = core::Workspace::open(path.toStdString());
        ASSERT_TRUE(workspace.ok()) << workspace.error().toString();
        m_workspace = std::move(workspace).value();
        const auto datasets = m_workspace->datasets();
        ASSERT_EQ(datasets.size(), 1u);
        m_dataset = datasets.front();
    }

    int columnOf(const TableModel& model, const std::string& name) {
        for (int c = 0; c < model.columnCount(); ++c) {
            if (model.columnName(c) == name)
                return c;
        }
        ADD_FAILURE() << "no column " << name;
        return 0;
    }

    QTemporaryDir m_dir;
    std::shared_ptr<core::Workspace> m_workspace;
    core::DatasetInfo m_dataset;
};

TEST_F(TableModelTest, ReportsTheFullRowCountAndValues) {
    TableModel model;
    ASSERT_TRUE(model.setTable(m_workspace, m_dataset.tableName).ok());
    EXPECT_EQ(model.rowCount(), kRows);
    EXPECT_EQ(model.columnCount(), 4);
    const int id = columnOf(model, "id");
    const int name = columnOf(model, "name");
    EXPECT_EQ(model.data(model.index(0, id)).toString(), QStringLiteral("1"));
    EXPECT_EQ(model.data(model.index(0, name)).toString(), QStringLiteral("Customer 1"));
    EXPECT_EQ(model.data(model.index(kRows - 1, id)).toString(), QString::number(kRows));
    EXPECT_EQ(model.headerData(9, Qt::Vertical).toInt(), 10);
}

TEST_F(TableModelTest, FetchesRowsInBlocksAndEvictsTheLeastRecentlyUsed) {
    TableModel model;
    model.setBlockSize(100);
    model.setCachedBlocks(3);
    ASSERT_TRUE(model.setTable(m_workspace, m_dataset.tableName).ok());
    const int id = columnOf(model, "id");
    EXPECT_EQ(model.blockReads(), 0); // nothing read until a cell is asked for

    auto value = [&](int row) { return model.data(model.index(row, id)).toInt(); };
    EXPECT_EQ(value(0), 1);
    EXPECT_EQ(value(99), 100); // same block
    EXPECT_EQ(model.blockReads(), 1);
    EXPECT_EQ(value(150), 151);
    EXPECT_EQ(value(250), 251);
    EXPECT_EQ(model.blockReads(), 3);
    EXPECT_EQ(value(5), 6); // block 0 becomes the most recently used
    EXPECT_EQ(model.blockReads(), 3);
    EXPECT_EQ(value(1499), 1500); // evicts block 1, the least recently used
    EXPECT_EQ(model.blockReads(), 4);
    EXPECT_EQ(model.cachedBlockCount(), 3);
    EXPECT_EQ(value(10), 11); // still cached
    EXPECT_EQ(model.blockReads(), 4);
    EXPECT_EQ(value(160), 161); // was evicted: read again
    EXPECT_EQ(model.blockReads(), 5);
}

TEST_F(TableModelTest, ShowsMissingValuesAsEmptyItalicCells) {
    TableModel model;
    ASSERT_TRUE(model.setTable(m_workspace, m_dataset.tableName).ok());
    const int amount = columnOf(model, "amount");
    const QModelIndex missing = model.index(6, amount); // row 7: amount left empty
    const QModelIndex present = model.index(5, amount);
    EXPECT_TRUE(model.data(missing, TableModel::kMissingRole).toBool());
    EXPECT_EQ(model.data(missing).toString(), QString());
    EXPECT_TRUE(model.data(missing, Qt::FontRole).value<QFont>().italic());
    EXPECT_TRUE(model.data(missing, Qt::ForegroundRole).isValid());
    EXPECT_FALSE(model.data(present, TableModel::kMissingRole).toBool());
    EXPECT_FALSE(model.data(present).toString().isEmpty());
    EXPECT_FALSE(model.data(present, Qt::FontRole).isValid());
}

TEST_F(TableModelTest, HeaderShowsTypeAndTooltipShowsTypeAndMissingCount) {
    TableModel model;
    ASSERT_TRUE(model.setTable(m_workspace, m_dataset.tableName).ok());
    const int amount = columnOf(model, "amount");
    const core::ColumnInfo* info = model.columnInfo(amount);
    ASSERT_NE(info, nullptr);
    EXPECT_EQ(info->type.type, core::ColumnType::Decimal);
    EXPECT_EQ(info->missingCount, test::missingAmounts(kRows));

    const QString header = model.headerData(amount, Qt::Horizontal).toString();
    EXPECT_EQ(header, QStringLiteral("amount\ndecimal"));
    const QString tip = model.headerData(amount, Qt::Horizontal, Qt::ToolTipRole).toString();
    EXPECT_TRUE(tip.contains(QStringLiteral("Type: ") + toQString(info->type.describe())))
        << tip.toStdString();
    EXPECT_TRUE(
        tip.contains(QStringLiteral("Missing: %1 of %2")
                         .arg(formatCount(test::missingAmounts(kRows)), formatCount(kRows))))
        << tip.toStdString();
    EXPECT_EQ(model.data(model.index(0, amount), Qt::TextAlignmentRole).toInt(),
              int(Qt::AlignRight | Qt::AlignVCenter));
}

TEST_F(TableModelTest, UnknownTableLeavesTheModelEmpty) {
    TableModel model;
    const auto status = model.setTable(m_workspace, "no_such_table");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, core::ErrorCode::NotFound);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.columnCount(), 0);
}

} // namespace
} // namespace microseg::ui

// ImportDialog: the live preview follows the settings, names are proposed and validated, and the
// request carries what was chosen.
#include "csv_preview_model.h"
#include "import_dialog.h"
#include "microseg/workspace.h"
#include "ui_test_util.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <gtest/gtest.h>

namespace microseg::ui {
namespace {

class ImportDialogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        const QString path = test::createWorkspace(m_dir, QStringLiteral("import"),
                                                   {{QStringLiteral("sales.csv"), "a,b\n1,2\n"}});
        ASSERT_FALSE(path.isEmpty());
        auto workspace = core::Workspace::open(path.toStdString());
        ASSERT_TRUE(workspace.ok()) << workspace.error().toString();
        m_workspace = std::move(workspace).value();
    }

    static void choose(QComboBox* combo, int data) {
        ASSERT_NE(combo, nullptr);
        const int index = combo->findData(data);
        ASSERT_GE(index, 0);
        combo->setCurrentIndex(index);
    }

    QTemporaryDir m_dir;
    std::shared_ptr<core::Workspace> m_workspace;
};

TEST_F(ImportDialogTest, PreviewFollowsTheDelimiter) {
    const QString csv = test::writeFile(m_dir, QStringLiteral("semi.csv"),
                                        "name;city;spend\nAna;Lisbon;12\nRui;Porto;7\n");
    ImportDialog dialog(m_workspace);
    dialog.setFilePath(csv);
    const CsvPreviewModel* preview = dialog.previewModel();
    EXPECT_EQ(preview->columnCount(), 3); // detected: semicolon
    EXPECT_EQ(preview->rowCount(), 2);
    EXPECT_EQ(preview->data(preview->index(1, 1)).toString(), QStringLiteral("Porto"));

    auto* delimiter = dialog.findChild<QComboBox*>(QStringLiteral("delimiterCombo"));
    choose(delimiter, int(','));
    EXPECT_EQ(preview->columnCount(), 1); // forced comma: one column per line
    EXPECT_EQ(preview->data(preview->index(0, 0)).toString(), QStringLiteral("Ana;Lisbon;12"));
    EXPECT_EQ(dialog.options().delimiter, std::optional<char>(','));

    choose(delimiter, int(';'));
    EXPECT_EQ(preview->columnCount(), 3);
}

TEST_F(ImportDialogTest, HeaderShowsTheInferredTypeUnderTheName) {
    const QString csv =
        test::writeFile(m_dir, QStringLiteral("typed.csv"), "name,spend\nAna,12\nRui,7\n");
    ImportDialog dialog(m_workspace);
    dialog.setFilePath(csv);
    const CsvPreviewModel* preview = dialog.previewModel();
    ASSERT_EQ(preview->columnCount(), 2);
    const QString header = preview->headerData(1, Qt::Horizontal).toString();
    EXPECT_EQ(header, QStringLiteral("spend\n") +
                          QString::fromStdString(preview->preview().types[1].describe()));
    EXPECT_EQ(preview->preview().types[1].type, core::ColumnType::Integer);
    // The detection reasons are shown.
    auto* detected = dialog.findChild<QLabel*>(QStringLiteral("detectedLabel"));
    ASSERT_NE(detected, nullptr);
    EXPECT_TRUE(detected->text().contains(
        QString::fromStdString(preview->preview().dialect.delimiterReason).toHtmlEscaped()));
}

TEST_F(ImportDialogTest, HeaderSettingChangesTheFirstRow) {
    const QString csv = test::writeFile(m_dir, QStringLiteral("h.csv"), "name,spend\nAna,12\n");
    ImportDialog dialog(m_workspace);
    dialog.setFilePath(csv);
    choose(dialog.findChild<QComboBox*>(QStringLiteral("headerCombo")), 0);
    EXPECT_EQ(dialog.previewModel()->rowCount(), 2);
    EXPECT_EQ(dialog.request().options.hasHeader, std::optional<bool>(false));
}

TEST_F(ImportDialogTest, ProposesAnUnusedNameAndRefusesATakenOne) {
    const QString csv = test::writeFile(m_dir, QStringLiteral("sales.csv"), "a,b\n3,4\n");
    ImportDialog dialog(m_workspace);
    dialog.setFilePath(csv);
    auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("datasetNameEdit"));
    auto* import = dialog.findChild<QPushButton*>(QStringLiteral("importButton"));
    ASSERT_NE(name, nullptr);
    ASSERT_NE(import, nullptr);
    EXPECT_EQ(name->text().toStdString(), m_workspace->uniqueDatasetName("sales"));
    EXPECT_NE(name->text(), QStringLiteral("sales")); // taken by the dataset made in SetUp
    EXPECT_TRUE(import->isEnabled()) << dialog.problem().toStdString();

    name->setText(QStringLiteral("sales"));
    emit name->textEdited(name->text());
    EXPECT_FALSE(import->isEnabled());
    EXPECT_TRUE(dialog.problem().contains(QStringLiteral("already exists")));

    name->setText(QStringLiteral("sales 2024")); // a space: the importer would refuse it
    emit name->textEdited(name->text());
    EXPECT_FALSE(import->isEnabled());
    EXPECT_FALSE(name->hasAcceptableInput());

    name->setText(QStringLiteral("sales_2024"));
    emit name->textEdited(name->text());
    EXPECT_TRUE(import->isEnabled());
    EXPECT_EQ(dialog.request().datasetName, "sales_2024");
    EXPECT_EQ(dialog.request().filePath, csv.toStdString());
}

TEST_F(ImportDialogTest, MissingFileDisablesImportAndSaysWhy) {
    ImportDialog dialog(m_workspace);
    dialog.setFilePath(m_dir.filePath(QStringLiteral("absent.csv")));
    EXPECT_EQ(dialog.previewModel()->columnCount(), 0);
    auto* error = dialog.findChild<QLabel*>(QStringLiteral("previewError"));
    ASSERT_NE(error, nullptr);
    EXPECT_FALSE(error->isHidden());
    EXPECT_TRUE(error->text().contains(QStringLiteral("absent.csv")));
    EXPECT_FALSE(dialog.findChild<QPushButton*>(QStringLiteral("importButton"))->isEnabled());
}

} // namespace
} // namespace microseg::ui

// MainWindow with a real workspace: opening lists the datasets, actions follow whether a
// workspace is open, an import job adds a dataset, the profile job fills the panel, and the
// recent-files list stays short and current.
#include "column_profile_panel.h"
#include "csv_preview_model.h"
#include "data_page.h"
#include "import_dialog.h"
#include "job.h"
#include "jobs_widget.h"
#include "main_window.h"
#include "microseg/workspace.h"
#include "recent_files.h"
#include "table_model.h"
#include "ui_test_util.h"

#include <QAction>
#include <QCoreApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QListWidget>
#include <QMimeData>
#include <QTemporaryDir>
#include <QUrl>
#include <gtest/gtest.h>

namespace microseg::ui {
namespace {

class MainWindowTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_path =
            test::createWorkspace(m_dir, QStringLiteral("shop"),
                                  {{QStringLiteral("customers.csv"), test::customersCsv(40)},
                                   {QStringLiteral("orders.csv"), "order,customer\n1,3\n2,5\n"}});
        ASSERT_FALSE(m_path.isEmpty());
        m_window.setInteractive(false);
    }

    QStringList listedNames() const {
        QStringList names;
        const QListWidget* list = m_window.dataPage()->tableList();
        for (int row = 0; row < list->count(); ++row)
            names << list->item(row)->text();
        return names;
    }

    QTemporaryDir m_dir;
    QString m_path;
    MainWindow m_window;
};

TEST_F(MainWindowTest, OpensAWorkspaceAndListsItsDatasets) {
    EXPECT_FALSE(m_window.importAction()->isEnabled());
    const auto status = m_window.openWorkspace(m_path);
    ASSERT_TRUE(status.ok()) << status.error().toString();
    EXPECT_TRUE(m_window.windowTitle().startsWith(QStringLiteral("shop.microseg")));
    EXPECT_TRUE(m_window.importAction()->isEnabled());
    QStringList names = listedNames();
    names.sort();
    EXPECT_EQ(names, (QStringList{QStringLiteral("customers"), QStringLiteral("orders")}));

    m_window.closeWorkspace();
    EXPECT_EQ(m_window.dataPage()->tableList()->count(), 0);
    EXPECT_EQ(m_window.dataPage()->tableModel()->columnCount(), 0);
    EXPECT_FALSE(m_window.importAction()->isEnabled());
    EXPECT_EQ(m_window.windowTitle(), QStringLiteral("Microseg"));
}

TEST_F(MainWindowTest, RefusesAFileThatIsNotAWorkspace) {
    const QString foreign = test::writeFile(m_dir, QStringLiteral("notes.microseg"), "just text\n");
    const auto status = m_window.openWorkspace(foreign);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, core::ErrorCode::NotAWorkspace);
    EXPECT_EQ(m_window.workspace(), nullptr);
}

TEST_F(MainWindowTest, SelectsPagesByNameIgnoringCase) {
    EXPECT_TRUE(m_window.selectPage(QStringLiteral("DATA")));
    EXPECT_EQ(m_window.currentPage(), m_window.dataPage());
    EXPECT_FALSE(m_window.selectPage(QStringLiteral("nope")));
}

TEST_F(MainWindowTest, SelectingADatasetShowsItsRowsAndProfilesTheFirstColumn) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    DataPage* page = m_window.dataPage();
    ASSERT_TRUE(page->selectTable(m_window.workspace()->dataset("customers")->tableName));
    EXPECT_EQ(page->tableModel()->rowCount(), 40);
    EXPECT_TRUE(page->isBusy()); // the profile job runs
    ASSERT_TRUE(test::waitFor([page] { return !page->isBusy(); }));
    const auto& profile = page->profilePanel()->profile();
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(profile->column, page->tableModel()->columnName(0));
    EXPECT_EQ(profile->rows, 40);
}

TEST_F(MainWindowTest, SelectingAColumnByNameProfilesIt) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    DataPage* page = m_window.dataPage();
    ASSERT_TRUE(page->selectTable(m_window.workspace()->dataset("customers")->tableName));
    const QString second = QString::fromStdString(page->tableModel()->columnName(1));
    page->selectDefaultContent(second);
    ASSERT_TRUE(test::waitFor([page] { return !page->isBusy(); }));
    const auto& profile = page->profilePanel()->profile();
    ASSERT_TRUE(profile.has_value());
    EXPECT_EQ(QString::fromStdString(profile->column), second);
}

TEST_F(MainWindowTest, ImportJobAddsAndSelectsTheNewDataset) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    core::ImportRequest request;
    request.filePath =
        test::writeFile(m_dir, QStringLiteral("visits.csv"), "day,count\n1,10\n2,12\n3,9\n")
            .toStdString();
    m_window.dataPage()->startImport(request);
    EXPECT_EQ(m_window.jobsWidget()->runningCount(), 1);
    ASSERT_TRUE(test::waitFor([this] { return m_window.jobsWidget()->runningCount() == 0; }));
    EXPECT_TRUE(listedNames().contains(QStringLiteral("visits")));
    const auto visits = m_window.workspace()->dataset("visits");
    ASSERT_TRUE(visits.has_value());
    EXPECT_EQ(m_window.dataPage()->currentTable(), visits->tableName);
    EXPECT_EQ(m_window.dataPage()->tableModel()->rowCount(), 3);
}

TEST_F(MainWindowTest, FailedImportChangesNothing) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    const QStringList before = listedNames();
    core::ImportRequest request;
    request.filePath = m_dir.filePath(QStringLiteral("absent.csv")).toStdString();
    m_window.dataPage()->startImport(request);
    ASSERT_TRUE(test::waitFor([this] { return m_window.jobsWidget()->runningCount() == 0; }));
    EXPECT_EQ(listedNames(), before);
    EXPECT_EQ(m_window.workspace()->datasets().size(), 2u);
}

TEST_F(MainWindowTest, CreatesAnEmptyWorkspaceButNeverOverAnExistingFile) {
    const QString fresh = m_dir.filePath(QStringLiteral("fresh.microseg"));
    ASSERT_TRUE(m_window.createWorkspace(fresh).ok());
    EXPECT_EQ(m_window.dataPage()->tableList()->count(), 0);
    EXPECT_TRUE(m_window.importAction()->isEnabled());
    const auto again = m_window.createWorkspace(m_path);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, core::ErrorCode::AlreadyExists);
    EXPECT_EQ(QString::fromStdString(m_window.workspace()->path()), fresh); // still the new one
}

TEST_F(MainWindowTest, SaveCopyAsOpensTheCopyWithTheSameDatasets) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    const QString copy = m_dir.filePath(QStringLiteral("copy.microseg"));
    Job* job = m_window.saveCopyAs(copy);
    ASSERT_NE(job, nullptr);
    ASSERT_TRUE(test::waitFor([this, copy] {
        return m_window.workspace() && QString::fromStdString(m_window.workspace()->path()) == copy;
    }));
    EXPECT_EQ(m_window.workspace()->datasets().size(), 2u);
    EXPECT_TRUE(m_window.windowTitle().startsWith(QStringLiteral("copy.microseg")));
    EXPECT_EQ(m_window.saveCopyAs(copy), nullptr); // onto itself: nothing to do
}

TEST_F(MainWindowTest, DroppingACsvOpensTheImportDialogForIt) {
    ASSERT_TRUE(m_window.openWorkspace(m_path).ok());
    const QString csv = test::writeFile(m_dir, QStringLiteral("dropped.csv"), "a,b\n1,2\n");
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(csv)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&m_window, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&m_window, &drop);
    ImportDialog* dialog = nullptr;
    ASSERT_TRUE(test::waitFor([this, &dialog] {
        dialog = m_window.findChild<ImportDialog*>();
        return dialog != nullptr;
    }));
    EXPECT_EQ(dialog->filePath(), csv);
    EXPECT_EQ(dialog->previewModel()->columnCount(), 2);
    dialog->reject();

    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(m_dir.filePath(QStringLiteral("picture.png")))});
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &other, Qt::LeftButton, Qt::NoModifier);
    refused.setAccepted(false);
    QCoreApplication::sendEvent(&m_window, &refused);
    EXPECT_FALSE(refused.isAccepted());
}

TEST(RecentFiles, KeepsTenExistingFilesMostRecentFirst) {
    QTemporaryDir dir;
    RecentFiles recent(QStringLiteral("testRecent"));
    recent.clear();
    QStringList paths;
    for (int i = 0; i < 12; ++i)
        paths << test::writeFile(dir, QStringLiteral("w%1.microseg").arg(i), "x");
    for (const QString& path : paths)
        recent.add(path);
    QStringList files = recent.files();
    ASSERT_EQ(files.size(), RecentFiles::kMaxFiles);
    EXPECT_EQ(files.front(), paths.back());
    recent.add(paths[5]);
    EXPECT_EQ(recent.files().front(), paths[5]);
    ASSERT_TRUE(QFile::remove(paths[11]));
    files = recent.files();
    EXPECT_FALSE(files.contains(paths[11]));
    EXPECT_EQ(files.size(), RecentFiles::kMaxFiles - 1);
    recent.clear();
}

} // namespace
} // namespace microseg::ui

// Presentation mode: F5 turns on the large font, the colour-blind-safe palette, thick chart lines
// and masking, Esc turns them off again; personal data is masked in the data grid and column
// profiles; charts saved from the Cluster page are stepped through with the arrow keys and are
// drawn again from their settings after the workspace is reopened.
#include "chart_export.h"
#include "cluster_page.h"
#include "cluster_palette.h"
#include "cluster_sizes_view.h"
#include "cluster_views.h"
#include "csv_preview_model.h"
#include "dendrogram_view.h"
#include "job.h"
#include "kdistance_view.h"
#include "launch_options.h"
#include "main_window.h"
#include "metric_chart_view.h"
#include "microseg/saved_view_store.h"
#include "microseg/workspace.h"
#include "presentation_mode.h"
#include "presentation_settings.h"
#include "presentation_stage.h"
#include "profile_heatmap.h"
#include "saved_view_factory.h"
#include "saved_views_dock.h"
#include "scatter_view.h"
#include "silhouette_plot.h"
#include "table_model.h"
#include "ui_test_util.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace microseg::ui {
namespace {

// Three clear groups with the personal columns of a CRM export.
std::string peopleCsv() {
    std::ostringstream out;
    out << "Name,Email,Phone,x,y,Note\n";
    static const char* const kNames[] = {"John Doe", "Ada Lovelace", "Émile Zola"};
    for (int g = 0; g < 3; ++g)
        for (int i = 0; i < 20; ++i)
            out << kNames[g] << ",p" << g << i << "@example.com,+49 30 1234 56" << 10 + i << ","
                << g * 10 + std::sin(i * 1.3) << "," << g * 5 + std::cos(i * 2.1) << ",ask p" << i
                << "@mail.org\n";
    return out.str();
}

class PresentationTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_path = test::createWorkspace(m_dir, QStringLiteral("people"),
                                       {{QStringLiteral("people.csv"), peopleCsv()}});
        ASSERT_FALSE(m_path.isEmpty());
    }

    static std::unique_ptr<MainWindow> openWindow(const QString& path) {
        auto window = std::make_unique<MainWindow>();
        window->setInteractive(false);
        window->presentationMode()->setFullScreenAllowed(false);
        window->resize(1280, 800);
        EXPECT_TRUE(window->openWorkspace(path).ok());
        window->show();
        window->activateWindow();
        EXPECT_TRUE(QTest::qWaitForWindowActive(window.get()));
        return window;
    }

    /// Scans k and runs k-means on the Cluster page, then saves its elbow, sizes, silhouette
    /// and profile charts as views, in that order.
    static void saveClusterViews(MainWindow& window) {
        ASSERT_TRUE(window.selectPage(QStringLiteral("cluster")));
        auto* page = qobject_cast<ClusterPage*>(window.currentPage());
        ASSERT_NE(page, nullptr);
        page->kMinSpin()->setValue(2);
        page->kMaxSpin()->setValue(5);
        Job* scan = page->startScan();
        ASSERT_NE(scan, nullptr);
        ASSERT_TRUE(test::waitFor([scan] { return !scan->isRunning(); }, 10'000));
        page->kSpin()->setValue(3);
        Job* run = page->startRun();
        ASSERT_NE(run, nullptr);
        ASSERT_TRUE(test::waitFor([run] { return !run->isRunning(); }, 10'000));
        ASSERT_TRUE(test::waitFor([page] { return page->silhouettePlot()->hasData(); }, 10'000));
        ASSERT_TRUE(
            test::waitFor([page] { return page->structurePanel()->heatmap()->hasData(); }, 10'000));
        EXPECT_TRUE(saveViewForPresentation(page->elbowChart(), QStringLiteral("Elbow")));
        EXPECT_TRUE(saveViewForPresentation(page->sizesView(), QStringLiteral("Sizes")));
        EXPECT_TRUE(saveViewForPresentation(page->silhouettePlot(), QStringLiteral("Silhouette")));
        EXPECT_TRUE(
            saveViewForPresentation(page->structurePanel()->heatmap(), QStringLiteral("Profile")));
    }

    QTemporaryDir m_dir;
    QString m_path;
};

TEST_F(PresentationTest, F5TogglesFontPaletteLinesAndMaskingAndEscLeaves) {
    auto window = openWindow(m_path);
    const double normalSize = QApplication::font().pointSizeF();
    ASSERT_GT(normalSize, 0);
    QTest::keyClick(window.get(), Qt::Key_F5);
    ASSERT_TRUE(window->presentationMode()->isActive());
    EXPECT_NEAR(QApplication::font().pointSizeF(), normalSize * PresentationMode::kFontScale, 0.01);
    EXPECT_EQ(clusterPaletteKind(), ClusterPaletteKind::ColourBlindSafe);
    EXPECT_EQ(clusterColor(0, 3), QColor(0xe6, 0x9f, 0x00)); // Okabe-Ito orange
    EXPECT_DOUBLE_EQ(styledWidth(2.0), 2.0 * PresentationMode::kLineScale);
    EXPECT_TRUE(PresentationSettings::instance().maskPersonalData());
    EXPECT_TRUE(window->presentationMode()->toggleAction()->isChecked());

    QTest::keyClick(window.get(), Qt::Key_Escape);
    EXPECT_FALSE(window->presentationMode()->isActive());
    EXPECT_DOUBLE_EQ(QApplication::font().pointSizeF(), normalSize);
    EXPECT_EQ(clusterPaletteKind(), ClusterPaletteKind::Standard);
    EXPECT_EQ(clusterColor(0, 3), QColor(0x4e, 0x79, 0xa7)); // Tableau blue again
    EXPECT_DOUBLE_EQ(styledWidth(2.0), 2.0);
    EXPECT_FALSE(PresentationSettings::instance().maskPersonalData());
    // Masking alone stays on outside presentation mode.
    window->presentationMode()->setMaskPersonalData(true);
    EXPECT_TRUE(PresentationSettings::instance().maskPersonalData());
    window->presentationMode()->setMaskPersonalData(false);
}

TEST_F(PresentationTest, ColourBlindPaletteKeepsFiftyClustersApart) {
    setClusterPaletteKind(ClusterPaletteKind::ColourBlindSafe);
    const std::vector<QRgb> okabeIto = {0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442,
                                        0x0072b2, 0xd55e00, 0xcc79a7, 0x000000};
    for (int n = 1; n <= 50; ++n) {
        std::vector<QColor> colours;
        for (int i = 0; i < n; ++i)
            colours.push_back(clusterColor(i, n));
        for (int i = 0; i < n && n <= 8; ++i)
            EXPECT_EQ(colours[static_cast<std::size_t>(i)].rgb() & 0xffffff,
                      okabeIto[static_cast<std::size_t>(i)]);
        double closest = 1e9;
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) {
                const QColor& a = colours[static_cast<std::size_t>(i)];
                const QColor& b = colours[static_cast<std::size_t>(j)];
                closest = std::min(closest, std::hypot(a.red() - b.red(), a.green() - b.green(),
                                                       a.blue() - b.blue()));
            }
        EXPECT_GE(closest, 20.0) << n << " clusters";
    }
    EXPECT_EQ(clusterColor(3, 12), QColor(0x19, 0x65, 0xb0)); // Tol's 12-colour cut, 4th
    EXPECT_EQ(clusterColor(-1, 5), QColor(0x9e, 0x9e, 0x9e)); // noise stays grey
    setClusterPaletteKind(ClusterPaletteKind::Standard);
}

TEST_F(PresentationTest, PersonalDataIsMaskedInTheGridAndTheProfile) {
    auto workspace = core::Workspace::open(m_path.toStdString());
    ASSERT_TRUE(workspace.ok());
    std::shared_ptr<const core::Workspace> shared(std::move(workspace.value()));
    TableModel model;
    ASSERT_TRUE(model.setTable(shared, "raw_people").ok());
    EXPECT_EQ(model.personalDataKind(0), core::PersonalDataKind::PersonName);
    EXPECT_EQ(model.personalDataKind(1), core::PersonalDataKind::Email);
    EXPECT_EQ(model.personalDataKind(2), core::PersonalDataKind::Phone);
    EXPECT_EQ(model.personalDataKind(3), core::PersonalDataKind::None);
    EXPECT_TRUE(model.headerData(1, Qt::Horizontal, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Personal data (email)")));
    const auto text = [&model](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role).toString();
    };
    EXPECT_EQ(text(0, 1), QStringLiteral("p00@example.com"));
    QSignalSpy changed(&model, &TableModel::dataChanged);
    PresentationSettings::instance().setMaskPersonalData(true);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(text(0, 0), QStringLiteral("J. D."));
    EXPECT_EQ(text(45, 0), QStringLiteral("É. Z."));
    EXPECT_EQ(text(0, 1), QStringLiteral("p***@e***.com"));
    EXPECT_EQ(text(0, 1, Qt::ToolTipRole), QStringLiteral("p***@e***.com"));
    EXPECT_EQ(text(0, 2), QStringLiteral("+49 ** **** **10"));
    EXPECT_EQ(text(0, 5), QStringLiteral("ask p***@m***.org"));      // inside free text
    EXPECT_EQ(text(0, 3), model.data(model.index(0, 3)).toString()); // numbers untouched
    core::ColumnProfile profile;
    profile.column = "Email";
    profile.topValues = {{"ann@example.com", 3}, {"bo@test.org", 1}};
    const core::ColumnProfile masked = maskedColumnProfile(profile);
    EXPECT_EQ(masked.topValues[0].first, "a***@e***.com");
    EXPECT_EQ(masked.topValues[1].second, 1);
    PresentationSettings::instance().setMaskPersonalData(false);
    EXPECT_EQ(text(0, 0), QStringLiteral("John Doe"));
}

TEST_F(PresentationTest, ArrowKeysStepThroughSavedViewsInPresentationMode) {
    auto window = openWindow(m_path);
    saveClusterViews(*window);
    SavedViewsDock* dock = window->savedViewsDock();
    ASSERT_EQ(dock->count(), 4);
    // Outside presentation mode the arrows belong to the focused widget.
    EXPECT_FALSE(window->presentationMode()->nextAction()->isEnabled());

    window->presentationMode()->setActive(true);
    PresentationStage* stage = window->presentationStage();
    EXPECT_EQ(window->currentPage(), stage);
    // Presentation starts at the first view; the last press stays on the last view.
    QStringList shown{stage->shownName()};
    for (int i = 0; i < 4; ++i) {
        QTest::keyClick(window.get(), Qt::Key_Right);
        shown << stage->shownName();
    }
    QTest::keyClick(window.get(), Qt::Key_Left);
    shown << stage->shownName();
    EXPECT_EQ(shown,
              (QStringList{"Elbow", "Sizes", "Silhouette", "Profile", "Profile", "Silhouette"}));
    EXPECT_NE(qobject_cast<SilhouettePlot*>(stage->chart()), nullptr);
    // On a page the arrows belong to its grids and lists; "next" (also Page Down, what
    // presenter remotes send) from there brings the current view back.
    ASSERT_TRUE(window->selectPage(QStringLiteral("data")));
    window->presentationMode()->nextAction()->trigger();
    EXPECT_EQ(window->currentPage(), stage);
    EXPECT_EQ(stage->shownName(), QStringLiteral("Silhouette"));
    window->presentationMode()->setActive(false);
}

TEST_F(PresentationTest, SavedViewsAreDrawnAgainAfterReopeningTheWorkspace) {
    QJsonObject elbow, sizes, profile, silhouette;
    std::int64_t silhouettePoints = 0;
    double silhouetteAverage = 0.0;
    {
        auto window = openWindow(m_path);
        saveClusterViews(*window);
        auto* page = qobject_cast<ClusterPage*>(window->currentPage());
        elbow = page->elbowChart()->viewSettings();
        sizes = page->sizesView()->viewSettings();
        profile = page->structurePanel()->heatmap()->viewSettings();
        silhouettePoints = page->silhouettePlot()->pointCount();
        silhouetteAverage = page->silhouettePlot()->average();
        window->closeWorkspace();
    }
    auto window = openWindow(m_path);
    SavedViewsDock* dock = window->savedViewsDock();
    ASSERT_EQ(dock->count(), 4);
    PresentationStage* stage = window->presentationStage();
    ASSERT_TRUE(dock->activate(0));
    auto* chart = dynamic_cast<PresentableView*>(stage->chart());
    ASSERT_NE(chart, nullptr);
    EXPECT_EQ(chart->viewSettings(), elbow);
    ASSERT_TRUE(dock->activate(1));
    EXPECT_EQ(dynamic_cast<PresentableView*>(stage->chart())->viewSettings(), sizes);
    ASSERT_TRUE(dock->activate(2));
    auto* plot = qobject_cast<SilhouettePlot*>(stage->chart());
    ASSERT_NE(plot, nullptr);
    EXPECT_EQ(plot->pointCount(), silhouettePoints);
    EXPECT_DOUBLE_EQ(plot->average(), silhouetteAverage);
    ASSERT_TRUE(dock->activate(3));
    EXPECT_EQ(dynamic_cast<PresentableView*>(stage->chart())->viewSettings(), profile);

    // Reordering and renaming are stored too.
    ASSERT_TRUE(dock->moveView(3, -3));
    ASSERT_TRUE(dock->renameView(0, QStringLiteral("Profiles first")));
    window->closeWorkspace();
    auto reopened = core::Workspace::open(m_path.toStdString());
    ASSERT_TRUE(reopened.ok());
    const auto views = core::savedViews(*reopened.value());
    ASSERT_EQ(views.size(), 4u);
    EXPECT_EQ(views[0].name, "Profiles first");
    EXPECT_EQ(views[0].kind, "profile");

    // Keep a workspace with views for screenshots when asked to.
    if (const QByteArray keep = qgetenv("MICROSEG_KEEP_PRESENTATION_WORKSPACE"); !keep.isEmpty()) {
        QFile::remove(QString::fromLocal8Bit(keep));
        QFile::copy(m_path, QString::fromLocal8Bit(keep));
    }
}

TEST(SavedViewFactory, RefusesUnknownKindsAndForeignSettings) {
    EXPECT_EQ(createSavedView(QStringLiteral("no-such-chart"), {}), nullptr);
    EXPECT_EQ(createSavedView(QStringLiteral("sizes"), QJsonObject{{"points", 3}}), nullptr);
    EXPECT_EQ(createSavedView(QStringLiteral("profile"),
                              QJsonObject{{"columns", QJsonArray{"a"}},
                                          {"sizes", QJsonArray{1}},
                                          {"means", QJsonArray{QJsonArray{1, 2}}}}),
              nullptr); // two means for one column
    std::unique_ptr<QWidget> sizes(createSavedView(
        QStringLiteral("sizes"), QJsonObject{{"sizes", QJsonArray{5, 3}}, {"minimum", 4}}));
    ASSERT_NE(sizes, nullptr);
    EXPECT_EQ(static_cast<ClusterSizesView*>(sizes.get())->sizes(),
              (std::vector<std::int64_t>{5, 3}));
}

TEST(SavedViewFactory, SilhouetteOfManyPointsIsStoredCompactly) {
    SilhouettePlot plot;
    std::vector<double> values;
    std::vector<std::int32_t> labels;
    for (int i = 0; i < 20'000; ++i) {
        values.push_back(std::sin(i * 0.37) * 0.5 + 0.2);
        labels.push_back(i % 7 == 0 ? 1 : 0);
    }
    plot.setData(values, labels, 0.2, QStringLiteral("sample"));
    const QJsonObject settings = plot.viewSettings();
    EXPECT_LT(QJsonDocument(settings).toJson(QJsonDocument::Compact).size(), 20'000);
    SilhouettePlot again;
    ASSERT_TRUE(again.applyViewSettings(settings));
    EXPECT_EQ(again.pointCount(), plot.pointCount());
    plot.resize(400, 300);
    again.resize(400, 300);
    const auto rows = plot.pixelRows();
    const auto rowsAgain = again.pixelRows();
    ASSERT_EQ(rows.size(), rowsAgain.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].cluster, rowsAgain[i].cluster);
        EXPECT_NEAR(rows[i].mean, rowsAgain[i].mean, 0.02) << i;
    }
}

TEST(SavedViewFactory, ScatterKeepsItsCloudColoursAndMaskedCategories) {
    ScatterView view;
    std::vector<double> x, y;
    std::vector<std::int32_t> labels;
    for (int i = 0; i < 50'000; ++i) {
        x.push_back(std::cos(i * 0.01) * (1 + i % 3));
        y.push_back(std::sin(i * 0.01) * (1 + i % 3));
        labels.push_back(i % 3 == 2 ? -1 : i % 3);
    }
    view.setPoints(x, y);
    view.setTitles(QStringLiteral("PCA of spend"), QStringLiteral("PC1"), QStringLiteral("PC2"));
    view.setCategories(labels, {QStringLiteral("Loyal"), QStringLiteral("New")},
                       QStringLiteral("k-means k=2"));
    view.setHiddenCategories({1});
    std::unique_ptr<QWidget> again(createSavedView(QStringLiteral("scatter"), view.viewSettings()));
    auto* scatter = qobject_cast<ScatterView*>(again.get());
    ASSERT_NE(scatter, nullptr);
    EXPECT_EQ(scatter->pointCount(), ScatterView::kSavedViewPoints); // an even subsample
    EXPECT_EQ(scatter->hiddenCategories(), QSet<int>{1});
    ASSERT_EQ(scatter->legend().entries.size(), 3u); // Loyal, New, Noise
    EXPECT_EQ(scatter->legend().entries[0].name, QStringLiteral("Loyal"));
    EXPECT_EQ(scatter->legend().title, QStringLiteral("k-means k=2"));
    EXPECT_EQ(scatter->viewTitle(), QStringLiteral("PCA of spend"));
    // Presentation colours: two clusters take Okabe-Ito's first two.
    setClusterPaletteKind(ClusterPaletteKind::ColourBlindSafe);
    PresentationSettings::instance().setChartScales(2.0, 2.0);
    EXPECT_EQ(QColor(scatter->pointColour(0)).rgb() & 0xffffff, 0xe69f00u);
    setClusterPaletteKind(ClusterPaletteKind::Standard);
    PresentationSettings::instance().setChartScales(1.0, 1.0);
}

TEST(PersonalDataDisplay, TablesAndTooltipsAreMaskedAndRestored) {
    QTableWidget table(2, 3);
    table.setHorizontalHeaderLabels({"Row", "Kontakt", "Spend"});
    table.setItem(0, 1, new QTableWidgetItem("ann@example.com"));
    table.setItem(1, 1, new QTableWidgetItem("bo@test.org"));
    table.setItem(0, 2, new QTableWidgetItem("12.5"));
    PresentationSettings::instance().setMaskPersonalData(true);
    applyPersonalDataMasking(&table, 1);
    EXPECT_EQ(table.item(0, 1)->text(), QStringLiteral("a***@e***.com")); // found by content
    EXPECT_EQ(table.item(0, 2)->text(), QStringLiteral("12.5"));
    EXPECT_EQ(displayedValue("Telefon", QStringLiteral("+49 30 1234 5678")),
              QStringLiteral("+49 ** **** **78"));
    EXPECT_EQ(displayedValue("", QStringLiteral("cy@mail.de")), QStringLiteral("c***@m***.de"));
    PresentationSettings::instance().setMaskPersonalData(false);
    applyPersonalDataMasking(&table, 1);
    EXPECT_EQ(table.item(0, 1)->text(), QStringLiteral("ann@example.com"));
    EXPECT_EQ(displayedValue("Telefon", QStringLiteral("+49 30")), QStringLiteral("+49 30"));
}

TEST(SavedViewFactory, KDistanceCurveKeepsItsShapeKneeAndEps) {
    core::KDistanceResult result;
    for (int i = 0; i < 10'000; ++i)
        result.sortedDescending.push_back(5.0 / (1.0 + i * 0.01));
    result.kneeIndex = 420;
    result.suggestedEps = result.sortedDescending[420];
    KDistanceView view;
    view.setData(result, 6);
    view.setEps(0.75);
    std::unique_ptr<QWidget> again(
        createSavedView(QStringLiteral("k-distance"), view.viewSettings()));
    auto* copy = qobject_cast<KDistanceView*>(again.get());
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ(copy->k(), 6);
    EXPECT_DOUBLE_EQ(copy->eps(), 0.75);
    EXPECT_EQ(copy->kneeIndex(), 420);
    EXPECT_DOUBLE_EQ(copy->suggestedEps(), result.suggestedEps);
    ASSERT_EQ(copy->sortedDistances().size(), result.sortedDescending.size());
    for (std::size_t i = 0; i < result.sortedDescending.size(); i += 97) // within one stored step
        EXPECT_NEAR(copy->sortedDistances()[i], result.sortedDescending[i], 0.03) << i;
}

TEST(PersonalDataDisplay, ImportPreviewIsMasked) {
    core::CsvPreview preview;
    preview.columnNames = {"email", "city"};
    preview.rows = {{"ann@example.com", "Porto"}, {"bo@test.org", "Faro"}};
    CsvPreviewModel model;
    model.setPreview(preview);
    PresentationSettings::instance().setMaskPersonalData(true);
    EXPECT_EQ(model.data(model.index(0, 0)).toString(), QStringLiteral("a***@e***.com"));
    EXPECT_EQ(model.data(model.index(0, 1)).toString(), QStringLiteral("Porto"));
    PresentationSettings::instance().setMaskPersonalData(false);
    EXPECT_EQ(model.data(model.index(0, 0)).toString(), QStringLiteral("ann@example.com"));
}

// The executable with --presentation: full screen (the picture is the screen's size) and the
// saved view drawn with the colour-blind-safe palette.
TEST_F(PresentationTest, ExecutableDrawsASavedViewFullScreen) {
    {
        auto workspace = core::Workspace::open(m_path.toStdString());
        ASSERT_TRUE(workspace.ok());
        core::SavedView view;
        view.name = "Two segments";
        view.kind = "sizes";
        view.settingsJson = R"({"sizes":[120,80],"minimum":50})";
        ASSERT_TRUE(core::addSavedView(*workspace.value(), view).ok());
    }
    const QString out = m_dir.filePath(QStringLiteral("present.png"));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    const QString runtime = m_dir.filePath(QStringLiteral("runtime"));
    QDir().mkpath(runtime);
    QFile::setPermissions(runtime,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(MICROSEG_GUI_PATH),
                  {QStringLiteral("--workspace"), m_path, QStringLiteral("--presentation"),
                   QStringLiteral("--page"), QStringLiteral("views"),
                   QStringLiteral("--screenshot"), out});
    ASSERT_TRUE(process.waitForFinished(30000));
    EXPECT_EQ(process.exitCode(), 0) << process.readAllStandardError().toStdString();
    const QImage image(out);
    ASSERT_FALSE(image.isNull());
    // Full screen: the (offscreen) screen's size, or the window's minimum where that is larger.
    const QSize screen = QGuiApplication::primaryScreen()->size();
    const QSize minimum = MainWindow().minimumSize();
    EXPECT_EQ(image.size(), screen.expandedTo(minimum));
    EXPECT_NE(image.size(), QSize(1280, 800)); // not the fixed screenshot size
    bool orange = false, skyBlue = false;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = image.pixel(x, y) & 0xffffff;
            orange = orange || pixel == 0xe69f00;
            skyBlue = skyBlue || pixel == 0x56b4e9;
        }
    EXPECT_TRUE(orange && skyBlue); // Okabe-Ito bars of the two clusters
}

TEST(SavedViewFactory, DendrogramKeepsItsTreeAndCut) {
    // Four points: 0+1 at 1, 2+3 at 2, then both at 5.
    auto tree = std::make_shared<core::LinkageTree>();
    tree->observations = 4;
    tree->merges = {{0, 1, 1.0, 2}, {2, 3, 2.0, 2}, {4, 5, 5.0, 4}};
    DendrogramView view;
    view.setTree(tree);
    view.setCutHeight(3.0);
    ASSERT_TRUE(view.hasViewContent());
    std::unique_ptr<QWidget> again(
        createSavedView(QStringLiteral("dendrogram"), view.viewSettings()));
    auto* copy = qobject_cast<DendrogramView*>(again.get());
    ASSERT_NE(copy, nullptr);
    EXPECT_EQ(copy->clustersAtCut(), 2);
    EXPECT_DOUBLE_EQ(copy->cutHeight(), 3.0);
    ASSERT_EQ(copy->tree()->merges.size(), 3u);
    EXPECT_EQ(copy->tree()->merges[2].b, 5);
    QJsonObject broken = view.viewSettings();
    broken["a"] = QJsonArray{0, 7, 4}; // cluster 7 does not exist yet at merge 1
    EXPECT_EQ(createSavedView(QStringLiteral("dendrogram"), broken), nullptr);
}

TEST(PresentationLaunchOption, ParsesPresentation) {
    EXPECT_TRUE(parseLaunchOptions({"microseg", "--presentation"}).presentation);
    EXPECT_FALSE(parseLaunchOptions({"microseg"}).presentation);
}

} // namespace
} // namespace microseg::ui

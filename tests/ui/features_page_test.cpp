// The Features page on a small transaction table: customers built into a new table, THE RFM VIEW
// (grid totals equal the customer count, editing a rule re-labels), a feature set saved by name
// and listed, tier definitions written as text, and cancelled work that leaves the workspace
// unchanged.

#include "customers_panel.h"
#include "feature_set_panel.h"
#include "features_page.h"
#include "job.h"
#include "microseg/engagement_tier.h"
#include "microseg/feature_set.h"
#include "microseg/table_reader.h"
#include "microseg/workspace.h"
#include "rfm_grid.h"
#include "rfm_panel.h"
#include "tier_dialog.h"
#include "transaction_form.h"
#include "ui_test_util.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <gtest/gtest.h>
#include <algorithm>
#include <sstream>

namespace microseg::ui {
namespace {

constexpr int kCustomers = 40;

/// Online Retail's layout: customer c buys on (c % 9) + 1 invoices spread over 2021, lines of
/// varied quantity and price, and customer 7 returns one line (a "C" invoice).
std::string transactionsCsv() {
    std::ostringstream out;
    out << "InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n";
    int invoice = 1000;
    for (int c = 0; c < kCustomers; ++c) {
        for (int o = 0; o <= c % 9; ++o) {
            const int day = 1 + (c * 7 + o * 23) % 28;
            const int month = 1 + (c + o * 5) % 12;
            out << ++invoice << ",P" << (c + o) % 5 << "," << 1 + (c + o) % 4 << ",2021-"
                << (month < 10 ? "0" : "") << month << "-" << (day < 10 ? "0" : "") << day
                << " 10:00:00," << 1.5 + (c % 6) << "," << 12000 + c << ","
                << (c % 3 == 0 ? "France" : "United Kingdom") << "\n";
        }
    }
    out << "C9999,P1,-1,2021-12-01 09:00:00,2.5,12007,United Kingdom\n";
    return out.str();
}

class FeaturesPageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(m_dir.isValid());
        m_path = test::createWorkspace(m_dir, QStringLiteral("retail"),
                                       {{QStringLiteral("retail.csv"), transactionsCsv()}});
        ASSERT_FALSE(m_path.isEmpty());
        m_workspace = test::openSharedWorkspace(m_path);
        ASSERT_NE(m_workspace, nullptr);
        m_page = test::shownPage<FeaturesPage>(m_workspace, QSize(1140, 740));
    }

    static bool finished(Job* job) {
        return job && test::waitFor([job] { return !job->isRunning(); }, 10'000);
    }

    /// Tables, feature sets, tier definitions and the audit log's length.
    std::string snapshot() const {
        std::string out;
        for (const auto& table : m_workspace->tableNames())
            out += table + ";";
        const auto sets = core::featureSets(*m_workspace);
        const auto definitions = core::tierDefinitions(*m_workspace);
        EXPECT_TRUE(sets.ok() && definitions.ok());
        for (const auto& set : sets.value())
            out += "set:" + set.name + ";";
        for (const auto& tiers : definitions.value())
            out += "tiers:" + tiers.definition.name + ";";
        return out + std::to_string(m_workspace->auditLog().size());
    }

    RfmPanel* computedRfm() {
        RfmPanel* rfm = m_page->rfmPanel();
        Job* job = rfm->startCompute();
        EXPECT_TRUE(finished(job));
        EXPECT_EQ(job->outcome(), Job::Outcome::Succeeded) << job->error().message;
        return rfm;
    }

    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<core::Workspace> m_workspace;
    std::unique_ptr<FeaturesPage> m_page;
};

TEST_F(FeaturesPageTest, FormGuessesTheOnlineRetailColumns) {
    const TransactionForm* form = m_page->customersPanel()->form();
    EXPECT_EQ(form->customerCombo()->currentText(), "CustomerID");
    EXPECT_EQ(form->amountExpression(), "Quantity*UnitPrice");
    EXPECT_TRUE(form->problem().isEmpty()) << form->problem().toStdString();
    EXPECT_EQ(m_page->tabs()->count(), 3);
}

TEST_F(FeaturesPageTest, RfmGridTotalsEqualTheCustomerCount) {
    RfmPanel* rfm = computedRfm();
    ASSERT_EQ(rfm->customers().size(), std::size_t(kCustomers));
    const RfmSummary& summary = rfm->summary();
    std::int64_t inGrid = 0;
    double revenue = 0.0, expectedRevenue = 0.0;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f) {
            inGrid += std::int64_t(rfm->grid()->cellValue(r, f));
            revenue += summary.revenue[std::size_t(r - 1)][std::size_t(f - 1)];
        }
    EXPECT_EQ(inGrid, kCustomers);
    for (const auto& c : rfm->customers())
        expectedRevenue += c.monetary;
    EXPECT_NEAR(revenue, expectedRevenue, 1e-9 * std::abs(expectedRevenue));
    // The segments table covers everybody once.
    std::int64_t inSegments = 0;
    for (int row = 0; row < rfm->segmentTable()->rowCount(); ++row)
        inSegments += rfm->segmentTable()->item(row, 1)->text().remove(',').toLongLong();
    EXPECT_EQ(inSegments, kCustomers);
    // Coloured by revenue, the grid's cells hold revenue.
    rfm->measureCombo()->setCurrentIndex(1);
    EXPECT_EQ(rfm->grid()->measure(), RfmGrid::Measure::Revenue);
    double shown = 0.0;
    for (int r = 1; r <= 5; ++r)
        for (int f = 1; f <= 5; ++f)
            shown += rfm->grid()->cellValue(r, f);
    EXPECT_NEAR(shown, expectedRevenue, 1e-9 * std::abs(expectedRevenue));
}

TEST_F(FeaturesPageTest, EditingARuleRelabelsTheCustomers) {
    RfmPanel* rfm = computedRfm();
    QTableWidget* rules = rfm->rulesTable();
    ASSERT_EQ(rules->item(0, 0)->text(), "Champions");
    const auto championsBefore = rfm->summary().segments.at(0).customers;
    ASSERT_LT(championsBefore, kCustomers);
    // Champions: every score from 1 -> every customer matches the first rule.
    for (int column : {1, 3, 5})
        rules->item(0, column)->setData(Qt::EditRole, 1);
    EXPECT_EQ(rfm->summary().segments.at(0).customers, kCustomers);
    EXPECT_EQ(rules->item(0, 0)->text(), rfm->segmentTable()->item(0, 0)->text());
    EXPECT_EQ(rfm->segmentTable()->item(0, 1)->text().toLongLong(), kCustomers);
    for (const auto& segment : rfm->segments())
        EXPECT_EQ(segment, "Champions");
    // Saved as a table, the segments are the edited ones.
    rfm->outputEdit()->setText(QStringLiteral("scored"));
    Job* save = rfm->startSave();
    ASSERT_TRUE(finished(save));
    ASSERT_EQ(save->outcome(), Job::Outcome::Succeeded) << save->error().message;
    auto reader = core::TableReader::open(*m_workspace, "scored");
    ASSERT_TRUE(reader.ok());
    const auto& names = reader.value().columnNames();
    const auto segmentColumn = std::size_t(
        std::find(names.begin(), names.end(), "segment") - names.begin());
    ASSERT_LT(segmentColumn, names.size());
    const auto rows = reader.value().fetch(0, kCustomers).value();
    ASSERT_EQ(rows.size(), std::size_t(kCustomers));
    for (const auto& row : rows)
        EXPECT_EQ(row.at(segmentColumn).value_or(""), "Champions");
    // A score outside 1..5 is clamped.
    rules->item(0, 2)->setData(Qt::EditRole, 9);
    EXPECT_EQ(rules->item(0, 2)->data(Qt::EditRole).toInt(), 5);
    // Renaming re-labels too, and the defaults come back.
    rules->item(0, 0)->setText(QStringLiteral("Everybody"));
    EXPECT_EQ(rfm->segments().front(), "Everybody");
    rfm->setRules(core::defaultRfmSegmentRules());
    EXPECT_EQ(rfm->summary().segments.at(0).customers, championsBefore);
}

TEST_F(FeaturesPageTest, CustomersThenAFeatureSetSavedInTheWorkspace) {
    CustomersPanel* customers = m_page->customersPanel();
    customers->form()->decayCheck()->setChecked(true);
    customers->outputEdit()->setText(QStringLiteral("buyers"));
    Job* build = customers->startBuild();
    ASSERT_TRUE(finished(build));
    ASSERT_EQ(build->outcome(), Job::Outcome::Succeeded) << build->error().message;
    ASSERT_TRUE(m_workspace->hasTable("buyers"));
    EXPECT_EQ(customers->previewTable()->rowCount(), kCustomers);
    EXPECT_EQ(customers->previewTable()->columnCount(), 8); // with weighted orders and spend

    // The composer switched to the new table, keyed by customer, numeric columns checked.
    FeatureSetPanel* composer = m_page->featureSetPanel();
    EXPECT_EQ(composer->tableCombo()->currentText(), "buyers");
    EXPECT_EQ(composer->keyCombo()->currentText(), "customer");
    const core::FeatureSpec spec = composer->spec();
    ASSERT_FALSE(spec.features.empty());
    EXPECT_EQ(spec.features.front().column, "orders");
    EXPECT_EQ(spec.features.front().scaling, core::FeatureScaling::ZScore);

    Job* preview = composer->startPreview();
    ASSERT_TRUE(finished(preview));
    ASSERT_EQ(preview->outcome(), Job::Outcome::Succeeded) << preview->error().message;
    EXPECT_EQ(composer->previewTable()->rowCount(), kPreviewRows);
    ASSERT_GT(composer->statsTable()->rowCount(), 0);
    EXPECT_NEAR(composer->statsTable()->item(0, 1)->text().toDouble(), 0.0, 1e-3); // z-scored
    EXPECT_NEAR(composer->statsTable()->item(0, 2)->text().toDouble(), 1.0, 1e-3);
    EXPECT_TRUE(core::featureSets(*m_workspace).value().empty()); // a preview stores nothing

    composer->nameEdit()->setText(QStringLiteral("buyer_features"));
    Job* save = composer->startSave();
    ASSERT_TRUE(finished(save));
    ASSERT_EQ(save->outcome(), Job::Outcome::Succeeded) << save->error().message;
    auto stored = core::featureSet(*m_workspace, "buyer_features");
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_EQ(stored.value().spec.source, "buyers");
    EXPECT_EQ(stored.value().spec.features.size(), spec.features.size());
    ASSERT_EQ(composer->savedList()->count(), 1);
    EXPECT_TRUE(composer->savedList()->item(0)->text().startsWith("buyer_features"));

    // Loading it back after changes shows the saved recipe again.
    composer->keyCombo()->setCurrentText(QStringLiteral("orders")); // rows reloaded, all default
    ASSERT_TRUE(composer->loadSpec(stored.value().spec, QStringLiteral("buyer_features")));
    EXPECT_EQ(composer->keyCombo()->currentText(), "customer");
    EXPECT_EQ(composer->spec(), spec);
}

TEST_F(FeaturesPageTest, ALoadedSpecKeepsEveryChoice) {
    FeatureSetPanel* composer = m_page->featureSetPanel();
    core::FeatureSpec spec;
    spec.source = composer->tableCombo()->currentText().toStdString();
    spec.keyColumn = "CustomerID";
    core::Feature quantity;
    quantity.column = "Quantity";
    quantity.transform = core::FeatureTransform::YeoJohnson;
    quantity.scaling = core::FeatureScaling::Robust;
    quantity.weight = 2.5;
    core::Feature country;
    country.column = "Country";
    country.kind = core::FeatureKind::Categorical;
    country.encoding = core::FeatureEncoding::Ordinal;
    country.order = {"United Kingdom", "France"};
    country.scaling = core::FeatureScaling::MinMax;
    spec.features = {quantity, country};
    ASSERT_TRUE(composer->loadSpec(spec));
    EXPECT_EQ(composer->spec(), spec);
}

TEST_F(FeaturesPageTest, CancelledWorkLeavesTheWorkspaceUnchanged) {
    RfmPanel* rfm = computedRfm();
    const std::string before = snapshot();
    core::CancelToken token;
    token.cancel();
    Job* customers = m_page->customersPanel()->startBuild(token);
    ASSERT_TRUE(finished(customers));
    EXPECT_EQ(customers->outcome(), Job::Outcome::Cancelled);
    Job* saveRfm = rfm->startSave(token);
    ASSERT_TRUE(finished(saveRfm));
    EXPECT_EQ(saveRfm->outcome(), Job::Outcome::Cancelled);
    FeatureSetPanel* composer = m_page->featureSetPanel();
    // Compose from the transactions (the key repeats, but a cancelled job never gets that far).
    Job* saveSet = composer->startSave(token);
    ASSERT_TRUE(finished(saveSet));
    EXPECT_EQ(saveSet->outcome(), Job::Outcome::Cancelled);
    EXPECT_EQ(snapshot(), before);
    EXPECT_FALSE(m_page->isBusy());
}

TEST_F(FeaturesPageTest, TierDefinitionsAsTextBecomeTierFeatures) {
    core::TierDefinition definition;
    ASSERT_TRUE(parseTierRules(QStringLiteral("Big: orders >= 5 and total_spend > 100\n\n"
                                              "Some: orders >= 2\nAll:"),
                               definition)
                    .ok());
    ASSERT_EQ(definition.rules.size(), 3u);
    EXPECT_EQ(definition.rules[0].conditions.size(), 2u);
    EXPECT_EQ(definition.rules[0].conditions[1].op, core::CompareOp::Greater);
    EXPECT_TRUE(definition.rules[2].conditions.empty());
    core::TierDefinition again;
    ASSERT_TRUE(parseTierRules(tierRulesText(definition), again).ok());
    EXPECT_EQ(again.rules, definition.rules);
    const auto bad = parseTierRules(QStringLiteral("Big: orders => 5"), again);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("Line 1"), std::string::npos);

    TierDialog dialog(*m_workspace);
    dialog.nameEdit()->setText(QStringLiteral("Value"));
    dialog.rulesEdit()->setPlainText(tierRulesText(definition));
    dialog.defaultEdit()->setText(QStringLiteral("None"));
    dialog.accept();
    ASSERT_TRUE(core::tierDefinition(*m_workspace, "Value").ok());
    // A second "Value" is refused (the dialog stays open); editing saves over it.
    TierDialog duplicate(*m_workspace);
    duplicate.nameEdit()->setText(QStringLiteral("Value"));
    duplicate.accept();
    EXPECT_EQ(duplicate.result(), QDialog::Rejected);
    const core::TierDefinition stored = core::tierDefinition(*m_workspace, "Value").value().definition;
    TierDialog edit(*m_workspace, nullptr, &stored);
    EXPECT_TRUE(edit.nameEdit()->isReadOnly());
    edit.rulesEdit()->setPlainText(QStringLiteral("Big: orders >= 7"));
    edit.accept();
    EXPECT_EQ(edit.result(), QDialog::Accepted);
    const auto edited = core::tierDefinition(*m_workspace, "Value");
    ASSERT_TRUE(edited.ok());
    ASSERT_EQ(edited.value().definition.rules.size(), 1u);
    EXPECT_EQ(edited.value().definition.rules[0].conditions[0].threshold, 7.0);
    EXPECT_EQ(edited.value().definition.defaultTier, "None");

    FeatureSetPanel* composer = m_page->featureSetPanel();
    composer->setWorkspace(m_workspace); // lists the new definition
    ASSERT_EQ(composer->tierCombo()->count(), 1);
    composer->addTierFeature(QStringLiteral("Value"));
    const core::FeatureSpec spec = composer->spec();
    ASSERT_FALSE(spec.features.empty());
    EXPECT_EQ(spec.features.back().tiers, "Value");
    EXPECT_EQ(spec.features.back().kind, core::FeatureKind::Categorical);
}

} // namespace
} // namespace microseg::ui

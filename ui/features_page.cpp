#include "features_page.h"

#include "customers_panel.h"
#include "feature_set_panel.h"
#include "microseg/workspace.h"
#include "rfm_grid.h"
#include "rfm_panel.h"
#include "text_format.h"
#include "transaction_form.h"

#include <QComboBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace microseg::ui {

FeaturesPage::FeaturesPage(QWidget* parent) : WorkflowPage(parent) {
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("featuresTabs"));
    m_customers = new CustomersPanel(m_tabs);
    m_rfm = new RfmPanel(m_tabs);
    m_featureSet = new FeatureSetPanel(m_tabs);
    m_tabs->addTab(m_customers, tr("Customers"));
    m_tabs->addTab(m_rfm, tr("RFM"));
    m_tabs->addTab(m_featureSet, tr("Feature set"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_tabs);

    connect(m_customers, &CustomersPanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_rfm, &RfmPanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_featureSet, &FeatureSetPanel::jobStarted, this, &WorkflowPage::jobStarted);
    connect(m_customers, &CustomersPanel::busyChanged, this, &FeaturesPage::announceBusy);
    connect(m_rfm, &RfmPanel::busyChanged, this, &FeaturesPage::announceBusy);
    connect(m_featureSet, &FeatureSetPanel::busyChanged, this, &FeaturesPage::announceBusy);
    connect(m_customers, &CustomersPanel::tableCreated, this, &FeaturesPage::tableCreated);
    connect(m_rfm, &RfmPanel::tableCreated, this, &FeaturesPage::tableCreated);
    setWorkspace(nullptr);
}

QIcon FeaturesPage::icon() const {
    return sidebarIcon(QStringLiteral("features"));
}

void FeaturesPage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    m_workspace = workspace;
    m_customers->setWorkspace(workspace);
    m_rfm->setWorkspace(workspace);
    m_featureSet->setWorkspace(workspace);
}

void FeaturesPage::tableCreated(const QString& table) {
    // The new table shows everywhere; the composer switches to it (the usual next step).
    m_customers->form()->refreshTables();
    m_rfm->form()->refreshTables();
    m_featureSet->refreshTables(table);
}

void FeaturesPage::selectDefaultContent(const QString& item) {
    if (!m_workspace)
        return;
    if (item.startsWith(QLatin1String("rfm"), Qt::CaseInsensitive)) {
        m_tabs->setCurrentWidget(m_rfm);
        if (item.compare(QLatin1String("rfm-revenue"), Qt::CaseInsensitive) == 0)
            m_rfm->measureCombo()->setCurrentIndex(1);
        if (m_rfm->customers().empty())
            m_rfm->startCompute();
    } else if (item.compare(QLatin1String("compose"), Qt::CaseInsensitive) == 0 ||
               item.compare(QLatin1String("features"), Qt::CaseInsensitive) == 0) {
        m_tabs->setCurrentWidget(m_featureSet);
        QComboBox* tables = m_featureSet->tableCombo();
        const int customers = tables->findText(QStringLiteral("customer"), Qt::MatchContains);
        if (customers >= 0)
            tables->setCurrentIndex(customers);
        m_featureSet->startPreview();
    } else {
        m_tabs->setCurrentWidget(m_customers);
    }
}

bool FeaturesPage::isBusy() const {
    return m_customers->isBusy() || m_rfm->isBusy() || m_featureSet->isBusy();
}

void FeaturesPage::announceBusy() {
    if (isBusy() != m_busy) {
        m_busy = isBusy();
        emit busyChanged(m_busy);
    }
}

} // namespace microseg::ui

#pragma once
// The Features page, between Data and Cluster: turns transactions into per-customer tables
// (Customers), scores and segments customers by RFM with THE RFM VIEW (RFM), and composes the
// feature set clustering uses (Feature set). Each tab is its own panel; all work runs in Jobs.

#include "workflow_page.h"

#include <memory>

class QTabWidget;

namespace microseg::ui {

class CustomersPanel;
class FeatureSetPanel;
class RfmPanel;

class FeaturesPage : public WorkflowPage {
    Q_OBJECT
  public:
    explicit FeaturesPage(QWidget* parent = nullptr);

    QString title() const override { return tr("Features"); }
    QIcon icon() const override;
    void setWorkspace(std::shared_ptr<core::Workspace> workspace) override;
    /// `item` "rfm" computes RFM of the first table (nothing is stored) and shows THE RFM VIEW,
    /// "rfm-revenue" the same coloured by revenue; "compose" (or "features") previews the
    /// feature set of the first table whose name contains "customer" (else the first table);
    /// anything else shows the Customers tab.
    void selectDefaultContent(const QString& item = {}) override;
    bool isBusy() const override;

    [[nodiscard]] QTabWidget* tabs() const noexcept { return m_tabs; }
    [[nodiscard]] CustomersPanel* customersPanel() const noexcept { return m_customers; }
    [[nodiscard]] RfmPanel* rfmPanel() const noexcept { return m_rfm; }
    [[nodiscard]] FeatureSetPanel* featureSetPanel() const noexcept { return m_featureSet; }

    /// A table was created (here or on another page): every table list picks it up and the
    /// composer switches to it (the usual next step).
    void tableCreated(const QString& table);

  private:
    void announceBusy();

    std::shared_ptr<core::Workspace> m_workspace;
    QTabWidget* m_tabs;
    CustomersPanel* m_customers;
    RfmPanel* m_rfm;
    FeatureSetPanel* m_featureSet;
    bool m_busy = false;
};

} // namespace microseg::ui

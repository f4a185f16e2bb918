#include "presentation_stage.h"

#include "saved_view_factory.h"
#include "saved_views_dock.h"
#include "text_format.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace microseg::ui {

PresentationStage::PresentationStage(SavedViewsDock* dock, QWidget* parent)
    : WorkflowPage(parent), m_dock(dock) {
    setObjectName(QStringLiteral("presentationStage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 12);
    auto* header = new QHBoxLayout;
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("stageTitle"));
    updateTitleFont();
    m_title->setWordWrap(true);
    m_counter = new QLabel(this);
    m_counter->setForegroundRole(QPalette::PlaceholderText);
    header->addWidget(m_title, 1);
    header->addWidget(m_counter, 0, Qt::AlignRight | Qt::AlignTop);
    layout->addLayout(header);
    m_message = new QLabel(this);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_message);
    m_chartLayout = new QVBoxLayout;
    layout->addLayout(m_chartLayout, 1);
    m_hint =
        new QLabel(tr("← → previous / next view   ·   F5 or Esc leaves presentation mode"), this);
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_hint);
    showEmpty();
}

void PresentationStage::updateTitleFont() {
    // The title is set apart by size, so it must follow the application font by hand.
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    m_title->setFont(titleFont);
}

void PresentationStage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange)
        updateTitleFont();
    WorkflowPage::changeEvent(event);
}

void PresentationStage::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    Q_UNUSED(workspace) // the dock reads the views; the stage only draws them
    showEmpty();
}

void PresentationStage::selectDefaultContent(const QString& item) {
    const auto& views = m_dock->views();
    for (std::size_t i = 0; i < views.size(); ++i) {
        if (!item.isEmpty() && (toQString(views[i].name).compare(item, Qt::CaseInsensitive) == 0 ||
                                item == QString::number(i + 1))) {
            m_dock->activate(static_cast<int>(i));
            return;
        }
    }
    // The view the list points at (drawn again), else the first; the list activates it.
    if (!m_dock->activate(std::max(m_dock->currentIndex(), 0)))
        showEmpty();
}

void PresentationStage::showEmpty() {
    delete m_chart;
    m_index = -1;
    m_title->setText(tr("No view shown"));
    m_counter->clear();
    m_message->setText(tr("Right-click a chart and choose \"Save View for Presentation…\" to add "
                          "it to the Saved views list; then step through the list here."));
    m_message->show();
}

void PresentationStage::showView(const core::SavedView& view, int index, int total) {
    delete m_chart;
    m_index = index;
    m_title->setText(toQString(view.name));
    m_counter->setText(QStringLiteral("%1 / %2").arg(index + 1).arg(total));
    const QJsonObject settings =
        QJsonDocument::fromJson(QByteArray::fromStdString(view.settingsJson)).object();
    m_chart = createSavedView(toQString(view.kind), settings, this);
    if (!m_chart) {
        m_message->setText(tr("This view (a %1 chart) cannot be drawn by this version of Microseg.")
                               .arg(toQString(view.kind)));
        m_message->show();
        return;
    }
    m_message->hide();
    m_chartLayout->addWidget(m_chart, 1);
    m_chart->show(); // now, not from the layout's queued call: a screenshot may come first
}

QString PresentationStage::shownName() const {
    return m_index >= 0 ? m_title->text() : QString();
}

} // namespace microseg::ui

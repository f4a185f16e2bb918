#include "saved_views_dock.h"

#include "microseg/workspace.h"
#include "presentable_view.h"
#include "text_format.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QListWidget>
#include <QMessageBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {

constexpr int kMessageMs = 5000;

QToolButton* toolButton(const QString& text, const QString& tip, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAutoRaise(true);
    return button;
}

} // namespace

SavedViewsDock::SavedViewsDock(QWidget* parent) : QDockWidget(tr("Saved views"), parent) {
    setObjectName(QStringLiteral("savedViewsDock"));
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    m_list = new QListWidget(body);
    m_list->setToolTip(
        tr("Charts saved with \"Save View for Presentation…\" (right-click a chart). "
           "Double-click to show one; in presentation mode (F5) the arrow keys step "
           "through them."));
    layout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    m_show = toolButton(tr("Show"), tr("Show the selected view"), body);
    m_rename = toolButton(tr("Rename…"), tr("Rename the selected view"), body);
    m_up = toolButton(tr("Up"), tr("Move the selected view earlier"), body);
    m_down = toolButton(tr("Down"), tr("Move the selected view later"), body);
    m_delete = toolButton(tr("Delete"), tr("Delete the selected view"), body);
    for (QToolButton* button : {m_show, m_rename, m_up, m_down, m_delete})
        buttons->addWidget(button);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    setWidget(body);

    connect(m_list, &QListWidget::currentRowChanged, this, &SavedViewsDock::updateButtons);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { activate(m_list->row(item)); });
    connect(m_show, &QToolButton::clicked, this, [this] { activate(currentIndex()); });
    connect(m_rename, &QToolButton::clicked, this, &SavedViewsDock::renameCurrent);
    connect(m_up, &QToolButton::clicked, this, [this] { moveView(currentIndex(), -1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveView(currentIndex(), +1); });
    connect(m_delete, &QToolButton::clicked, this, [this] {
        const int index = currentIndex();
        if (index < 0)
            return;
        const auto answer = QMessageBox::question(
            this, tr("Delete View"),
            tr("Delete the saved view \"%1\"?")
                .arg(toQString(m_views[static_cast<std::size_t>(index)].name)));
        if (answer == QMessageBox::Yes)
            deleteView(index);
    });
    connect(&SavedViewRequests::instance(), &SavedViewRequests::saveRequested, this,
            &SavedViewsDock::saveView);
    updateButtons();
}

void SavedViewsDock::setWorkspace(std::shared_ptr<core::Workspace> workspace) {
    m_workspace = std::move(workspace);
    m_list->clear();
    reload();
}

void SavedViewsDock::reload() {
    const int keep = currentIndex();
    m_views = m_workspace ? core::savedViews(*m_workspace) : std::vector<core::SavedView>{};
    m_list->clear();
    for (std::size_t i = 0; i < m_views.size(); ++i) {
        const core::SavedView& view = m_views[i];
        auto* item = new QListWidgetItem(
            QStringLiteral("%1. %2").arg(i + 1).arg(toQString(view.name)), m_list);
        item->setToolTip(
            tr("%1 chart, saved %2").arg(toQString(view.kind), toQString(view.createdAt)));
    }
    if (!m_views.empty())
        m_list->setCurrentRow(std::clamp(keep, 0, count() - 1));
    updateButtons();
    emit viewsChanged();
}

int SavedViewsDock::currentIndex() const {
    const int row = m_list->currentRow();
    return row >= 0 && row < count() ? row : -1;
}

bool SavedViewsDock::saveView(const QString& kind, const QString& name,
                              const QJsonObject& settings) {
    if (!m_workspace) {
        emit statusMessage(tr("Open a workspace to save views for presentation."), kMessageMs);
        return false;
    }
    core::SavedView view;
    view.name = toStdString(name);
    view.kind = toStdString(kind);
    view.settingsJson = QJsonDocument(settings).toJson(QJsonDocument::Compact).toStdString();
    auto id = core::addSavedView(*m_workspace, view);
    if (!report(id.ok() ? core::success() : core::Status(id.error()), tr("save the view")))
        return false;
    reload();
    m_list->setCurrentRow(count() - 1);
    show();
    emit statusMessage(tr("Saved view \"%1\" (%2 of %2).").arg(name).arg(count()), kMessageMs);
    return true;
}

bool SavedViewsDock::activate(int index) {
    if (index < 0 || index >= count())
        return false;
    m_list->setCurrentRow(index);
    emit viewActivated(m_views[static_cast<std::size_t>(index)], index, count());
    return true;
}

bool SavedViewsDock::step(int delta) {
    if (m_views.empty())
        return false;
    const int from = currentIndex();
    const int to = from < 0 ? 0 : std::clamp(from + delta, 0, count() - 1);
    return activate(to);
}

bool SavedViewsDock::renameView(int index, const QString& name) {
    if (index < 0 || index >= count() || !m_workspace)
        return false;
    if (!report(core::renameSavedView(*m_workspace, m_views[static_cast<std::size_t>(index)].id,
                                      toStdString(name.trimmed())),
                tr("rename the view")))
        return false;
    reload();
    return true;
}

bool SavedViewsDock::moveView(int index, int delta) {
    if (index < 0 || index >= count() || !m_workspace)
        return false;
    const int target = std::clamp(index + delta, 0, count() - 1);
    if (!report(
            core::moveSavedView(*m_workspace, m_views[static_cast<std::size_t>(index)].id, target),
            tr("move the view")))
        return false;
    reload();
    m_list->setCurrentRow(target);
    return true;
}

bool SavedViewsDock::deleteView(int index) {
    if (index < 0 || index >= count() || !m_workspace)
        return false;
    if (!report(core::deleteSavedView(*m_workspace, m_views[static_cast<std::size_t>(index)].id),
                tr("delete the view")))
        return false;
    reload();
    return true;
}

void SavedViewsDock::renameCurrent() {
    const int index = currentIndex();
    if (index < 0)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("Rename View"), tr("Name of the view:"), QLineEdit::Normal,
                              toQString(m_views[static_cast<std::size_t>(index)].name), &ok);
    if (ok && !name.trimmed().isEmpty())
        renameView(index, name);
}

bool SavedViewsDock::report(const core::Status& status, const QString& action) {
    if (status.ok())
        return true;
    emit statusMessage(tr("Could not %1: %2").arg(action, toQString(status.error().message)),
                       kMessageMs);
    return false;
}

void SavedViewsDock::updateButtons() {
    const int index = currentIndex();
    for (QToolButton* button : {m_show, m_rename, m_delete})
        button->setEnabled(index >= 0);
    m_up->setEnabled(index > 0);
    m_down->setEnabled(index >= 0 && index + 1 < count());
}

} // namespace microseg::ui

#pragma once
// A chart that can be saved for presentation: it describes what it shows as a kind and a JSON
// object of settings (its data and display options, small enough to store), and the same kind of
// chart draws itself again from those settings (saved_view_factory.h), also after the workspace
// is closed and reopened. Charts offer "Save View for Presentation…" in their context menu
// (chart_export.h); the request reaches the saved-views list through SavedViewRequests.

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace microseg::ui {

class PresentableView {
  public:
    virtual ~PresentableView() = default;
    /// The factory's key: "metric", "sizes", "silhouette", "profile", "k-distance", ...
    [[nodiscard]] virtual QString viewKind() const = 0;
    /// A name to propose when saving ("Elbow", "Silhouette of run 3").
    [[nodiscard]] virtual QString viewTitle() const = 0;
    /// False while the chart is empty (nothing to save).
    [[nodiscard]] virtual bool hasViewContent() const = 0;
    [[nodiscard]] virtual QJsonObject viewSettings() const = 0;
    /// Shows what `settings` describe; false when they are not this chart's.
    virtual bool applyViewSettings(const QJsonObject& settings) = 0;
};

/// Carries "save this view" from any chart to whoever keeps the list (the main window's
/// saved-views dock), without the chart knowing about workspaces.
class SavedViewRequests : public QObject {
    Q_OBJECT
  public:
    static SavedViewRequests& instance();
    void request(const QString& kind, const QString& name, const QJsonObject& settings) {
        emit saveRequested(kind, name, settings);
    }
  signals:
    void saveRequested(const QString& kind, const QString& name, const QJsonObject& settings);
};

} // namespace microseg::ui

#pragma once
// The File ▸ Open Recent list, kept in QSettings: most recent first, at most kMaxFiles, files that
// no longer exist dropped when the list is read.

#include <QString>
#include <QStringList>

namespace microseg::ui {

class RecentFiles {
  public:
    static constexpr int kMaxFiles = 10;

    explicit RecentFiles(QString settingsKey = QStringLiteral("recentWorkspaces"))
        : m_key(std::move(settingsKey)) {}

    /// The existing files, most recent first; missing ones are removed from the settings.
    [[nodiscard]] QStringList files() const;
    /// Moves `path` (made absolute) to the front.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

  private:
    void store(const QStringList& files) const;

    QString m_key;
};

} // namespace microseg::ui

#include "recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace microseg::ui {

QStringList RecentFiles::files() const {
    const QStringList stored = QSettings().value(m_key).toStringList();
    QStringList existing;
    for (const QString& path : stored) {
        if (QFileInfo::exists(path) && !existing.contains(path))
            existing << path;
    }
    if (existing.size() > kMaxFiles)
        existing = existing.mid(0, kMaxFiles);
    if (existing != stored)
        store(existing);
    return existing;
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxFiles)
        list.removeLast();
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = QSettings().value(m_key).toStringList();
    list.removeAll(QFileInfo(path).absoluteFilePath());
    store(list);
}

void RecentFiles::clear() {
    store({});
}

void RecentFiles::store(const QStringList& files) const {
    QSettings().setValue(m_key, files);
}

} // namespace microseg::ui

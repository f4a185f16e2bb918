#include "dataset_info_panel.h"

#include "text_format.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>

namespace microseg::ui {
namespace {

QString humanise(QString key) {
    // "ragged_short_row" -> "ragged short row"
    return key.replace('_', ' ');
}

QString delimiterText(const QJsonValue& value) {
    const QString text = value.toString();
    if (text == QLatin1String(",") || text == QLatin1String("comma"))
        return QObject::tr("comma");
    if (text == QLatin1String(";") || text == QLatin1String("semicolon"))
        return QObject::tr("semicolon");
    if (text == QLatin1String("\t") || text == QLatin1String("tab"))
        return QObject::tr("tab");
    if (text == QLatin1String("|") || text == QLatin1String("pipe"))
        return QObject::tr("pipe");
    return text.isEmpty() ? QString() : QObject::tr("\"%1\"").arg(text);
}

/// The diagnostics part may be an object {kind: count}, possibly nested under "counts", an
/// array of {kind, count} or of diagnostics, or a plain number.
QString diagnosticsText(const QJsonValue& value) {
    std::int64_t total = 0;
    QStringList parts;
    auto addCount = [&](const QString& kind, std::int64_t count) {
        if (count <= 0 || kind == QLatin1String("total"))
            return;
        total += count;
        parts << QStringLiteral("%1 %2").arg(formatCount(count), humanise(kind));
    };
    if (value.isDouble()) {
        total = value.toInteger();
    } else if (value.isObject()) {
        QJsonObject object = value.toObject();
        if (object.value(QStringLiteral("counts")).isObject())
            object = object.value(QStringLiteral("counts")).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.value().isDouble())
                addCount(it.key(), it.value().toInteger());
        }
        if (parts.isEmpty() && value.toObject().value(QStringLiteral("total")).isDouble())
            total = value.toObject().value(QStringLiteral("total")).toInteger();
    } else if (value.isArray()) {
        for (const QJsonValue& item : value.toArray()) {
            const QJsonObject object = item.toObject();
            const QString kind = object.value(QStringLiteral("kind")).toString();
            addCount(kind, object.contains(QStringLiteral("count"))
                               ? object.value(QStringLiteral("count")).toInteger()
                               : 1);
        }
    } else {
        return {};
    }
    if (total == 0)
        return QObject::tr("none");
    return parts.isEmpty() ? formatCount(total)
                           : QStringLiteral("%1: %2").arg(formatCount(total), parts.join(", "));
}

} // namespace

DatasetInfoPanel::DatasetInfoPanel(QWidget* parent)
    : QGroupBox(tr("Import"), parent), m_form(new QFormLayout(this)) {
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft);
    m_source = addRow(tr("Source"));
    m_sha = addRow(tr("SHA-256"));
    m_format = addRow(tr("Format"));
    m_size = addRow(tr("Size"));
    m_importedAt = addRow(tr("Imported"));
    m_diagnostics = addRow(tr("Diagnostics"));
    setDataset(std::nullopt);
}

QLabel* DatasetInfoPanel::addRow(const QString& label) {
    auto* value = new QLabel(this);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    return value;
}

DatasetInfoPanel::ImportSummary DatasetInfoPanel::summariseImportSettings(const std::string& json) {
    ImportSummary summary;
    const QJsonObject object = QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
    QStringList format;
    if (const QString encoding = object.value(QStringLiteral("encoding")).toString();
        !encoding.isEmpty())
        format << encoding;
    if (const QString delimiter = delimiterText(object.value(QStringLiteral("delimiter")));
        !delimiter.isEmpty())
        format << delimiter;
    for (const char* key : {"hasHeader", "header", "has_header"}) {
        const QJsonValue header = object.value(QLatin1String(key));
        if (header.isBool()) {
            format << (header.toBool() ? tr("header row") : tr("no header row"));
            break;
        }
    }
    if (const QString lineBreak = object.value(QStringLiteral("line_break")).toString();
        !lineBreak.isEmpty() && lineBreak != QLatin1String("none"))
        format << tr("%1 line breaks").arg(lineBreak);
    summary.format = format.join(", ");

    QStringList reasons;
    const QJsonObject chosen = object.value(QStringLiteral("chosen")).toObject();
    for (const char* key : {"encoding", "delimiter", "header"}) {
        const QString reason =
            object.value(QLatin1String(key) + QStringLiteral("_reason")).toString();
        const QString name = humanise(QLatin1String(key));
        if (chosen.contains(QLatin1String(key)))
            reasons << tr("%1: chosen in the import dialog").arg(name);
        else if (!reason.isEmpty())
            reasons << QStringLiteral("%1: %2").arg(name, reason);
    }
    summary.formatDetails = reasons.join('\n');

    summary.diagnostics = diagnosticsText(object.value(QStringLiteral("diagnostics")));
    QStringList first;
    for (const QJsonValue& item : object.value(QStringLiteral("first_diagnostics")).toArray()) {
        if (first.size() >= 10) {
            first << tr("…");
            break;
        }
        const QJsonObject entry = item.toObject();
        first << tr("line %1: %2: %3")
                     .arg(entry.value(QStringLiteral("line")).toInteger())
                     .arg(humanise(entry.value(QStringLiteral("kind")).toString()),
                          entry.value(QStringLiteral("message")).toString());
    }
    summary.diagnosticsDetails = first.join('\n');
    return summary;
}

void DatasetInfoPanel::setDataset(const std::optional<core::DatasetInfo>& dataset) {
    setVisible(dataset.has_value());
    if (!dataset)
        return;
    setTitle(tr("Import of %1").arg(toQString(dataset->name)));
    const QString source = toQString(dataset->sourceFile);
    m_source->setText(QFileInfo(source).fileName());
    m_source->setToolTip(source);
    const QString sha = toQString(dataset->sourceSha256);
    m_sha->setText(sha.size() > 16 ? sha.left(12) + QStringLiteral("…") : sha);
    m_sha->setToolTip(sha);
    const ImportSummary summary = summariseImportSettings(dataset->importSettings);
    m_format->setText(summary.format.isEmpty() ? tr("not recorded") : summary.format);
    m_format->setToolTip(summary.formatDetails);
    m_size->setText(tr("%1 rows × %2 columns")
                        .arg(formatCount(dataset->rowCount), formatCount(dataset->columnCount)));
    m_importedAt->setText(formatTimestamp(dataset->importedAt));
    m_diagnostics->setText(summary.diagnostics.isEmpty() ? tr("not recorded")
                                                         : summary.diagnostics);
    m_diagnostics->setToolTip(summary.diagnosticsDetails);
}

} // namespace microseg::ui

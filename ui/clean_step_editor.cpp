#include "clean_step_editor.h"

#include "text_format.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace microseg::ui {

namespace clean = core::clean;

namespace {

QString compactJson(const QJsonValue& value) {
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: written as the only element of an array, brackets cut off.
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

/// {"a": 1, "b": "x"}: spaces after the separators let a narrow field wrap between keys.
QString spacedObject(const QJsonObject& object) {
    QStringList parts;
    for (auto it = object.begin(); it != object.end(); ++it)
        parts << compactJson(QJsonValue(it.key())) + QStringLiteral(": ") + compactJson(it.value());
    return QStringLiteral("{") + parts.join(QStringLiteral(", ")) + QStringLiteral("}");
}

QString jsonText(const QJsonValue& value) {
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray()) {
        // One line per element: lists of objects (fields, blocking passes) stay readable in a
        // narrow column, where indented JSON would wrap every key.
        QStringList lines;
        for (const QJsonValue& element : value.toArray())
            lines << (element.isObject() ? spacedObject(element.toObject()) : compactJson(element));
        return QStringLiteral("[\n") + lines.join(QStringLiteral(",\n")) + QStringLiteral("\n]");
    }
    return {};
}

QString valueText(const QJsonValue& value) {
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return {};
}

} // namespace

CleanStepEditor::CleanStepEditor(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("stepTitle"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_description->setForegroundRole(QPalette::PlaceholderText);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("stepMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setStyleSheet(QStringLiteral("color: #b01c1c;"));
    m_message->hide();
    m_jsonDelay = new QTimer(this);
    m_jsonDelay->setSingleShot(true);
    m_jsonDelay->setInterval(700);
    connect(m_jsonDelay, &QTimer::timeout, this, &CleanStepEditor::commit);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addWidget(m_message);
    layout->addStretch(1);
    clear();
}

void CleanStepEditor::clear() {
    m_index = -1;
    m_step = {};
    m_info = nullptr;
    m_checkMessage.clear();
    m_engineMessage.clear();
    m_title->setText(tr("No step selected"));
    m_description->setText(tr("Add a step to the recipe, or select one to edit it."));
    delete m_form;
    m_form = nullptr;
    m_readers.clear();
    m_fields.clear();
    showMessage();
}

void CleanStepEditor::setStep(int index, const clean::RecipeStep& step, const QStringList& columns) {
    if (index == m_index && step == m_step && columns == m_columns && m_form)
        return;
    m_index = index;
    m_step = step;
    m_columns = columns;
    rebuild();
}

void CleanStepEditor::setEngineMessage(const QString& message) {
    m_engineMessage = message;
    showMessage();
}

QString CleanStepEditor::message() const {
    return m_checkMessage.isEmpty() ? m_engineMessage : m_checkMessage;
}

QWidget* CleanStepEditor::field(const QString& name) const {
    auto it = m_fields.find(name);
    return it == m_fields.end() ? nullptr : it->second;
}

void CleanStepEditor::rebuild() {
    m_jsonDelay->stop();
    delete m_form;
    m_readers.clear();
    m_fields.clear();
    m_info = clean::defaultStepRegistry().find(m_step.type);
    m_title->setText(tr("Step %1: %2")
                         .arg(m_index + 1)
                         .arg(m_info ? toQString(m_info->title) : toQString(m_step.type)));
    m_description->setText(m_info ? toQString(m_info->description)
                                  : tr("This Microseg does not know the step type \"%1\".")
                                        .arg(toQString(m_step.type)));
    m_form = new QWidget(this);
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 4, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    static_cast<QVBoxLayout*>(layout())->insertWidget(3, m_form);

    // Columns: one choice, or a ticked list (columns the step names but the table lacks stay
    // listed, marked missing, so that the reason for a skip is visible and fixable).
    QStringList available = m_columns;
    for (const auto& column : m_step.columns)
        if (!available.contains(toQString(column)))
            available << toQString(column);
    const auto missingLabel = [this](const QString& column) {
        return m_columns.contains(column) ? column : tr("%1 (missing)").arg(column);
    };
    const int maxColumns = m_info ? m_info->maxColumns : -1;
    const int minColumns = m_info ? m_info->minColumns : 0;
    if (maxColumns == 1) {
        auto* combo = new QComboBox(m_form);
        combo->setObjectName(QStringLiteral("columns"));
        for (const QString& column : available)
            combo->addItem(missingLabel(column), column);
        combo->setCurrentIndex(m_step.columns.empty() ? -1 : combo->findData(toQString(m_step.columns.front())));
        connect(combo, &QComboBox::activated, this, &CleanStepEditor::commit);
        form->addRow(tr("Column"), combo);
        m_fields[QStringLiteral("columns")] = combo;
        m_readers.push_back([combo](clean::RecipeStep& step, QString&) {
            step.columns.clear();
            if (combo->currentIndex() >= 0)
                step.columns.push_back(toStdString(combo->currentData().toString()));
            return true;
        });
    } else if (maxColumns != 0) {
        auto* list = new QListWidget(m_form);
        list->setObjectName(QStringLiteral("columns"));
        list->setMaximumHeight(130);
        for (const QString& column : available) {
            auto* item = new QListWidgetItem(missingLabel(column), list);
            item->setData(Qt::UserRole, column);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            const bool chosen = std::find(m_step.columns.begin(), m_step.columns.end(),
                                          toStdString(column)) != m_step.columns.end();
            item->setCheckState(chosen ? Qt::Checked : Qt::Unchecked);
        }
        connect(list, &QListWidget::itemChanged, this, &CleanStepEditor::commit);
        form->addRow(new QLabel(minColumns > 0 ? tr("Columns") : tr("Columns (optional)"), m_form));
        form->addRow(list);  // the whole width: column names are long
        m_fields[QStringLiteral("columns")] = list;
        m_readers.push_back([list, order = m_step.columns](clean::RecipeStep& step, QString&) {
            // Keep the analyst's order for columns already chosen; new ones follow in table order.
            std::vector<std::string> chosen;
            for (int i = 0; i < list->count(); ++i)
                if (list->item(i)->checkState() == Qt::Checked)
                    chosen.push_back(toStdString(list->item(i)->data(Qt::UserRole).toString()));
            step.columns.clear();
            for (const auto& column : order)
                if (std::find(chosen.begin(), chosen.end(), column) != chosen.end())
                    step.columns.push_back(column);
            for (const auto& column : chosen)
                if (std::find(step.columns.begin(), step.columns.end(), column) == step.columns.end())
                    step.columns.push_back(column);
            return true;
        });
    }

    const std::vector<clean::ParamInfo> params = m_info ? m_info->params : std::vector<clean::ParamInfo>{};
    for (const clean::ParamInfo& param : params) {
        const QString name = toQString(param.name);
        const QJsonValue value = m_step.params.value(name);
        const QString label = toQString(param.name).replace('_', ' ');
        QWidget* widget = nullptr;
        if (param.kind == "boolean") {
            auto* box = new QCheckBox(m_form);
            box->setChecked(value.isBool() ? value.toBool() : param.defaultValue == "true");
            connect(box, &QCheckBox::toggled, this, &CleanStepEditor::commit);
            m_readers.push_back([box, name, param](clean::RecipeStep& step, QString&) {
                if (box->isChecked() == (param.defaultValue == "true"))
                    step.params.remove(name);
                else
                    step.params[name] = box->isChecked();
                return true;
            });
            widget = box;
        } else if (param.kind == "choice") {
            auto* combo = new QComboBox(m_form);
            for (const auto& choice : param.choices)
                combo->addItem(toQString(choice));
            const QString current = value.isString() ? value.toString() : toQString(param.defaultValue);
            if (combo->findText(current) < 0 && !current.isEmpty())
                combo->addItem(current);  // an unknown choice stays visible; the check names it
            combo->setCurrentIndex(combo->findText(current));
            connect(combo, &QComboBox::activated, this, &CleanStepEditor::commit);
            m_readers.push_back([combo, name, param](clean::RecipeStep& step, QString&) {
                if (combo->currentText() == toQString(param.defaultValue) || combo->currentIndex() < 0)
                    step.params.remove(name);
                else
                    step.params[name] = combo->currentText();
                return true;
            });
            widget = combo;
        } else if (param.kind == "object" || param.kind == "array") {
            auto* text = new QPlainTextEdit(jsonText(value), m_form);
            text->setTabChangesFocus(true);
            text->setMaximumHeight(110);
            text->setPlaceholderText(param.kind == "object" ? QStringLiteral("{ }") : QStringLiteral("[ ]"));
            connect(text, &QPlainTextEdit::textChanged, m_jsonDelay, qOverload<>(&QTimer::start));
            m_readers.push_back([text, name, label, param](clean::RecipeStep& step, QString& error) {
                const QString content = text->toPlainText().trimmed();
                if (content.isEmpty()) {
                    step.params.remove(name);
                    return true;
                }
                QJsonParseError parseError;
                const QJsonDocument document = QJsonDocument::fromJson(content.toUtf8(), &parseError);
                if (parseError.error != QJsonParseError::NoError) {
                    error = QObject::tr("%1: not valid JSON at character %2 (%3).")
                                .arg(label).arg(parseError.offset).arg(parseError.errorString());
                    return false;
                }
                if (param.kind == "object" && document.isObject())
                    step.params[name] = document.object();
                else if (param.kind == "array" && document.isArray())
                    step.params[name] = document.array();
                else if (document.isObject())
                    step.params[name] = document.object();
                else
                    step.params[name] = document.array();
                return true;
            });
            widget = text;
        } else {
            auto* line = new QLineEdit(valueText(value), m_form);
            line->setPlaceholderText(param.defaultValue.empty() ? QString()
                                                                : tr("default: %1").arg(toQString(param.defaultValue)));
            connect(line, &QLineEdit::editingFinished, this, [this, line] {
                if (line->isModified()) {
                    line->setModified(false);
                    commit();
                }
            });
            const bool numeric = param.kind == "number" || param.kind == "integer";
            m_readers.push_back([line, name, numeric](clean::RecipeStep& step, QString&) {
                const QString content = line->text();
                if (content.isEmpty()) {
                    step.params.remove(name);
                    return true;
                }
                bool ok = false;
                const double number = QLocale::c().toDouble(content.trimmed(), &ok);
                // A number field with text in it stays text: the step's check then names the
                // parameter and says what it must be.
                step.params[name] = numeric && ok ? QJsonValue(number) : QJsonValue(content);
                return true;
            });
            widget = line;
        }
        widget->setObjectName(QStringLiteral("param_") + name);
        widget->setToolTip(toQString(param.description));
        auto* rowLabel = new QLabel(param.required ? label + QStringLiteral(" *") : label, m_form);
        rowLabel->setToolTip(toQString(param.description));
        if (qobject_cast<QPlainTextEdit*>(widget)) {
            form->addRow(rowLabel);  // JSON gets the whole width under its label
            form->addRow(widget);
        } else {
            form->addRow(rowLabel, widget);
        }
        m_fields[name] = widget;
    }
    auto* note = new QLineEdit(toQString(m_step.note), m_form);
    note->setObjectName(QStringLiteral("param_note"));
    note->setPlaceholderText(tr("why this step (optional)"));
    connect(note, &QLineEdit::editingFinished, this, [this, note] {
        if (note->isModified()) {
            note->setModified(false);
            commit();
        }
    });
    m_readers.push_back([note](clean::RecipeStep& step, QString&) {
        step.note = toStdString(note->text());
        return true;
    });
    form->addRow(tr("Note"), note);
    m_fields[QStringLiteral("note")] = note;

    auto check = clean::defaultStepRegistry().create(static_cast<std::size_t>(m_index), m_step);
    m_checkMessage = check ? QString() : toQString(check.error().message);
    showMessage();
}

void CleanStepEditor::commit() {
    if (m_index < 0)
        return;
    m_jsonDelay->stop();
    clean::RecipeStep edited = m_step;
    for (auto& read : m_readers) {
        QString error;
        if (!read(edited, error)) {
            m_checkMessage = error;
            showMessage();
            return;  // not valid JSON: nothing to hand over yet
        }
    }
    auto check = clean::defaultStepRegistry().create(static_cast<std::size_t>(m_index), edited);
    m_checkMessage = check ? QString() : toQString(check.error().message);
    showMessage();
    if (edited == m_step)
        return;
    m_step = edited;
    emit stepEdited(edited);
}

void CleanStepEditor::showMessage() {
    const QString text = message();
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

} // namespace microseg::ui

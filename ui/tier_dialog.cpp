#include "tier_dialog.h"

#include "microseg/workspace.h"
#include "text_format.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace microseg::ui {
namespace {

core::Error invalid(const QString& message) {
    return core::Error{core::ErrorCode::InvalidArgument, toStdString(message), {}, 0, 0, {}};
}

} // namespace

core::Status parseTierRules(const QString& text, core::TierDefinition& definition) {
    static const QRegularExpression condition(
        QStringLiteral(R"(^\s*([^<>=!]+?)\s*(<=|>=|==|!=|<|>)\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*$)"));
    static const QRegularExpression conjunction(QStringLiteral(R"(\s+and\s+)"),
                                                QRegularExpression::CaseInsensitiveOption);
    definition.rules.clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty())
            continue;
        const QString where = QObject::tr("Line %1").arg(i + 1);
        const int colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return invalid(where + QObject::tr(": write the tier, a colon, then the conditions "
                                               "(\"Engaged: open_rate >= 0.5\")."));
        core::TierRule rule;
        rule.tier = toStdString(line.left(colon).trimmed());
        const QString conditions = line.mid(colon + 1).trimmed();
        if (!conditions.isEmpty()) {
            for (const QString& part : conditions.split(conjunction)) {
                const auto match = condition.match(part);
                if (!match.hasMatch())
                    return invalid(where + QObject::tr(": \"%1\" is not \"column op number\" "
                                                       "(op one of <, <=, >, >=, ==, !=).")
                                               .arg(part.trimmed()));
                core::TierCondition c;
                c.column = toStdString(match.captured(1));
                const QString op = match.captured(2);
                c.op = op == QLatin1String("<")    ? core::CompareOp::Less
                       : op == QLatin1String("<=") ? core::CompareOp::LessEqual
                       : op == QLatin1String(">")  ? core::CompareOp::Greater
                       : op == QLatin1String(">=") ? core::CompareOp::GreaterEqual
                       : op == QLatin1String("==") ? core::CompareOp::Equal
                                                   : core::CompareOp::NotEqual;
                c.threshold = match.captured(3).toDouble();
                rule.conditions.push_back(std::move(c));
            }
        }
        definition.rules.push_back(std::move(rule));
    }
    if (definition.rules.empty())
        return invalid(QObject::tr("Write at least one rule."));
    return core::success();
}

QString tierRulesText(const core::TierDefinition& definition) {
    QStringList lines;
    for (const auto& rule : definition.rules) {
        QStringList conditions;
        for (const auto& c : rule.conditions)
            conditions << QStringLiteral("%1 %2 %3")
                              .arg(toQString(c.column), QLatin1String(core::compareOpName(c.op)))
                              .arg(c.threshold);
        lines << toQString(rule.tier) + QStringLiteral(": ") +
                     conditions.join(QStringLiteral(" and "));
    }
    return lines.join(QLatin1Char('\n'));
}

TierDialog::TierDialog(core::Workspace& workspace, QWidget* parent,
                       const core::TierDefinition* existing)
    : QDialog(parent), m_workspace(workspace), m_editing(existing != nullptr) {
    setWindowTitle(m_editing ? tr("Edit tier definition") : tr("New tier definition"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_name = new QLineEdit(tr("Engagement"), this);
    m_name->setObjectName(QStringLiteral("tierName"));
    m_rules = new QPlainTextEdit(this);
    m_rules->setObjectName(QStringLiteral("tierRules"));
    m_rules->setPlainText(QStringLiteral("Highly engaged: open_rate > 0.8 and click_rate > 0.5 "
                                         "and recency <= 30\nEngaged: open_rate >= 0.5"));
    m_rules->setMinimumSize(520, 120);
    m_default = new QLineEdit(tr("Low"), this);
    m_default->setObjectName(QStringLiteral("tierDefault"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Rules"), m_rules);
    form->addRow(tr("Otherwise"), m_default);
    layout->addLayout(form);
    auto* help = new QLabel(tr("One rule per line, first match wins: the tier, a colon, then "
                               "conditions on numeric columns joined by \"and\". A missing value "
                               "never satisfies a condition."),
                            this);
    help->setWordWrap(true);
    layout->addWidget(help);
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b2182b"));
    layout->addWidget(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &TierDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (existing) {
        m_name->setText(toQString(existing->name));
        m_name->setReadOnly(true); // the name is what feature sets refer to
        m_rules->setPlainText(tierRulesText(*existing));
        m_default->setText(toQString(existing->defaultTier));
    }
}

void TierDialog::accept() {
    core::TierDefinition definition;
    definition.name = toStdString(m_name->text().trimmed());
    definition.defaultTier = toStdString(m_default->text().trimmed());
    if (core::Status parsed = parseTierRules(m_rules->toPlainText(), definition); !parsed) {
        m_problem->setText(toQString(parsed.error().message));
        return;
    }
    // One small row written in one transaction: quick enough for the GUI thread.
    if (core::Status saved = core::saveTierDefinition(m_workspace, definition, m_editing);
        !saved) {
        m_problem->setText(toQString(saved.error().message));
        return;
    }
    m_saved = std::move(definition);
    QDialog::accept();
}

} // namespace microseg::ui

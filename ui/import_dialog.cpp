#include "import_dialog.h"

#include "csv_preview_model.h"
#include "text_format.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace microseg::ui {
namespace {

constexpr int kAuto = -1;
constexpr int kMaxNameLength = 64;

QString lineBreakText(core::LineBreak lineBreak) {
    switch (lineBreak) {
    case core::LineBreak::Lf:
        return QStringLiteral("LF");
    case core::LineBreak::CrLf:
        return QStringLiteral("CRLF");
    case core::LineBreak::Cr:
        return QStringLiteral("CR");
    case core::LineBreak::Mixed:
        return QObject::tr("mixed");
    case core::LineBreak::None:
        break;
    }
    return QObject::tr("none (one line)");
}

QString humanKind(core::CsvDiagnostic::Kind kind) {
    return QString::fromLatin1(core::diagnosticKindName(kind)).replace('_', ' ');
}

} // namespace

ImportDialog::ImportDialog(std::shared_ptr<const core::Workspace> workspace, QWidget* parent)
    : QDialog(parent), m_workspace(std::move(workspace)) {
    setWindowTitle(tr("Import CSV"));
    resize(960, 680);

    // File.
    m_path = new QLineEdit(this);
    m_path->setObjectName(QStringLiteral("pathEdit"));
    m_path->setPlaceholderText(tr("CSV, TSV or text file"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(new QLabel(tr("File:"), this));
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);

    // Settings the user may force; "Auto" leaves them to detection.
    auto* settings = new QGroupBox(tr("Settings"), this);
    auto* form = new QFormLayout(settings);
    m_encoding = new QComboBox(settings);
    m_encoding->setObjectName(QStringLiteral("encodingCombo"));
    m_encoding->addItem(tr("Auto (detect)"), kAuto);
    for (core::TextEncoding encoding : core::supportedEncodings())
        m_encoding->addItem(QString::fromLatin1(core::encodingName(encoding)),
                            static_cast<int>(encoding));
    m_delimiter = new QComboBox(settings);
    m_delimiter->setObjectName(QStringLiteral("delimiterCombo"));
    m_delimiter->addItem(tr("Auto (detect)"), kAuto);
    m_delimiter->addItem(tr("Comma  ,"), int(','));
    m_delimiter->addItem(tr("Semicolon  ;"), int(';'));
    m_delimiter->addItem(tr("Tab"), int('\t'));
    m_delimiter->addItem(tr("Pipe  |"), int('|'));
    m_header = new QComboBox(settings);
    m_header->setObjectName(QStringLiteral("headerCombo"));
    m_header->addItem(tr("Auto (detect)"), kAuto);
    m_header->addItem(tr("Yes: first row holds the names"), 1);
    m_header->addItem(tr("No: first row is data"), 0);
    m_name = new QLineEdit(settings);
    m_name->setObjectName(QStringLiteral("datasetNameEdit"));
    m_name->setMaxLength(kMaxNameLength);
    // The importer accepts ASCII letters, digits and underscores; refuse anything else as typed.
    m_name->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9_]*")), m_name));
    m_nameProblem = new QLabel(settings);
    m_nameProblem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_nameProblem->setWordWrap(true);
    m_nameProblem->hide();
    form->addRow(tr("Encoding:"), m_encoding);
    form->addRow(tr("Delimiter:"), m_delimiter);
    form->addRow(tr("Header row:"), m_header);
    form->addRow(tr("Dataset name:"), m_name);
    form->addRow(QString(), m_nameProblem);

    auto* detected = new QGroupBox(tr("Detected"), this);
    auto* detectedLayout = new QVBoxLayout(detected);
    m_detected = new QLabel(detected);
    m_detected->setObjectName(QStringLiteral("detectedLabel"));
    m_detected->setWordWrap(true);
    m_detected->setTextFormat(Qt::RichText);
    m_detected->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detected->setTextInteractionFlags(Qt::TextSelectableByMouse);
    detectedLayout->addWidget(m_detected);

    auto* top = new QHBoxLayout;
    top->addWidget(settings, 2);
    top->addWidget(detected, 3);

    // Preview and diagnostics share the rest, resizable.
    auto* previewBox = new QWidget(this);
    auto* previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    m_previewTitle = new QLabel(previewBox);
    m_previewModel = new CsvPreviewModel(this);
    m_previewView = new QTableView(previewBox);
    m_previewView->setObjectName(QStringLiteral("previewView"));
    m_previewView->setModel(m_previewModel);
    m_previewView->setWordWrap(false);
    m_previewView->setAlternatingRowColors(true);
    m_previewView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_previewView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_previewView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewError = new QLabel(previewBox);
    m_previewError->setObjectName(QStringLiteral("previewError"));
    m_previewError->setWordWrap(true);
    m_previewError->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_previewError->hide();
    previewLayout->addWidget(m_previewTitle);
    previewLayout->addWidget(m_previewError);
    previewLayout->addWidget(m_previewView, 1);

    auto* diagnosticsBox = new QWidget(this);
    auto* diagnosticsLayout = new QVBoxLayout(diagnosticsBox);
    diagnosticsLayout->setContentsMargins(0, 0, 0, 0);
    m_diagnosticsTitle = new QLabel(diagnosticsBox);
    m_diagnostics = new QTreeWidget(diagnosticsBox);
    m_diagnostics->setObjectName(QStringLiteral("diagnosticsList"));
    m_diagnostics->setRootIsDecorated(false);
    m_diagnostics->setHeaderLabels({tr("Line"), tr("Kind"), tr("Message")});
    m_diagnostics->setColumnWidth(0, 70);
    m_diagnostics->setColumnWidth(1, 150);
    diagnosticsLayout->addWidget(m_diagnosticsTitle);
    diagnosticsLayout->addWidget(m_diagnostics, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(previewBox);
    splitter->addWidget(diagnosticsBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_importButton = m_buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(fileRow);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_buttons);

    m_pathTimer = new QTimer(this);
    m_pathTimer->setSingleShot(true);
    m_pathTimer->setInterval(300); // typing a path: preview once the user pauses

    connect(browse, &QPushButton::clicked, this, &ImportDialog::browse);
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_pathTimer->start(); });
    connect(m_pathTimer, &QTimer::timeout, this, &ImportDialog::onPathEdited);
    for (QComboBox* combo : {m_encoding, m_delimiter, m_header})
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportDialog::updatePreview);
    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& text) {
        m_nameEdited = !text.trimmed().isEmpty();
        validate();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    updatePreview();
}

ImportDialog::~ImportDialog() = default;

void ImportDialog::setFilePath(const QString& path) {
    m_path->setText(QDir::toNativeSeparators(path));
    onPathEdited();
}

QString ImportDialog::filePath() const {
    return QDir::fromNativeSeparators(m_path->text().trimmed());
}

core::CsvOptions ImportDialog::options() const {
    core::CsvOptions options;
    if (const int encoding = m_encoding->currentData().toInt(); encoding != kAuto)
        options.encoding = static_cast<core::TextEncoding>(encoding);
    if (const int delimiter = m_delimiter->currentData().toInt(); delimiter != kAuto)
        options.delimiter = static_cast<char>(delimiter);
    if (const int header = m_header->currentData().toInt(); header != kAuto)
        options.hasHeader = header == 1;
    return options;
}

core::ImportRequest ImportDialog::request() const {
    core::ImportRequest request;
    request.filePath = toStdString(filePath());
    request.datasetName = toStdString(m_name->text().trimmed());
    request.options = options();
    return request;
}

void ImportDialog::accept() {
    // Enter pressed right after typing a path: settle the preview and checks for that path first.
    if (m_pathTimer->isActive())
        onPathEdited();
    if (!m_problem.isEmpty())
        return;
    QDialog::accept();
}

void ImportDialog::browse() {
    const QString start = filePath().isEmpty() ? QString() : QFileInfo(filePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import CSV"), start, tr("Delimited text (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        setFilePath(path);
}

void ImportDialog::onPathEdited() {
    m_pathTimer->stop();
    proposeName();
    updatePreview();
}

void ImportDialog::proposeName() {
    if (m_nameEdited || !m_workspace)
        return;
    const QString path = filePath();
    m_name->setText(path.isEmpty() ? QString()
                                   : toQString(m_workspace->uniqueDatasetName(
                                         core::datasetNameFromFile(toStdString(path)))));
}

void ImportDialog::updatePreview() {
    const QString path = filePath();
    m_previewOk = false;
    if (path.isEmpty()) {
        m_previewModel->clear();
        m_previewTitle->setText(tr("Preview"));
        m_previewError->hide();
        m_detected->setText(tr("Choose a file to see what will be imported."));
        showDiagnostics({}, true);
        validate();
        return;
    }
    auto preview = core::previewCsv(toStdString(path), options(), kPreviewRows);
    if (!preview.ok()) {
        m_previewModel->clear();
        m_previewError->setText(toQString(preview.error().toString()));
        m_previewError->show();
        m_previewTitle->setText(tr("Preview"));
        m_detected->setText(QString());
        showDiagnostics({}, true);
        validate();
        return;
    }
    m_previewOk = true;
    m_previewError->hide();
    core::CsvPreview& value = preview.value();
    showDetected(value.dialect);
    showDiagnostics(value.diagnostics, value.complete);
    m_previewTitle->setText(
        value.complete
            ? tr("Preview: all %1 rows, %2 columns")
                  .arg(formatCount(static_cast<std::int64_t>(value.rows.size())),
                       formatCount(static_cast<std::int64_t>(value.columnNames.size())))
            : tr("Preview: first %1 rows, %2 columns")
                  .arg(formatCount(static_cast<std::int64_t>(value.rows.size())),
                       formatCount(static_cast<std::int64_t>(value.columnNames.size()))));
    m_previewModel->setPreview(std::move(value));
    m_previewView->resizeColumnsToContents();
    QHeaderView* header = m_previewView->horizontalHeader();
    for (int section = 0; section < header->count(); ++section)
        header->resizeSection(section, std::min(header->sectionSize(section), 240));
    validate();
}

void ImportDialog::showDetected(const core::CsvDialect& dialect) {
    auto row = [](const QString& name, const QString& value, const std::string& reason) {
        QString html =
            QStringLiteral("<b>%1:</b> %2").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
        if (!reason.empty())
            html += QStringLiteral(" <span style='color:gray'>— %1</span>")
                        .arg(toQString(reason).toHtmlEscaped());
        return html;
    };
    QStringList lines;
    lines << row(tr("Encoding"), QString::fromLatin1(core::encodingName(dialect.encoding)),
                 dialect.encodingReason);
    lines << row(tr("Delimiter"), toQString(core::delimiterName(dialect.delimiter)),
                 dialect.delimiterReason);
    lines << row(tr("Header row"), dialect.hasHeader ? tr("yes") : tr("no"), dialect.headerReason);
    lines << row(tr("Line breaks"), lineBreakText(dialect.lineBreak), {});
    if (dialect.excelSepLine)
        lines << row(tr("Excel"), tr("a \"sep=\" first line was honoured and skipped"), {});
    m_detected->setText(lines.join(QStringLiteral("<br>")));
}

void ImportDialog::showDiagnostics(const core::CsvDiagnostics& diagnostics, bool complete) {
    m_diagnostics->clear();
    QStyle* style = this->style();
    for (const core::CsvDiagnostic& item : diagnostics.items) {
        auto* row = new QTreeWidgetItem(m_diagnostics);
        row->setText(0, item.line > 0 ? formatCount(item.line) : tr("file"));
        row->setText(1, humanKind(item.kind));
        row->setText(2, toQString(item.message));
        row->setToolTip(2, toQString(item.message));
        row->setIcon(0, style->standardIcon(item.severity == core::Severity::Error
                                                ? QStyle::SP_MessageBoxCritical
                                            : item.severity == core::Severity::Warning
                                                ? QStyle::SP_MessageBoxWarning
                                                : QStyle::SP_MessageBoxInformation));
    }
    const std::int64_t total = diagnostics.total();
    m_diagnostics->setVisible(!diagnostics.items.empty());
    const QString scope = complete ? tr("in the file") : tr("in the previewed rows");
    m_diagnosticsTitle->setText(total == 0
                                    ? tr("Diagnostics: none %1").arg(scope)
                                    : tr("Diagnostics: %1 %2").arg(formatCount(total), scope));
}

void ImportDialog::validate() {
    QString nameProblem;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty())
        nameProblem = tr("Enter a name for the dataset.");
    else if (!core::isValidDatasetName(toStdString(name)))
        nameProblem = tr("Use only letters (a-z), digits and underscores, e.g. sales_2024.");
    else if (m_workspace && (m_workspace->dataset(toStdString(name)) ||
                             m_workspace->hasTable("raw_" + toStdString(name))))
        nameProblem = tr("A dataset named \"%1\" already exists in this workspace.").arg(name);
    m_nameProblem->setText(nameProblem);
    m_nameProblem->setVisible(!nameProblem.isEmpty() && !filePath().isEmpty());

    if (filePath().isEmpty())
        m_problem = tr("Choose a file.");
    else if (!m_previewOk)
        m_problem = tr("The file cannot be read.");
    else
        m_problem = nameProblem;
    m_importButton->setEnabled(m_problem.isEmpty());
    m_importButton->setToolTip(m_problem);
}

} // namespace microseg::ui

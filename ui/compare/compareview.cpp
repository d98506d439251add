#include "compare/compareview.h"

#include "compare/comparechart.h"
#include "report/comparereport.h"
#include "analysis/comparison.h"
#include "storage/storage.h"

#include <QCheckBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tunescope {

namespace {
constexpr int StorageRole = Qt::UserRole + 1;
constexpr int NameRole = Qt::UserRole + 2;
} // namespace

CompareView::CompareView(QWidget *parent) : QWidget(parent)
{
    setWindowTitle(tr("Compare studies"));
    mList = new QListWidget;
    mList->setToolTip(tr("Check two or more studies to compare them."));
    mGroupCheck = new QCheckBox(tr("Group repeated seeds"));
    mGroupCheck->setChecked(true);
    mGroupCheck->setToolTip(tr("Studies named NAME-seedN, NAME_sN, NAME-repN or NAME-runN are drawn as one line: "
                               "their mean, with a band from the worst to the best run."));
    mAddButton = new QPushButton(tr("Add database…"));
    mExportButton = new QPushButton(tr("Export…"));
    mExportButton->setEnabled(false);
    mInfo = new QLabel;
    mInfo->setWordWrap(true);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Studies")));
    leftLayout->addWidget(mList, 1);
    leftLayout->addWidget(mGroupCheck);
    leftLayout->addWidget(mAddButton);
    leftLayout->addWidget(mExportButton);
    leftLayout->addWidget(mInfo);

    mBestChart = new CompareChart(CompareChart::Kind::BestSoFar);
    mDistChart = new CompareChart(CompareChart::Kind::Distribution);
    mEdfChart = new CompareChart(CompareChart::Kind::Edf);
    mHypervolumeChart = new CompareChart(CompareChart::Kind::Hypervolume);
    mHypervolumeChart->hide(); // multi-objective comparisons only
    mBestTable = new QTableWidget;
    mSettingsTable = new QTableWidget;
    for (QTableWidget *t : {mBestTable, mSettingsTable}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->verticalHeader()->hide();
        t->horizontalHeader()->setStretchLastSection(true);
    }
    auto *charts = new QSplitter(Qt::Horizontal);
    charts->addWidget(mBestChart);
    charts->addWidget(mDistChart);
    charts->addWidget(mEdfChart);
    charts->addWidget(mHypervolumeChart);
    auto *tables = new QSplitter(Qt::Horizontal);
    tables->addWidget(mBestTable);
    tables->addWidget(mSettingsTable);
    auto *right = new QSplitter(Qt::Vertical);
    right->addWidget(charts);
    right->addWidget(tables);
    auto *main = new QSplitter(Qt::Horizontal);
    main->addWidget(left);
    main->addWidget(right);
    main->setStretchFactor(1, 1);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(main);
    resize(1280, 800);

    connect(mList, &QListWidget::itemChanged, this, [this] {
        if (!mUpdating)
            rebuild();
    });
    connect(mGroupCheck, &QCheckBox::toggled, this, &CompareView::rebuild);
    connect(mAddButton, &QPushButton::clicked, this, &CompareView::onAddDatabase);
    connect(mExportButton, &QPushButton::clicked, this, &CompareView::onExport);
    rebuild();
}

CompareView::~CompareView() = default;

bool CompareView::addDatabase(const QString &location, QString *error)
{
    QString why;
    auto storage = Storage::open(location, &why);
    if (!storage) {
        if (error)
            *error = why;
        return false;
    }
    const QList<StudySummary> summaries = storage->studySummaries();
    const int index = int(mStorages.size());
    mStorages.push_back(std::move(storage));
    mUpdating = true;
    for (const StudySummary &s : summaries) {
        auto *item = new QListWidgetItem(tr("%1  (%2, %3 trials) — %4")
                                             .arg(s.study.name, s.study.method).arg(s.total).arg(QFileInfo(location).fileName()));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
        item->setData(StorageRole, index);
        item->setData(NameRole, s.study.name);
        mList->addItem(item);
    }
    mUpdating = false;
    rebuild();
    return true;
}

void CompareView::setSelectedStudies(const QStringList &names)
{
    mUpdating = true;
    for (int i = 0; i < mList->count(); ++i)
        mList->item(i)->setCheckState(names.contains(mList->item(i)->data(NameRole).toString()) ? Qt::Checked : Qt::Unchecked);
    mUpdating = false;
    rebuild();
}

void CompareView::rebuild()
{
    QList<ComparedStudy> studies;
    QStringList errors;
    for (int i = 0; i < mList->count(); ++i) {
        const QListWidgetItem *item = mList->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        Storage *storage = mStorages[size_t(item->data(StorageRole).toInt())].get();
        QString error;
        auto data = loadStudyData(*storage, item->data(NameRole).toString(), &error);
        if (!data) {
            errors << error;
            continue;
        }
        studies.append(ComparedStudy{*data, {}, storage->location(), {}});
    }
    if (studies.size() < 2) {
        mComparison.reset();
        mInfo->setText(errors.isEmpty() ? tr("Check two or more studies.") : errors.join(u'\n'));
    } else {
        StudyComparison::assignLabels(studies, mGroupCheck->isChecked());
        mComparison = std::make_shared<const StudyComparison>(studies);
        mInfo->setText((errors + mComparison->warnings()).join(u'\n'));
    }
    mBestChart->setComparison(mComparison);
    mDistChart->setComparison(mComparison);
    mEdfChart->setComparison(mComparison);
    mHypervolumeChart->setComparison(mComparison);
    mHypervolumeChart->setVisible(mComparison && CompareChart::hasHypervolume(*mComparison));
    mExportButton->setEnabled(bool(mComparison));
    if (mComparison) {
        fillTable(mBestTable, mComparison->bestConfigurations(), tr("Best configuration"));
        fillTable(mSettingsTable, mComparison->settings(), tr("Setting"));
    } else {
        mBestTable->clear();
        mBestTable->setRowCount(0);
        mBestTable->setColumnCount(0);
        mSettingsTable->clear();
        mSettingsTable->setRowCount(0);
        mSettingsTable->setColumnCount(0);
    }
}

void CompareView::fillTable(QTableWidget *table, const QList<ComparisonRow> &rows, const QString &first)
{
    table->clear();
    QStringList header{first};
    for (const ComparedStudy &s : mComparison->studies())
        header << s.label;
    table->setColumnCount(int(header.size()));
    table->setHorizontalHeaderLabels(header);
    table->setRowCount(int(rows.size()));
    const QColor mark(0xff, 0xf1, 0xc2);
    for (int r = 0; r < rows.size(); ++r) {
        QStringList cells = QStringList{rows[r].name} + rows[r].cells;
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (rows[r].differs) {
                item->setBackground(mark);
                item->setToolTip(tr("Differs between the studies"));
            }
            if (c == 0) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            table->setItem(r, c, item);
        }
    }
    table->resizeColumnsToContents();
}

bool CompareView::exportTo(const QString &path, QString *error)
{
    if (!mComparison) {
        if (error)
            *error = tr("Nothing to export: check two or more studies.");
        return false;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv")) {
        QFile f(path);
        const QByteArray bytes = mComparison->toCsv();
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) {
            if (error)
                *error = tr("Cannot write %1: %2").arg(path, f.errorString());
            return false;
        }
        return true;
    }
    const CompareReport report(mComparison);
    if (suffix == QLatin1String("pdf"))
        return report.writePdf(path, error);
    return report.writeHtml(path, error);
}

void CompareView::onAddDatabase()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Add a study database"), QString(),
                                                      tr("Study databases (*.db *.sqlite);;All files (*)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!addDatabase(path, &error))
        QMessageBox::warning(this, tr("Add database"), tr("Cannot open %1:\n%2").arg(path, error));
}

void CompareView::onExport()
{
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export comparison"), QStringLiteral("comparison.html"),
                                                tr("HTML report (*.html);;PDF report (*.pdf);;CSV, one row per trial (*.csv)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf")
                : selected.contains(QLatin1String("csv")) ? QStringLiteral(".csv") : QStringLiteral(".html");
    QString error;
    if (!exportTo(path, &error))
        QMessageBox::warning(this, tr("Export comparison"), error);
}

} // namespace tunescope

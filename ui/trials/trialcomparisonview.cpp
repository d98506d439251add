#include "trials/trialcomparisonview.h"

#include "analysis/metricsummary.h"
#include "charts/chartexport.h"
#include "charts/trialcurveschart.h"
#include "compare/comparechart.h"
#include "execution/studymonitor.h"
#include "space/searchspace.h"
#include "trials/statetext.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace tunescope {

namespace {

QString valueText(double v)
{
    return std::isnan(v) ? QStringLiteral("–") : numberText(v);
}

} // namespace

TrialComparisonView::TrialComparisonView(QWidget *parent) : QWidget(parent)
{
    mTabs = new QTabWidget(this);
    mTable = new QTableWidget(this);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->verticalHeader()->hide();
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTabs->addTab(mTable, tr("&Values"));

    auto *curvesBox = new QWidget(this);
    auto *curvesLayout = new QVBoxLayout(curvesBox);
    mCurves = new TrialCurvesChart(curvesBox);
    auto *exportButton = new QPushButton(tr("&Export Chart…"), curvesBox);
    connect(exportButton, &QPushButton::clicked, this, [this] { ChartExport::exportWithDialog(mCurves, this); });
    auto *exportBar = new QHBoxLayout;
    exportBar->addStretch(1);
    exportBar->addWidget(exportButton);
    curvesLayout->addWidget(mCurves, 1);
    curvesLayout->addLayout(exportBar);
    mTabs->addTab(curvesBox, tr("&Curves"));

    mLogs = new QWidget(this);
    new QHBoxLayout(mLogs);
    mTabs->addTab(mLogs, tr("&Logs"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mTabs);
}

QList<ComparisonRow> TrialComparisonView::rows(const StudySpec &spec, const QList<const Trial *> &trials)
{
    QList<ComparisonRow> out;
    const auto add = [&out](const QString &name, const QStringList &cells) {
        ComparisonRow row{name, cells, false};
        for (const QString &c : cells)
            row.differs = row.differs || c != cells.first();
        out.append(row);
    };
    QStringList cells;
    for (const Trial *t : trials)
        cells << stateText(t->state).toLower();
    add(tr("state"), cells);
    if (spec.metrics.size() > 1) {
        for (qsizetype k = 0; k < spec.metrics.size(); ++k) {
            cells.clear();
            for (const Trial *t : trials)
                cells << (k < t->values.size() ? valueText(t->values[k]) : QStringLiteral("–"));
            add(spec.metrics[k].name, cells);
        }
    } else {
        cells.clear();
        for (const Trial *t : trials)
            cells << (t->value ? valueText(*t->value) : QStringLiteral("–"));
        add(spec.metrics.isEmpty() ? tr("objective") : spec.objective().name, cells);
    }
    cells.clear();
    for (const Trial *t : trials)
        cells << tr("%1 s").arg(numberText(t->durationSeconds(), 'f', 1));
    add(tr("duration"), cells);
    for (const Parameter &p : spec.space.parameters()) {
        cells.clear();
        for (const Trial *t : trials)
            cells << (t->params.contains(p.name) ? paramValueToString(t->params.value(p.name)) : QStringLiteral("–"));
        add(p.name, cells);
    }
    QSet<QString> metricSet;
    for (const Trial *t : trials)
        for (auto it = t->intermediate.cbegin(); it != t->intermediate.cend(); ++it)
            metricSet.insert(it.key());
    QStringList metrics(metricSet.cbegin(), metricSet.cend());
    metrics.sort();
    for (const QString &m : std::as_const(metrics)) {
        QStringList last, best;
        const Goal goal = metricGoal(spec, m);
        for (const Trial *t : trials) {
            const QList<MetricPoint> points = t->intermediate.value(m);
            last << (points.isEmpty() ? QStringLiteral("–") : valueText(points.last().value));
            best << valueText(bestReported(points, goal));
        }
        add(tr("%1 (last)").arg(m), last);
        add(tr("%1 (best, %2)").arg(m, goalText(goal)), best);
    }
    return out;
}

void TrialComparisonView::setTrials(StudyMonitor *monitor, const QList<int> &numbers, const std::function<QString(int)> &logOf)
{
    QList<const Trial *> trials;
    QList<int> shown;
    for (int n : numbers) {
        if (const Trial *t = monitor ? monitor->trial(n) : nullptr) {
            trials << t;
            shown << n;
        }
    }
    const QList<ComparisonRow> table = monitor ? rows(monitor->spec(), trials) : QList<ComparisonRow>();
    mTable->clear();
    mTable->setColumnCount(int(trials.size()) + 1);
    QStringList header{tr("trial")};
    for (int n : shown)
        header << tr("trial %1").arg(n);
    mTable->setHorizontalHeaderLabels(header);
    // The header cells in the curves' colours: a trial is the same colour in every tab.
    for (int c = 0; c < shown.size(); ++c)
        mTable->horizontalHeaderItem(c + 1)->setForeground(CompareChart::seriesColor(c));
    mTable->setRowCount(int(table.size()));
    const QColor differs(0xff, 0xf0, 0xc0);
    for (int r = 0; r < table.size(); ++r) {
        auto *name = new QTableWidgetItem(table[r].name);
        QFont bold = name->font();
        bold.setBold(table[r].differs);
        name->setFont(bold);
        mTable->setItem(r, 0, name);
        for (int c = 0; c < table[r].cells.size(); ++c) {
            auto *item = new QTableWidgetItem(table[r].cells[c]);
            if (table[r].differs)
                item->setBackground(differs);
            mTable->setItem(r, c + 1, item);
        }
        if (table[r].differs)
            name->setBackground(differs);
    }
    mTable->resizeColumnsToContents();

    mCurves->setMonitor(monitor);
    mCurves->setTrials(shown);

    QLayout *logLayout = mLogs->layout();
    while (QLayoutItem *item = logLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int c = 0; c < shown.size(); ++c) {
        auto *box = new QWidget(mLogs);
        auto *v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        auto *title = new QLabel(tr("<b>trial %1</b>").arg(shown[c]), box);
        QPalette pal = title->palette();
        pal.setColor(QPalette::WindowText, CompareChart::seriesColor(c));
        title->setPalette(pal);
        auto *log = new QPlainTextEdit(box);
        log->setReadOnly(true);
        log->setLineWrapMode(QPlainTextEdit::NoWrap);
        log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        const QString text = logOf ? logOf(shown[c]) : QString();
        log->setPlainText(text);
        log->setPlaceholderText(tr("No log found."));
        log->moveCursor(QTextCursor::End);
        v->addWidget(title);
        v->addWidget(log, 1);
        logLayout->addWidget(box);
    }
}

QStringList TrialComparisonView::logs() const
{
    QStringList out;
    for (const QPlainTextEdit *e : mLogs->findChildren<QPlainTextEdit *>())
        out << e->toPlainText();
    return out;
}

} // namespace tunescope

#include "report/comparereport.h"
#include "trials/statetext.h"

#include "compare/comparechart.h"
#include "analysis/comparison.h"
#include "report/reportdocument.h"
#include "report/studyreport.h"

#include <QDateTime>
#include <QLocale>

#include <cmath>

namespace tunescope {

namespace {
ReportDocument::Table sideBySide(const StudyComparison &c, const QList<ComparisonRow> &rows, const QString &first)
{
    ReportDocument::Table t;
    t.header << first;
    for (const ComparedStudy &s : c.studies())
        t.header << s.label;
    for (const ComparisonRow &row : rows) {
        t.rows.append(QStringList{row.name} + row.cells);
        t.highlighted.append(row.differs);
    }
    return t;
}
} // namespace

CompareReport::CompareReport(std::shared_ptr<const StudyComparison> comparison) : mComparison(std::move(comparison)) {}

ReportDocument CompareReport::document() const
{
    const StudyComparison &c = *mComparison;
    ReportDocument doc;
    QStringList names;
    for (const ComparedStudy &s : c.studies())
        names << s.label;
    doc.setTitle(tr("Study comparison: %1").arg(names.join(tr(" vs "))),
                 tr("%1 studies · %2 %3 · made %4 with Tunescope %5")
                     .arg(QString::number(c.studies().size()), goalText(c.goal()), c.metricName(),
                          QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat),
                          QStringLiteral(TUNESCOPE_VERSION)));
    for (const QString &w : c.warnings())
        doc.addWarning(w);

    doc.addHeading(tr("Studies"));
    ReportDocument::Table studies;
    studies.header = {tr("Study"), tr("Group"), tr("Method"), tr("Trials"),
                      tr("Best"), tr("Median"), tr("Database")};
    studies.numeric = {false, false, false, true, true, true, false};
    const QList<ValueDistribution> dists = c.distributions();
    for (qsizetype i = 0; i < c.studies().size(); ++i) {
        const ComparedStudy &s = c.studies()[i];
        const Trial *best = bestTrial(s.data.trials, c.goal());
        studies.rows.append({s.label, s.group, s.data.spec.method, QString::number(s.data.trials.size()),
                             best ? numberText(*best->value, 'g', 6) : QStringLiteral("-"),
                             dists[i].isEmpty() ? QStringLiteral("-") : numberText(dists[i].median, 'g', 6), s.source});
    }
    studies.note = tr("Studies whose names differ only by a seed suffix (-seed3, _s3, -rep3, -run3) form a group: "
                      "repeats of one setup, drawn as their mean with a band from the worst to the best run.");
    doc.addTable(studies);

    auto shared = mComparison;
    doc.addHeading(tr("Best so far"));
    doc.addChart(tr("Best %1 after each finished trial").arg(c.metricName()), QSize(900, 460),
                 [shared](QPainter *p, const QRectF &r) { CompareChart::paintBestSoFar(p, r, *shared); },
                 tr("One line per study or group; x counts finished trials (complete, pruned or failed) in order. "
                    "A group's line ends where its shortest run ends."));

    doc.addHeading(tr("Distribution of final values"));
    doc.addChart(tr("%1 of every complete trial").arg(c.metricName()),
                 QSize(900, 90 + 70 * int(c.studies().size())),
                 [shared](QPainter *p, const QRectF &r) { CompareChart::paintDistribution(p, r, *shared); },
                 tr("Box from the first to the third quartile with the median; whiskers from the minimum to the maximum; "
                    "points are the trials."));
    doc.addChart(tr("Empirical distribution of %1").arg(c.metricName()), QSize(900, 400),
                 [shared](QPainter *p, const QRectF &r) { CompareChart::paintEdf(p, r, *shared); },
                 tr("For each value, the fraction of a study's complete trials that reached at most that value."));
    if (CompareChart::hasHypervolume(c)) {
        doc.addHeading(tr("Hypervolume"));
        doc.addChart(tr("Hypervolume of each study's Pareto front after each finished trial"), QSize(900, 420),
                     [shared](QPainter *p, const QRectF &r) { CompareChart::paintHypervolume(p, r, *shared); },
                     tr("Every study is measured to the same reference point: the worst value of each objective over all "
                        "studies plus 10 % of its range."));
    }

    doc.addHeading(tr("Best configurations"));
    ReportDocument::Table best = sideBySide(c, c.bestConfigurations(), tr("Parameter"));
    best.note = tr("The best complete trial of each study; highlighted rows differ between the studies.");
    doc.addTable(best);

    doc.addHeading(tr("Settings"));
    ReportDocument::Table settings = sideBySide(c, c.settings(), tr("Setting"));
    settings.note = tr("Highlighted rows differ between the studies.");
    doc.addTable(settings);

    doc.addHeading(tr("Environment"));
    doc.addKeyValues(StudyReport::environment());
    return doc;
}

QByteArray CompareReport::toHtml() const
{
    return document().toHtml();
}

bool CompareReport::writeHtml(const QString &path, QString *error) const
{
    return document().writeHtml(path, error);
}

bool CompareReport::writePdf(const QString &path, QString *error) const
{
    return document().writePdf(path, error);
}

} // namespace tunescope

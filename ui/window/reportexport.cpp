#include "window/reportexport.h"

#include "analysis/studyexport.h"
#include "common/safepath.h"
#include "report/studyreport.h"
#include "storage/storage.h"
#include "window/windowsettings.h"

#include <QApplication>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace tunescope {

const QString reportLocalPathsKey = QStringLiteral("reports/localPaths");

void exportStudyReport(QWidget *parent, Storage &storage, const QString &study, const QString &baseFolder,
                       const QString &runsDirectory)
{
    QString error;
    auto data = loadStudyData(storage, study, &error);
    if (!data) {
        QMessageBox::warning(parent, QCoreApplication::translate("tunescope::ReportExport", "Export Report"), error);
        return;
    }
    QString selected;
    QString path = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("tunescope::ReportExport", "Export Report"), safePathComponent(study) + QStringLiteral(".html"),
                                                QCoreApplication::translate("tunescope::ReportExport", "HTML report (*.html);;PDF report (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".html");
    QApplication::setOverrideCursor(Qt::WaitCursor);
    data->runsDirectory = runsDirectory;
    const ReportPaths paths{baseFolder, WindowSettings().value(reportLocalPathsKey, true)};
    const StudyReport report(withReportPaths(*data, paths), paths.shown(storage.location()));
    const bool ok = QFileInfo(path).suffix().compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0
                        ? report.writePdf(path, &error) : report.writeHtml(path, &error);
    QApplication::restoreOverrideCursor();
    if (!ok)
        QMessageBox::warning(parent, QCoreApplication::translate("tunescope::ReportExport", "Export Report"), error);
}

} // namespace tunescope

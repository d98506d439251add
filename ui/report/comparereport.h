#pragma once

#include <QCoreApplication>
#include <QString>

#include <memory>

namespace tunescope {

class ReportDocument;
class StudyComparison;

/// The comparison of two or more studies as a report (HTML or PDF, see ReportDocument): the
/// studies, the best-so-far curves overlaid, the distribution of final values, the best
/// configuration of each side by side and the settings, differences highlighted, and the
/// environment. Needs a QGuiApplication for fonts (offscreen platform is fine).
class CompareReport
{
    Q_DECLARE_TR_FUNCTIONS(tunescope::CompareReport)

public:
    explicit CompareReport(std::shared_ptr<const StudyComparison> comparison);

    ReportDocument document() const;
    QByteArray toHtml() const;
    bool writeHtml(const QString &path, QString *error = nullptr) const;
    bool writePdf(const QString &path, QString *error = nullptr) const;

private:
    std::shared_ptr<const StudyComparison> mComparison;
};

} // namespace tunescope

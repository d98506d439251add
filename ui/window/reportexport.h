#pragma once

#include <QString>

class QWidget;

namespace tunescope {

class Storage;

/// The setting behind File → Local Paths in Reports (on unless turned off).
extern const QString reportLocalPathsKey;

/// File → Export Report…: asks for an HTML or PDF file and writes the study's report to it.
/// Files the report mentions are named relative to baseFolder (empty: as recorded), or by
/// their name alone when the user turned local paths off.
/// The best trial's images come from its folder under runsDirectory (empty: none shown).
void exportStudyReport(QWidget *parent, Storage &storage, const QString &study, const QString &baseFolder,
                       const QString &runsDirectory);

} // namespace tunescope

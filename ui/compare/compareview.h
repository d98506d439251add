#pragma once

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace tunescope {

class CompareChart;
class Storage;
class StudyComparison;
struct ComparisonRow;

/// The compare window: pick two or more studies from one or several databases and see them
/// side by side — best-so-far curves overlaid, the distribution of final values, the best
/// configurations and the settings with differences highlighted — and export the comparison
/// as HTML, PDF or CSV. Studies named NAME-seedN (_sN, -repN, -runN) count as repeats of one
/// setup while "Group repeated seeds" is on (mean and min–max band).
class CompareView : public QWidget
{
    Q_OBJECT

public:
    explicit CompareView(QWidget *parent = nullptr);
    ~CompareView() override;

    /// Lists the studies of a database (a file or postgresql:// URL) for picking.
    bool addDatabase(const QString &location, QString *error = nullptr);
    /// Checks the studies with these names (in every database), unchecks the others.
    void setSelectedStudies(const QStringList &names);

    /// Writes the current comparison; the format follows the suffix (.html, .pdf, .csv).
    bool exportTo(const QString &path, QString *error = nullptr);

    // --- for tests ---
    std::shared_ptr<const StudyComparison> comparison() const { return mComparison; }
    QListWidget *studyList() const { return mList; }

private:
    void rebuild();
    void onAddDatabase();
    void onExport();
    void fillTable(QTableWidget *table, const QList<ComparisonRow> &rows, const QString &first);

    std::vector<std::unique_ptr<Storage>> mStorages;
    std::shared_ptr<const StudyComparison> mComparison;
    QListWidget *mList = nullptr;
    QCheckBox *mGroupCheck = nullptr;
    QPushButton *mAddButton = nullptr;
    QPushButton *mExportButton = nullptr;
    QLabel *mInfo = nullptr;
    CompareChart *mBestChart = nullptr;
    CompareChart *mDistChart = nullptr;
    CompareChart *mEdfChart = nullptr;
    CompareChart *mHypervolumeChart = nullptr;
    QTableWidget *mBestTable = nullptr;
    QTableWidget *mSettingsTable = nullptr;
    bool mUpdating = false;
};

} // namespace tunescope

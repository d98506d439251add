#pragma once

#include "design/formsection.h"

#include <optional>

class QLabel;
class QTableView;
class QToolButton;

namespace tunescope {

class ParameterEditor;
class ParameterTableModel;

/// The "Search space" box: the table of parameters with buttons to add, remove and reorder
/// them, the grid size, and the editor of the selected parameter.
class SearchSpaceSection : public FormSection
{
    Q_OBJECT

public:
    explicit SearchSpaceSection(QWidget *parent = nullptr);

    void load(const StudySpec &spec) override;
    void store(StudySpec &spec) const override;
    void check(QList<SpecIssue> &issues) const override;
    /// The table, and the editor's fields for the selected parameter.
    QHash<QString, QWidget *> fields() const override;
    void setReadOnly(bool readOnly) override;

    int parameterCount() const;
    int currentParameter() const { return mCurrent; }
    /// The name of the selected parameter; nullopt when none is.
    std::optional<QString> currentName() const;
    /// The parameter whose key path `path` lies in; nullopt when none does.
    std::optional<QString> parameterAt(const QString &path) const;
    void selectParameter(int row);
    void addParameter(const QString &name);
    void removeParameter(int row);
    void moveParameter(int row, int delta);

    /// Problems by parameter name, shown on their rows.
    void setProblems(const QHash<QString, QString> &byName);
    void setGridPreview(const QString &html);
    QString gridPreview() const;
    QString samplePreview() const;

signals:
    /// Another parameter was selected: marks and previews follow it.
    void currentParameterChanged();

private:
    /// Shows the current row in the table and the editor.
    void showCurrent();
    void updateButtons();

    ParameterTableModel *mModel = nullptr;
    int mCurrent = -1;
    bool mReadOnly = false;
    bool mSelecting = false; ///< the section moves the table's current row itself

    QTableView *mTable = nullptr;
    QToolButton *mAdd = nullptr;
    QToolButton *mRemove = nullptr;
    QToolButton *mUp = nullptr;
    QToolButton *mDown = nullptr;
    QLabel *mGridPreview = nullptr;
    ParameterEditor *mEditor = nullptr;
};

} // namespace tunescope

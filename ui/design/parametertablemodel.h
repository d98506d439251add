#pragma once

#include "design/parameterdraft.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace tunescope {

/// The parameters of the search space as the form edits them: one row per parameter, with its
/// name, type and range. Rows hold drafts (text as typed); space() reads them as parameters.
class ParameterTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, TypeColumn, RangeColumn, ColumnCount };

    explicit ParameterTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /// Inserts new parameters: floats in [0, 1] without a name.
    bool insertRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    bool removeRows(int row, int count, const QModelIndex &parent = QModelIndex()) override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count, const QModelIndex &destinationParent,
                  int destinationChild) override;

    void setSpace(const SearchSpace &space);
    /// The parameters the rows describe; problems only the text shows go to *issues.
    SearchSpace space(QList<SpecIssue> *issues = nullptr) const;

    const ParameterDraft &draft(int row) const { return mDrafts.at(row); }
    /// The categorical parameters with their values: what a parameter may depend on.
    QList<QPair<QString, QStringList>> choices() const;
    void setDraft(int row, const ParameterDraft &draft);
    /// "paramN", the first such name no row has, N counting on from the number of rows.
    QString unusedName() const;

    /// The parameter whose key path `path` lies in ("parameters.lr.min" -> "lr"), the longest
    /// name when several match (names may hold dots); nullopt when none does.
    std::optional<QString> parameterAt(const QString &path) const;
    /// Problems by parameter name; a row with one shows it as its tooltip, in red, with an icon.
    void setProblems(const QHash<QString, QString> &byName);
    QString problem(int row) const;

private:
    QList<ParameterDraft> mDrafts;
    QHash<QString, QString> mProblems;
};

} // namespace tunescope

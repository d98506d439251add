#include "design/parametertablemodel.h"

#include "design/formsection.h"

#include <QIcon>

namespace tunescope {

ParameterTableModel::ParameterTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int ParameterTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(mDrafts.size());
}

int ParameterTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ParameterTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ParameterDraft &d = mDrafts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return d.name;
        case TypeColumn: return parameterTypeLabel(d.type);
        case RangeColumn: return d.summary();
        }
        return {};
    case Qt::ToolTipRole:
        return problem(index.row());
    case Qt::ForegroundRole:
        return problem(index.row()).isEmpty() ? QVariant() : QVariant(formErrorColor());
    case Qt::DecorationRole:
        if (index.column() == NameColumn && !problem(index.row()).isEmpty())
            return QIcon(QStringLiteral(":/icons/error.svg"));
        return {};
    default:
        return {};
    }
}

QVariant ParameterTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Parameter");
    case TypeColumn: return tr("Type");
    case RangeColumn: return tr("Range / values");
    }
    return {};
}

bool ParameterTableModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > mDrafts.size() || count < 1)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    mDrafts.insert(row, count, ParameterDraft());
    endInsertRows();
    return true;
}

bool ParameterTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count < 1 || row + count > mDrafts.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    mDrafts.remove(row, count);
    endRemoveRows();
    return true;
}

bool ParameterTableModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                                   const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count < 1 || sourceRow < 0
        || sourceRow + count > mDrafts.size() || destinationChild < 0 || destinationChild > mDrafts.size()
        || (destinationChild >= sourceRow && destinationChild <= sourceRow + count))
        return false;
    beginMoveRows(sourceParent, sourceRow, sourceRow + count - 1, destinationParent, destinationChild);
    // destinationChild counts rows before the move; after taking the block out it is `count` less.
    const int to = destinationChild > sourceRow ? destinationChild - count : destinationChild;
    const QList<ParameterDraft> moved = mDrafts.mid(sourceRow, count);
    mDrafts.remove(sourceRow, count);
    for (int i = 0; i < count; ++i)
        mDrafts.insert(to + i, moved.at(i));
    endMoveRows();
    return true;
}

void ParameterTableModel::setSpace(const SearchSpace &space)
{
    beginResetModel();
    mDrafts.clear();
    for (const Parameter &p : space.parameters())
        mDrafts << ParameterDraft::fromParameter(p);
    endResetModel();
}

SearchSpace ParameterTableModel::space(QList<SpecIssue> *issues) const
{
    QList<Parameter> params;
    for (const ParameterDraft &d : mDrafts)
        params << d.toParameter(issues);
    // Under a choice the name carries the choice and its value (layer.conv.size), and the
    // value the trial gets continues the choice's path ({"layer": {"_name": "conv", "size": 3}}).
    for (qsizetype i = 0; i < params.size(); ++i) {
        Parameter &p = params[i];
        if (!p.isConditional())
            continue;
        const QString prefix = QStringLiteral("%1.%2.").arg(p.parent, paramValueToString(p.parentValue));
        if (!p.name.startsWith(prefix) || p.name.size() == prefix.size()) {
            if (issues)
                *issues << SpecIssue{QStringLiteral("parameters.") + p.name,
                                     tr("depends on %1 = %2, so its name starts with %3").arg(p.parent, paramValueToString(p.parentValue), prefix)};
            continue;
        }
        const QString own = p.name.mid(prefix.size());
        const auto parent = std::find_if(params.cbegin(), params.cbegin() + i, [&](const Parameter &q) { return q.name == p.parent; });
        const QStringList base = parent != params.cbegin() + i ? parent->jsonPath() : QStringList{p.parent};
        p.path = base + (mDrafts.at(i).nested ? own.split(u'.') : QStringList{own});
    }
    return SearchSpace(params);
}

QList<QPair<QString, QStringList>> ParameterTableModel::choices() const
{
    QList<QPair<QString, QStringList>> out;
    for (const ParameterDraft &d : mDrafts) {
        if (d.type == Parameter::Type::Categorical && !d.name.trimmed().isEmpty())
            out.append({d.name.trimmed(), d.values});
    }
    return out;
}

void ParameterTableModel::setDraft(int row, const ParameterDraft &draft)
{
    if (row < 0 || row >= mDrafts.size() || mDrafts.at(row) == draft)
        return;
    mDrafts[row] = draft;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ParameterTableModel::unusedName() const
{
    int n = int(mDrafts.size()) + 1;
    QString name;
    do {
        name = QStringLiteral("param%1").arg(n++);
    } while (std::any_of(mDrafts.begin(), mDrafts.end(), [&](const ParameterDraft &d) { return d.name == name; }));
    return name;
}

std::optional<QString> ParameterTableModel::parameterAt(const QString &path) const
{
    std::optional<QString> found;
    qsizetype foundLength = -1;
    for (const ParameterDraft &d : mDrafts) {
        const QString own = d.path();
        const bool inside = path == own || path.startsWith(own + u'.') || path.startsWith(own + u'[');
        if (inside && own.size() > foundLength) {
            found = d.name.trimmed();
            foundLength = own.size();
        }
    }
    return found;
}

void ParameterTableModel::setProblems(const QHash<QString, QString> &byName)
{
    if (byName == mProblems)
        return;
    mProblems = byName;
    if (!mDrafts.isEmpty())
        emit dataChanged(index(0, 0), index(int(mDrafts.size()) - 1, ColumnCount - 1),
                         {Qt::ToolTipRole, Qt::ForegroundRole, Qt::DecorationRole});
}

QString ParameterTableModel::problem(int row) const
{
    return row >= 0 && row < mDrafts.size() ? mProblems.value(mDrafts.at(row).name.trimmed()) : QString();
}

} // namespace tunescope

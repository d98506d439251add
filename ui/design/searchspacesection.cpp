#include "design/searchspacesection.h"

#include "design/parametereditor.h"
#include "design/parametertablemodel.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace tunescope {

SearchSpaceSection::SearchSpaceSection(QWidget *parent)
    : FormSection(parent)
{
    auto *box = new QGroupBox(tr("Search space"));
    auto *layout = new QVBoxLayout(box);

    mModel = new ParameterTableModel(this);
    mTable = new QTableView(box);
    mTable->setObjectName(QStringLiteral("parameters"));
    mTable->setModel(mModel);
    mTable->horizontalHeader()->setSectionResizeMode(ParameterTableModel::NameColumn, QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setSectionResizeMode(ParameterTableModel::TypeColumn, QHeaderView::ResizeToContents);
    mTable->horizontalHeader()->setStretchLastSection(true);
    mTable->verticalHeader()->hide();
    mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    mTable->setSelectionMode(QAbstractItemView::SingleSelection);
    mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    mTable->setAlternatingRowColors(true);
    connect(mTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (mLoading || mSelecting || !current.isValid() || current.row() == mCurrent)
            return;
        mCurrent = current.row();
        showCurrent();
        emit currentParameterChanged();
    });

    auto button = [box](const QString &icon, const QString &tip) {
        auto *b = new QToolButton(box);
        b->setIcon(QIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        return b;
    };
    mAdd = button(QStringLiteral(":/icons/add.svg"), tr("Add a parameter"));
    mRemove = button(QStringLiteral(":/icons/remove.svg"), tr("Remove the selected parameter"));
    mUp = button(QStringLiteral(":/icons/up.svg"), tr("Move up (the order of ${args})"));
    mDown = button(QStringLiteral(":/icons/down.svg"), tr("Move down"));
    connect(mAdd, &QToolButton::clicked, this, [this] { addParameter(mModel->unusedName()); });
    connect(mRemove, &QToolButton::clicked, this, [this] { removeParameter(mCurrent); });
    connect(mUp, &QToolButton::clicked, this, [this] { moveParameter(mCurrent, -1); });
    connect(mDown, &QToolButton::clicked, this, [this] { moveParameter(mCurrent, +1); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(mAdd);
    buttons->addWidget(mRemove);
    buttons->addWidget(mUp);
    buttons->addWidget(mDown);
    buttons->addStretch(1);
    mGridPreview = formHintLabel(box);
    mGridPreview->setObjectName(QStringLiteral("gridPreview"));
    mGridPreview->setTextFormat(Qt::RichText);
    buttons->addWidget(mGridPreview, 4);

    mEditor = new ParameterEditor;
    connect(mEditor, &ParameterEditor::edited, this, [this] {
        mModel->setDraft(mCurrent, mEditor->draft());
        notifyEdited();
    });

    layout->addWidget(mTable, 1);
    layout->addLayout(buttons);
    layout->addWidget(mEditor);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(box);
}

void SearchSpaceSection::load(const StudySpec &spec)
{
    mLoading = true;
    mModel->setSpace(spec.space);
    mCurrent = spec.space.parameters().isEmpty() ? -1 : 0;
    showCurrent();
    mLoading = false;
}

void SearchSpaceSection::store(StudySpec &spec) const
{
    spec.space = mModel->space();
}

void SearchSpaceSection::check(QList<SpecIssue> &issues) const
{
    mModel->space(&issues);
}

QHash<QString, QWidget *> SearchSpaceSection::fields() const
{
    QHash<QString, QWidget *> fields = mEditor->fields();
    fields.insert(QStringLiteral("parameters"), mTable);
    return fields;
}

void SearchSpaceSection::setReadOnly(bool readOnly)
{
    mReadOnly = readOnly;
    FormSection::setReadOnly(readOnly);
    updateButtons();
}

int SearchSpaceSection::parameterCount() const
{
    return mModel->rowCount();
}

std::optional<QString> SearchSpaceSection::currentName() const
{
    if (mCurrent < 0 || mCurrent >= mModel->rowCount())
        return std::nullopt;
    return mModel->draft(mCurrent).name.trimmed();
}

std::optional<QString> SearchSpaceSection::parameterAt(const QString &path) const
{
    return mModel->parameterAt(path);
}

void SearchSpaceSection::selectParameter(int row)
{
    if (row < 0 || row >= mModel->rowCount())
        return;
    mCurrent = row;
    showCurrent();
    emit currentParameterChanged();
}

void SearchSpaceSection::addParameter(const QString &name)
{
    const int row = mModel->rowCount();
    mSelecting = true;
    mModel->insertRows(row, 1);
    ParameterDraft draft = mModel->draft(row);
    draft.name = name;
    mModel->setDraft(row, draft);
    mSelecting = false;
    mCurrent = row;
    showCurrent();
    mEditor->focusName();
    emit currentParameterChanged();
    notifyEdited();
}

void SearchSpaceSection::removeParameter(int row)
{
    if (row < 0 || row >= mModel->rowCount())
        return;
    mSelecting = true;
    mModel->removeRows(row, 1);
    mSelecting = false;
    mCurrent = std::min(row, mModel->rowCount() - 1);
    showCurrent();
    emit currentParameterChanged();
    notifyEdited();
}

void SearchSpaceSection::moveParameter(int row, int delta)
{
    const int to = row + delta;
    if (row < 0 || row >= mModel->rowCount() || to < 0 || to >= mModel->rowCount())
        return;
    mSelecting = true;
    // moveRows names the row to insert before, counted before the move.
    mModel->moveRows(QModelIndex(), row, 1, QModelIndex(), to > row ? to + 1 : to);
    mSelecting = false;
    mCurrent = to;
    showCurrent();
    emit currentParameterChanged();
    notifyEdited();
}

void SearchSpaceSection::setProblems(const QHash<QString, QString> &byName)
{
    mModel->setProblems(byName);
}

void SearchSpaceSection::setGridPreview(const QString &html)
{
    mGridPreview->setText(html);
}

QString SearchSpaceSection::gridPreview() const
{
    return mGridPreview->text();
}

QString SearchSpaceSection::samplePreview() const
{
    return mEditor->samplePreview();
}

void SearchSpaceSection::showCurrent()
{
    const bool present = mCurrent >= 0 && mCurrent < mModel->rowCount();
    if (present) {
        mEditor->setConditionChoices(mModel->choices());
        mEditor->setDraft(mModel->draft(mCurrent));
    } else {
        mEditor->clear();
    }
    if (present) {
        // Also when the row is current already: a row removed above leaves it unselected.
        const bool wasSelecting = mSelecting;
        mSelecting = true;
        mTable->setCurrentIndex(mModel->index(mCurrent, ParameterTableModel::NameColumn));
        mSelecting = wasSelecting;
    }
    updateButtons();
}

void SearchSpaceSection::updateButtons()
{
    const bool present = mCurrent >= 0 && mCurrent < mModel->rowCount();
    mEditor->setEnabled(present && !mReadOnly);
    mRemove->setEnabled(present && !mReadOnly);
    mUp->setEnabled(present && mCurrent > 0 && !mReadOnly);
    mDown->setEnabled(present && mCurrent + 1 < mModel->rowCount() && !mReadOnly);
}

} // namespace tunescope

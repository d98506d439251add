#include "window/trialspage.h"
#include "trials/statetext.h"

#include "charts/statecolors.h"
#include "trials/trialcomparisonview.h"
#include "trials/trialdetailpane.h"
#include "trials/trialactions.h"
#include "trials/trialfilterproxy.h"
#include "trials/trialtablemodel.h"
#include "window/windowsettings.h"

#include <QComboBox>
#include <QDialog>
#include <QPushButton>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelection>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace tunescope {

TrialsPage::TrialsPage(StudyMonitor *monitor, QWidget *parent) : QWidget(parent), mMonitor(monitor)
{
    mModel = new TrialTableModel(this);
    mModel->setMonitor(monitor);
    mProxy = new TrialFilterProxy(this);
    mProxy->setSourceModel(mModel);
    mView = new QTableView(this);
    mView->setModel(mProxy);
    mView->setSortingEnabled(true);
    mView->sortByColumn(0, Qt::AscendingOrder);
    mView->setSelectionBehavior(QAbstractItemView::SelectRows);
    mView->setSelectionMode(QAbstractItemView::ExtendedSelection); // several trials to retry or compare
    mView->setAlternatingRowColors(true);
    mView->verticalHeader()->hide();
    mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() + 8);
    mView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    mView->horizontalHeader()->setStretchLastSection(true);
    mView->setWordWrap(false);
    connect(mModel, &QAbstractItemModel::columnsInserted, this, &TrialsPage::applyHiddenColumns);
    connect(mModel, &QAbstractItemModel::modelReset, this, [this] {
        applyHiddenColumns();
        mUserSizedColumns.clear();
        mSizingColumns = true;
        mView->resizeColumnsToContents();
        fitNumberColumn();
        mSizingColumns = false;
    });
    connect(mView->horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (!mSizingColumns)
            mUserSizedColumns.insert(column);
    });
    // A study opened while it runs starts with few rows (sized for those): later rows and
    // values widen the columns that became too narrow, in batches, never narrowing one.
    mFitColumnsTimer.setSingleShot(true);
    mFitColumnsTimer.setInterval(300);
    connect(&mFitColumnsTimer, &QTimer::timeout, this, &TrialsPage::widenColumns);
    connect(mModel, &QAbstractItemModel::rowsInserted, this, [this] { mFitColumnsTimer.start(); });
    // A metric first reported after the rows were sized (sys/cpu_percent, a late validation
    // metric) gets a column of the default width, which cut its header to "ys/cpu_percen".
    connect(mModel, &QAbstractItemModel::columnsInserted, this, [this] { mFitColumnsTimer.start(); });
    connect(mModel, &QAbstractItemModel::dataChanged, this, [this] {
        if (!mFitColumnsTimer.isActive())
            mFitColumnsTimer.start();
    });

    mStateFilter = new QComboBox(this);
    mStateFilter->addItem(tr("All states"));
    for (TrialState s : {TrialState::Running, TrialState::Complete, TrialState::Pruned, TrialState::Failed}) {
        QPixmap dot(10, 10);
        dot.fill(StateColors::color(s));
        mStateFilter->addItem(QIcon(dot), stateText(s).toLower(), int(s));
    }
    connect(mStateFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant state = mStateFilter->currentData();
        mProxy->setStates(state.isValid() ? QSet<TrialState>{TrialState(state.toInt())} : QSet<TrialState>{});
    });
    mTextFilter = new QLineEdit(this);
    mTextFilter->setPlaceholderText(tr("Filter by any value…"));
    mTextFilter->setClearButtonEnabled(true);
    connect(mTextFilter, &QLineEdit::textChanged, mProxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *filterBar = new QHBoxLayout;
    filterBar->addWidget(new QLabel(tr("Show:"), this));
    filterBar->addWidget(mStateFilter);
    filterBar->addWidget(mTextFilter, 1);
    mCompareButton = new QPushButton(tr("Co&mpare Selected"), this);
    // Ctrl+Shift+M is the window's Compare Picked Trials, which works from every view.
    mCompareButton->setToolTip(tr("Select %1 to %2 trials (Ctrl or Shift and click) to compare them side by side (Ctrl+Shift+M)")
                                   .arg(TrialComparisonView::minTrials)
                                   .arg(TrialComparisonView::maxTrials));
    mCompareButton->setEnabled(false);
    connect(mCompareButton, &QPushButton::clicked, this, &TrialsPage::compareSelected);
    filterBar->addWidget(mCompareButton);
    // Any parameter, metric, attribute, state, duration as a column, or not: from this
    // button (keyboard: Tab to it, Space) or the header's context menu.
    mColumnsButton = new QToolButton(this);
    mColumnsButton->setText(tr("Co&lumns"));
    mColumnsButton->setToolTip(tr("Choose the columns of the table (remembered for this study)"));
    mColumnsButton->setPopupMode(QToolButton::InstantPopup);
    auto *columnsMenu = new QMenu(mColumnsButton);
    connect(columnsMenu, &QMenu::aboutToShow, this, [this, columnsMenu] { fillColumnsMenu(columnsMenu); });
    mColumnsButton->setMenu(columnsMenu);
    filterBar->addWidget(mColumnsButton);
    mView->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(mView->horizontalHeader(), &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu;
        fillColumnsMenu(&menu);
        menu.exec(mView->horizontalHeader()->mapToGlobal(pos));
    });

    // Steering by hand: the same actions in a toolbar over the table and in its context menu.
    mActions = new TrialActions(monitor, this);
    auto *actionBar = new QToolBar(this);
    actionBar->setObjectName(QStringLiteral("trialActions"));
    actionBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    actionBar->addActions(mActions->actions());
    mView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(mView, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu;
        menu.addActions(mActions->actions());
        menu.exec(mView->viewport()->mapToGlobal(pos));
    });

    auto *tableBox = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(filterBar);
    tableLayout->addWidget(actionBar);
    tableLayout->addWidget(mView, 1);

    mDetail = new TrialDetailPane(this);
    mDetail->setMonitor(monitor);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("trialsSplitter")); // its position is remembered
    split->addWidget(tableBox);
    split->addWidget(mDetail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const int number = current.isValid() ? current.data(TrialTableModel::TrialNumberRole).toInt() : -1;
                mDetail->setTrial(number);
                emit trialSelected(number);
            });
    connect(mView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QList<int> numbers = selectedTrials();
        mActions->setSelection(numbers);
        const qsizetype n = numbers.size();
        mCompareButton->setEnabled(n >= TrialComparisonView::minTrials && n <= TrialComparisonView::maxTrials);
        mCompareButton->setText(n >= TrialComparisonView::minTrials ? tr("Co&mpare %1 Trials").arg(n) : tr("Co&mpare Selected"));
    });
}

QList<int> TrialsPage::selectedTrials() const
{
    QModelIndexList rows = mView->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QList<int> numbers;
    for (const QModelIndex &index : rows)
        numbers << index.data(TrialTableModel::TrialNumberRole).toInt();
    return numbers;
}

QWidget *TrialsPage::compareSelected()
{
    const QList<int> numbers = selectedTrials();
    if (numbers.size() < TrialComparisonView::minTrials || numbers.size() > TrialComparisonView::maxTrials)
        return nullptr;
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QStringList names;
    for (int n : numbers)
        names << QString::number(n);
    dialog->setWindowTitle(tr("Trials %1").arg(names.join(QStringLiteral(", "))));
    auto *view = new TrialComparisonView(dialog);
    view->setTrials(mMonitor, numbers, [this](int number) { return mDetail->logOf(number); });
    auto *layout = new QVBoxLayout(dialog);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(view);
    dialog->resize(1100, 700);
    dialog->show();
    return dialog;
}

void TrialsPage::selectTrial(int number)
{
    const int sourceRow = mModel->rowOfTrial(number);
    if (sourceRow < 0)
        return;
    QModelIndex index = mProxy->mapFromSource(mModel->index(sourceRow, 0));
    if (!index.isValid()) {
        // Hidden by the filter: show everything so the selection is visible.
        mStateFilter->setCurrentIndex(0);
        mTextFilter->clear();
        index = mProxy->mapFromSource(mModel->index(sourceRow, 0));
    }
    mView->setCurrentIndex(index);
    mView->scrollTo(index);
}

void TrialsPage::setRunsDirectory(const QString &dir)
{
    mDetail->setRunsDirectory(dir);
}

void TrialsPage::togglePicked(int number)
{
    int row = mModel->rowOfTrial(number);
    QModelIndex index = row >= 0 ? mProxy->mapFromSource(mModel->index(row, 0)) : QModelIndex();
    if (row >= 0 && !index.isValid()) {
        // Filtered out: the filter goes, as for selectTrial, so that the pick shows in the table.
        mStateFilter->setCurrentIndex(0);
        mTextFilter->clear();
        index = mProxy->mapFromSource(mModel->index(row, 0));
    }
    if (!index.isValid())
        return;
    mView->selectionModel()->select(index, QItemSelectionModel::Toggle | QItemSelectionModel::Rows);
}

void TrialsPage::addPicked(const QList<int> &numbers)
{
    const auto indexOf = [this](int number) {
        const int row = mModel->rowOfTrial(number);
        return row >= 0 ? mProxy->mapFromSource(mModel->index(row, 0)) : QModelIndex();
    };
    // One filtered out: the filter goes, as for togglePicked, so that every pick shows.
    if (std::any_of(numbers.cbegin(), numbers.cend(),
                    [&](int n) { return mModel->rowOfTrial(n) >= 0 && !indexOf(n).isValid(); })) {
        mStateFilter->setCurrentIndex(0);
        mTextFilter->clear();
    }
    // Contiguous rows as one range: a rectangle over 10,000 trials is a few ranges, not
    // 10,000 (selecting those one by one took 8 s).
    QList<int> proxyRows;
    proxyRows.reserve(numbers.size());
    for (int number : numbers) {
        if (const QModelIndex index = indexOf(number); index.isValid())
            proxyRows << index.row();
    }
    std::sort(proxyRows.begin(), proxyRows.end());
    QItemSelection rows;
    for (qsizetype i = 0; i < proxyRows.size();) {
        qsizetype j = i;
        while (j + 1 < proxyRows.size() && proxyRows[j + 1] <= proxyRows[j] + 1)
            ++j;
        rows.select(mProxy->index(proxyRows[i], 0), mProxy->index(proxyRows[j], 0));
        i = j + 1;
    }
    mView->selectionModel()->select(rows, QItemSelectionModel::Select | QItemSelectionModel::Rows);
}

void TrialsPage::setColumnSettings(const QString &studyPrefix)
{
    mColumnSettings = studyPrefix;
    const QString saved = studyPrefix.isEmpty() ? QString()
                                                : WindowSettings().value(studyPrefix + QStringLiteral("hiddenColumns"), QString());
    const QStringList keys = saved.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    mHiddenColumns = QSet<QString>(keys.cbegin(), keys.cend());
    applyHiddenColumns();
}

void TrialsPage::setColumnShown(const QString &key, bool shown)
{
    if (key == mModel->columnKey(mModel->numberColumn()))
        return; // the trial number always shows: it is what the row is
    if (shown)
        mHiddenColumns.remove(key);
    else
        mHiddenColumns.insert(key);
    applyHiddenColumns();
    if (!mColumnSettings.isEmpty()) {
        QStringList keys(mHiddenColumns.cbegin(), mHiddenColumns.cend());
        keys.sort();
        // One string, one key per line: parameter names may hold commas, never line breaks.
        WindowSettings().setValue(mColumnSettings + QStringLiteral("hiddenColumns"), keys.join(QLatin1Char('\n')));
    }
}

bool TrialsPage::isColumnShown(const QString &key) const
{
    for (int column = 0; column < mModel->columnCount(); ++column) {
        if (mModel->columnKey(column) == key)
            return !mView->isColumnHidden(column);
    }
    return false;
}

void TrialsPage::applyHiddenColumns()
{
    // The proxy filters rows only: its columns are the model's.
    for (int column = 0; column < mModel->columnCount(); ++column)
        mView->setColumnHidden(column, mHiddenColumns.contains(mModel->columnKey(column)));
}

void TrialsPage::fillColumnsMenu(QMenu *menu)
{
    menu->clear();
    for (int column = 0; column < mModel->columnCount(); ++column) {
        const QString key = mModel->columnKey(column);
        if (column == mModel->numberColumn())
            continue;
        QAction *action = menu->addAction(mModel->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!mView->isColumnHidden(column));
        connect(action, &QAction::toggled, this, [this, key](bool on) { setColumnShown(key, on); });
    }
    menu->addSeparator();
    connect(menu->addAction(tr("Show All Columns")), &QAction::triggered, this, [this] {
        mHiddenColumns.clear();
        setColumnShown(QString(), true); // applies and remembers the empty set
    });
}

void TrialsPage::widenColumns()
{
    QHeaderView *header = mView->horizontalHeader();
    // QTableView hides its override of this public QAbstractItemView function (protected).
    const QAbstractItemView *view = mView;
    const QScopedValueRollback sizing(mSizingColumns, true);
    for (int column = 0; column + 1 < header->count(); ++column) { // the last one stretches
        if (mUserSizedColumns.contains(column))
            continue;
        const int wanted = std::max(view->sizeHintForColumn(column), header->sectionSizeHint(column));
        if (wanted > header->sectionSize(column))
            header->resizeSection(column, wanted);
    }
    fitNumberColumn();
}

void TrialsPage::fitNumberColumn()
{
    // Qt sizes a column from a sample of its rows (the first thousand or so), so a large
    // study's later, longer trial numbers would be cut off ("43..."): the column is made wide
    // enough for the largest number, which the last row holds (rows follow trial numbers).
    const int rows = mModel->rowCount();
    if (rows == 0 || mUserSizedColumns.contains(0))
        return;
    const QModelIndex last = mModel->index(rows - 1, 0);
    QStyleOptionViewItem option;
    option.initFrom(mView);
    option.font = mView->font();
    const QString text = last.data(Qt::DisplayRole).toString();
    const int otherDigits = mView->fontMetrics().horizontalAdvance(QString(text.size(), u'8')) - mView->fontMetrics().horizontalAdvance(text);
    const int wanted = mView->itemDelegate()->sizeHint(option, last).width() + std::max(0, otherDigits) + (mView->showGrid() ? 1 : 0);
    QHeaderView *header = mView->horizontalHeader();
    if (wanted > header->sectionSize(0)) {
        const QScopedValueRollback sizing(mSizingColumns, true);
        header->resizeSection(0, wanted);
    }
}

} // namespace tunescope

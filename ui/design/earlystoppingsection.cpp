#include "design/earlystoppingsection.h"

#include "design/parameterdraft.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tunescope {

namespace {

const QString keyPrefix = QStringLiteral("early_terminate.");

} // namespace

EarlyStoppingSection::EarlyStoppingSection(QWidget *parent)
    : FormSection(parent)
{
    auto *box = new QGroupBox(tr("Early stopping"));
    mForm = new QFormLayout(box);
    mType = new QComboBox;
    mType->setObjectName(keyPrefix + QStringLiteral("type"));
    const QList<QPair<QString, QString>> types = {
        {QString(), tr("Every trial runs to the end.")},
        {QStringLiteral("median"), tr("Median rule (Optuna): stop a trial whose value is worse than the median of "
                                      "earlier trials at the same step.")},
        {QStringLiteral("asha"), tr("Asynchronous successive halving: at steps min, min·η, min·η², … keep the best "
                                    "1/η of the trials that got there.")},
        {QStringLiteral("hyperband"), tr("Hyperband: several successive-halving brackets between the minimum and "
                                         "maximum step, trading breadth against depth.")},
        {QStringLiteral("medianstop"), tr("NNI's median stop: once a trial has reported the start step's number of "
                                          "values, stop it when its best is worse than the median of the completed "
                                          "trials' running averages.")}};
    for (const auto &t : types) {
        mType->addItem(t.first.isEmpty() ? tr("none") : t.first, t.first);
        mType->setItemData(mType->count() - 1, t.second, Qt::ToolTipRole);
    }
    connect(mType, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        notifyEdited();
    });
    mForm->addRow(tr("Pr&uner:"), mType);
    mHelp = formHintLabel(box);
    mForm->addRow(QString(), mHelp);

    auto spinBox = [this](const QString &key, int max, const QString &tip) {
        auto *s = new QSpinBox;
        s->setObjectName(keyPrefix + key);
        s->setRange(0, max);
        s->setToolTip(tip);
        connect(s, &QSpinBox::valueChanged, this, &EarlyStoppingSection::notifyEdited);
        return s;
    };
    // Steps and factors may be fractions (a resource such as epochs/10), so they are typed as
    // text and checked by the core like the study file's values.
    auto lineEdit = [this](const QString &key, const QString &placeholder, const QString &tip) {
        auto *e = new QLineEdit;
        e->setObjectName(keyPrefix + key);
        e->setPlaceholderText(placeholder);
        e->setToolTip(tip);
        connect(e, &QLineEdit::textEdited, this, &EarlyStoppingSection::notifyEdited);
        return e;
    };
    mStartup = spinBox(QStringLiteral("n_startup_trials"), 100000, tr("Trials that must finish before anything is pruned."));
    mForm->addRow(tr("Start&up trials:"), mStartup);
    mWarmup = spinBox(QStringLiteral("n_warmup_steps"), 100000000, tr("Steps of each trial that are never pruned."));
    mForm->addRow(tr("&Warm-up steps:"), mWarmup);
    mStartStep = spinBox(QStringLiteral("start_step"), 9999, tr("Reports a trial makes before it is judged (NNI's start_step)."));
    mForm->addRow(tr("Sta&rt step:"), mStartStep);
    mMinResource = lineEdit(QStringLiteral("min_resource"), tr("1 (default)"),
                            tr("The first step at which trials are compared (W&B: min_iter)."));
    mForm->addRow(tr("Mi&n step:"), mMinResource);
    mMaxResource = lineEdit(QStringLiteral("max_resource"), tr("required for brackets"),
                            tr("The step a trial that is never stopped reaches, e.g. its last epoch (W&B: max_iter)."));
    mForm->addRow(tr("Ma&x step:"), mMaxResource);
    mReduction = lineEdit(QStringLiteral("reduction_factor"), tr("3 (default)"),
                          tr("η: each rung keeps the best 1/η of the trials that reach it (W&B: eta)."));
    mForm->addRow(tr("Re&duction factor:"), mReduction);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
}

void EarlyStoppingSection::load(const StudySpec &spec)
{
    mLoading = true;
    mLoaded = spec.earlyTerminate;
    const QString type = mLoaded.value(QStringLiteral("type")).toString().toLower();
    const int index = mType->findData(type);
    // An unknown type stays in the spec (and its error in the list); the combo shows "none".
    mType->setCurrentIndex(index >= 0 ? index : 0);
    const auto text = [&](std::initializer_list<const char *> keys) {
        for (const char *key : keys) {
            const QVariant v = mLoaded.value(QLatin1String(key));
            if (v.isValid())
                return v.typeId() == QMetaType::Double ? QString::number(v.toDouble(), 'g', 10) : v.toString();
        }
        return QString();
    };
    mStartup->setValue(mLoaded.value(QStringLiteral("n_startup_trials"), 5).toInt());
    mWarmup->setValue(mLoaded.value(QStringLiteral("n_warmup_steps"), 0).toInt());
    mStartStep->setValue(mLoaded.value(QStringLiteral("start_step"), 0).toInt());
    mMinResource->setText(text({"min_resource", "min_iter"}));
    mMaxResource->setText(text({"max_resource", "max_iter"}));
    mReduction->setText(text({"reduction_factor", "eta"}));
    updateRows();
    mLoading = false;
}

void EarlyStoppingSection::store(StudySpec &spec) const
{
    spec.earlyTerminate = config(nullptr);
}

void EarlyStoppingSection::check(QList<SpecIssue> &issues) const
{
    config(&issues);
}

QHash<QString, QWidget *> EarlyStoppingSection::fields() const
{
    QHash<QString, QWidget *> fields{{QStringLiteral("early_terminate"), mType}};
    for (QWidget *w : std::initializer_list<QWidget *>{mType, mStartup, mWarmup, mStartStep, mMinResource, mMaxResource, mReduction})
        fields.insert(w->objectName(), w);
    return fields;
}

QVariantMap EarlyStoppingSection::config(QList<SpecIssue> *issues) const
{
    const QString type = mType->currentData().toString();
    const QString loadedType = mLoaded.value(QStringLiteral("type")).toString().toLower();
    if (type.isEmpty()) {
        // "none" over a type the form does not know keeps the file's mapping (and its error).
        return mType->findData(loadedType) < 0 ? mLoaded : QVariantMap();
    }
    // Options the form has no field for (interval_steps, s, ...) survive while the type does.
    QVariantMap config = loadedType == type ? mLoaded : QVariantMap();
    config.insert(QStringLiteral("type"), type);
    // A hyperband written with W&B's keys only is W&B's (hyperband_stopping.py): it keeps them,
    // and its s and strict; Tunescope's keys make Optuna's Hyperband.
    bool wandb = type == QLatin1String("hyperband") && loadedType == type;
    for (const char *ours : {"min_resource", "max_resource", "reduction_factor", "min_early_stopping_rate"})
        wandb = wandb && !mLoaded.contains(QLatin1String(ours));
    if (!wandb) {
        for (const char *alias : {"min_iter", "max_iter", "eta"})
            config.remove(QLatin1String(alias));
    }
    const auto number = [&](const QString &key, QLineEdit *edit, bool wanted) {
        config.remove(key);
        const QString text = edit->text().trimmed();
        if (!wanted || text.isEmpty())
            return;
        const QVariant v = parseFormScalar(text);
        if (v.typeId() != QMetaType::LongLong && v.typeId() != QMetaType::Double) {
            if (issues)
                *issues << SpecIssue{keyPrefix + key, tr("must be a number")};
            return;
        }
        config.insert(key, v);
    };
    const bool median = type == QLatin1String("median");
    for (const QString &key : {QStringLiteral("n_startup_trials"), QStringLiteral("n_warmup_steps")})
        config.remove(key);
    if (median) {
        config.insert(QStringLiteral("n_startup_trials"), qlonglong(mStartup->value()));
        config.insert(QStringLiteral("n_warmup_steps"), qlonglong(mWarmup->value()));
    }
    const bool medianStop = type == QLatin1String("medianstop");
    config.remove(QStringLiteral("start_step"));
    if (medianStop)
        config.insert(QStringLiteral("start_step"), qlonglong(mStartStep->value()));
    const bool halving = !median && !medianStop;
    number(wandb ? QStringLiteral("min_iter") : QStringLiteral("min_resource"), mMinResource, halving);
    number(wandb ? QStringLiteral("max_iter") : QStringLiteral("max_resource"), mMaxResource, type == QLatin1String("hyperband"));
    number(wandb ? QStringLiteral("eta") : QStringLiteral("reduction_factor"), mReduction, halving);
    return config;
}

void EarlyStoppingSection::updateRows()
{
    const QString type = mType->currentData().toString();
    mHelp->setText(mType->itemData(mType->currentIndex(), Qt::ToolTipRole).toString());
    const bool median = type == QLatin1String("median");
    const bool halving = type == QLatin1String("asha") || type == QLatin1String("hyperband");
    mForm->setRowVisible(mStartup, median);
    mForm->setRowVisible(mWarmup, median);
    mForm->setRowVisible(mStartStep, type == QLatin1String("medianstop"));
    mForm->setRowVisible(mMinResource, halving);
    mForm->setRowVisible(mMaxResource, type == QLatin1String("hyperband"));
    mForm->setRowVisible(mReduction, halving);
}

} // namespace tunescope

#include "design/warmstartsection.h"

#include <QComboBox>
#include <QFontMetrics>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tunescope {

WarmStartSection::WarmStartSection(QWidget *parent)
    : FormSection(parent)
{
    auto *box = new QGroupBox(tr("Warm start"));
    auto *form = new QFormLayout(box);
    mMode = new QComboBox;
    mMode->setObjectName(QStringLiteral("warm_start.mode"));
    mMode->addItem(tr("off"), QString());
    mMode->addItem(tr("best first"), QStringLiteral("best_first"));
    mMode->addItem(tr("prior observations"), QStringLiteral("prior"));
    connect(mMode, &QComboBox::currentIndexChanged, this, [this] {
        updateHelp();
        notifyEdited();
    });
    form->addRow(tr("&Mode:"), mMode);

    mSources = new QPlainTextEdit;
    mSources->setObjectName(QStringLiteral("warm_start.from"));
    mSources->setPlaceholderText(tr("../last-week/tunescope.db#study-name"));
    mSources->setToolTip(tr("One study a line: its database (relative to the study file, or a postgresql:// URL), "
                            "'#', its name."));
    mSources->setTabChangesFocus(true);
    mSources->setFixedHeight(QFontMetrics(mSources->font()).lineSpacing() * 3 + 12);
    connect(mSources, &QPlainTextEdit::textChanged, this, [this] {
        if (!mLoading)
            notifyEdited();
    });
    form->addRow(tr("&From:"), mSources);

    mTopK = new QSpinBox;
    mTopK->setObjectName(QStringLiteral("warm_start.top_k"));
    mTopK->setRange(0, 100000);
    mTopK->setSpecialValueText(tr("default"));
    mTopK->setToolTip(tr("How many of each source's best trials are used: 5 by default for best first, all for prior "
                         "observations."));
    connect(mTopK, &QSpinBox::valueChanged, this, &WarmStartSection::notifyEdited);
    form->addRow(tr("&Best trials used:"), mTopK);

    mHelp = formHintLabel(box);
    form->addRow(QString(), mHelp);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(box);
    updateHelp();
}

void WarmStartSection::load(const StudySpec &spec)
{
    mLoading = true;
    const WarmStartSpec &w = spec.warmStart;
    mMode->setCurrentIndex(!w.isEnabled() ? 0 : w.mode == WarmStartSpec::Mode::BestFirst ? 1 : 2);
    if (w.isEnabled() || mOffered.isEmpty())
        mSources->setPlainText(w.from.join(u'\n'));
    mTopK->setValue(w.topK);
    mRename = w.rename;
    mOffered.clear();
    mLoading = false;
    updateHelp();
}

QStringList WarmStartSection::sources() const
{
    QStringList out;
    for (const QString &line : mSources->toPlainText().split(u'\n')) {
        if (!line.trimmed().isEmpty())
            out << line.trimmed();
    }
    return out;
}

void WarmStartSection::store(StudySpec &spec) const
{
    const QString mode = mMode->currentData().toString();
    spec.warmStart = WarmStartSpec();
    if (mode.isEmpty())
        return;
    spec.warmStart.from = sources();
    spec.warmStart.mode = mode == QLatin1String("prior") ? WarmStartSpec::Mode::Prior : WarmStartSpec::Mode::BestFirst;
    spec.warmStart.topK = mTopK->value();
    spec.warmStart.rename = mRename;
    if (spec.warmStart.from.isEmpty())
        spec.warmStart.from << QString(); // refused by the core as warm_start.from, marked here
}

QHash<QString, QWidget *> WarmStartSection::fields() const
{
    return {{QStringLiteral("warm_start"), mSources},
            {QStringLiteral("warm_start.from"), mSources},
            {QStringLiteral("warm_start.mode"), mMode},
            {QStringLiteral("warm_start.top_k"), mTopK}};
}

void WarmStartSection::setReadOnly(bool readOnly)
{
    mMode->setEnabled(!readOnly);
    mSources->setReadOnly(readOnly);
    mTopK->setEnabled(!readOnly);
}

void WarmStartSection::offerSource(const QString &source)
{
    mLoading = true;
    // A study that was warm-started itself keeps its sources, the new one added.
    if (mMode->currentData().toString().isEmpty() || sources().isEmpty())
        mSources->setPlainText(source);
    else if (!sources().contains(source))
        mSources->appendPlainText(source);
    mLoading = false;
    mOffered = source;
    updateHelp();
}

void WarmStartSection::updateHelp()
{
    const QString mode = mMode->currentData().toString();
    mSources->setEnabled(!mode.isEmpty() || !mOffered.isEmpty());
    mTopK->setEnabled(!mode.isEmpty());
    if (mode.isEmpty())
        mHelp->setText(mOffered.isEmpty() ? tr("The study starts from nothing.")
                                          : tr("Choose a mode to start from the study this one was made from."));
    else if (mode == QLatin1String("best_first"))
        mHelp->setText(tr("The sources' best configurations that fit this search space run first, then the method "
                          "goes on as usual."));
    else
        mHelp->setText(tr("The sources' trials teach tpe or bayes where the good region is, as another task whose "
                          "values may be shifted or scaled; they are not trials of this study and do not count "
                          "towards its budget."));
}

} // namespace tunescope

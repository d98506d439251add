#include "execution/trialcommand.h"
#include "pruners/pruner.h"
#include "samplers/sampler.h"
#include "space/studyspec.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

QString corpusDir()
{
    return QStringLiteral(TUNESCOPE_SOURCE_DIR "/tests/core/space/sweeps");
}

/// What a corpus file says of itself in its leading comments.
struct Expectation
{
    bool valid = false;
    QStringList errors;   ///< "key.path: message" prefixes
    QStringList warnings;
    std::optional<qint64> gridSize;
};

Expectation expectationOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    Expectation e;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (!line.startsWith(u'#'))
            break;
        const QString text = line.mid(1).trimmed();
        if (text == QLatin1String("expect: valid"))
            e.valid = true;
        else if (text.startsWith(QLatin1String("expect-error: ")))
            e.errors << text.mid(14);
        else if (text.startsWith(QLatin1String("expect-warning: ")))
            e.warnings << text.mid(16);
        else if (text.startsWith(QLatin1String("grid-size: ")))
            e.gridSize = text.mid(11).toLongLong();
    }
    return e;
}

/// Why a suggestion does not fit its space, or empty.
QString misfit(const SearchSpace &space, const QVariantMap &params)
{
    for (const Parameter &p : space.parameters()) {
        const bool active = space.isActive(p, params);
        if (params.contains(p.name) != active)
            return QStringLiteral("%1 is %2").arg(p.name, active ? "missing" : "there but inactive");
        if (!active)
            continue;
        const QVariant v = params.value(p.name);
        switch (p.type) {
        case Parameter::Type::Constant:
            if (v != p.value)
                return p.name + QStringLiteral(": not the constant");
            break;
        case Parameter::Type::Categorical:
            if (p.choiceIndex(v) < 0)
                return p.name + QStringLiteral(": not one of its values");
            break;
        case Parameter::Type::Int:
        case Parameter::Type::Float: {
            if ((p.type == Parameter::Type::Int) != (v.typeId() == QMetaType::LongLong))
                return p.name + QStringLiteral(": wrong type ") + QString::fromLatin1(v.typeName());
            const double x = v.toDouble();
            if (!std::isfinite(x))
                return p.name + QStringLiteral(": not finite");
            if (p.prior == Parameter::Prior::Uniform && p.rounding != Parameter::Rounding::Multiple
                && (x < p.low - 1e-12 || x > p.high + 1e-12))
                return QStringLiteral("%1: %2 outside [%3, %4]").arg(p.name).arg(x).arg(p.low).arg(p.high);
            if (p.rounding == Parameter::Rounding::Multiple && std::abs(x / p.step - std::round(x / p.step)) > 1e-9)
                return QStringLiteral("%1: %2 is no multiple of %3").arg(p.name).arg(x).arg(p.step);
            break;
        }
        }
    }
    return {};
}

} // namespace

/// The W&B sweep files of tests/core/space/sweeps, written from W&B's schema and docs: the
/// valid ones load, sample, prune and expand their command; the invalid ones are refused at
/// the key path their comment names.
class TestSweepCorpus : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qunsetenv("TUNESCOPE_CORPUS_UNSET");
        QVERIFY(qEnvironmentVariableIsSet("HOME"));
    }

    void corpusIsLargeEnough()
    {
        const QStringList files = QDir(corpusDir()).entryList({QStringLiteral("*.yaml")});
        QVERIFY2(files.size() >= 25, qPrintable(QString::number(files.size())));
        int valid = 0;
        for (const QString &f : files)
            valid += expectationOf(QDir(corpusDir()).absoluteFilePath(f)).valid;
        QVERIFY(valid >= 12);
        QVERIFY(files.size() - valid >= 12);
    }

    void file_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &f : QDir(corpusDir()).entryList({QStringLiteral("*.yaml")}))
            QTest::newRow(qPrintable(f)) << QDir(corpusDir()).absoluteFilePath(f);
    }
    void file()
    {
        QFETCH(QString, path);
        const Expectation expected = expectationOf(path);
        QVERIFY2(expected.valid != !expected.errors.isEmpty(), "the file must say `expect: valid` or `expect-error:`");

        const SpecLoadResult r = loadStudySpec(path);
        QStringList errors = formatSpecIssues(r.issues, SpecIssue::Severity::Error);
        const QStringList warnings = formatSpecIssues(r.issues, SpecIssue::Severity::Warning);
        std::unique_ptr<Sampler> sampler;
        QVariantMap first;
        QTemporaryDir dir;
        if (r.spec) {
            // What the runner checks before the first trial: the sampler, the pruner, the command.
            QString why;
            sampler = createSampler(*r.spec, &why);
            if (!sampler)
                errors << why;
            if (!createPruner(*r.spec, &why) && !r.spec->earlyTerminate.isEmpty())
                errors << why;
            TrialContext ctx;
            ctx.study = r.spec->name;
            ctx.params = r.spec->space.decode(std::vector<double>(size_t(r.spec->space.dimension()), 0.5));
            ctx.trialDirectory = dir.path();
            if (TrialCommand(*r.spec).argv(ctx, &why).isEmpty())
                errors << why;
        }

        if (!expected.valid) {
            QVERIFY2(!errors.isEmpty(), "accepted a file W&B refuses");
            for (const QString &e : expected.errors) {
                const bool found = std::any_of(errors.begin(), errors.end(), [&](const QString &got) { return got.startsWith(e); });
                QVERIFY2(found, qPrintable(QStringLiteral("expected '%1', got:\n%2").arg(e, errors.join(u'\n'))));
            }
            return;
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        QCOMPARE(warnings.size(), expected.warnings.size());
        for (const QString &w : expected.warnings) {
            const bool found = std::any_of(warnings.begin(), warnings.end(), [&](const QString &got) { return got.startsWith(w); });
            QVERIFY2(found, qPrintable(QStringLiteral("expected warning '%1', got:\n%2").arg(w, warnings.join(u'\n'))));
        }

        // Runs: suggestions that fit the space, from the random start into the model.
        const SearchSpace &space = r.spec->space;
        QList<Trial> trials;
        const int n = expected.gridSize ? int(*expected.gridSize) + 1 : 24;
        QSet<qint64> gridPoints;
        for (int i = 0; i < n; ++i) {
            const std::optional<QVariantMap> s = sampler->suggest(trials, i);
            if (!s) {
                QVERIFY2(expected.gridSize && i == *expected.gridSize, qPrintable(QStringLiteral("ran out after %1").arg(i)));
                break;
            }
            const QString why = misfit(space, *s);
            QVERIFY2(why.isEmpty(), qPrintable(QStringLiteral("suggestion %1: %2").arg(i).arg(why)));
            Trial t;
            t.number = i;
            t.state = TrialState::Complete;
            t.params = *s;
            double value = 0;
            for (const QVariant &v : *s)
                value += std::fmod(double(qHash(paramValueToString(v)) % 1000003) * 1e-6, 1.0);
            t.value = value;
            trials << t;
            if (expected.gridSize) {
                // A grid runs every valid point once.
                const std::optional<qint64> index = space.gridIndex(*s);
                QVERIFY(index && !gridPoints.contains(*index));
                gridPoints.insert(*index);
            }
        }
        if (expected.gridSize)
            QCOMPARE(space.gridSize(), expected.gridSize);
    }
};

QTEST_GUILESS_MAIN(TestSweepCorpus)
#include "tst_sweepcorpus.moc"

// Seeded studies give the same suggestions everywhere: every method, on a small fixed space,
// against sequences recorded once. The random streams are the project's own (SplitMix64),
// so no standard library or platform may change them; a change here is a change of every
// seeded study users have run, and needs a reason in the commit that makes it.
//
// To regenerate after such a deliberate change: TUNESCOPE_RECORD=1 build/tests/tst_reproducible
// prints every sequence in the form of the table below.

#include "samplers/sampler.h"
#include "space/searchspace.h"
#include "space/studyspec.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

namespace {

// A float, a log float, an int and a categorical; the grid methods get the stepped variant
// of each (Tunescope's q on a uniform and a log-uniform range: steps from min to max).
const char *const continuousSpace = "  x: {min: -1.0, max: 1.0}\n"
                                    "  lr: {distribution: log_uniform_values, min: 1.0e-4, max: 0.1}\n"
                                    "  units: {min: 1, max: 8}\n"
                                    "  opt: {values: [sgd, adam, rmsprop]}\n";
const char *const gridSpace = "  x: {distribution: uniform, min: -1.0, max: 1.0, q: 0.5}\n"
                              "  lr: {distribution: log_uniform_values, min: 1, max: 64, q: 1}\n"
                              "  units: {min: 1, max: 3}\n"
                              "  opt: {values: [sgd, adam, rmsprop]}\n";

StudySpec specFor(const QString &method)
{
    const bool grid = method.endsWith(QLatin1String("grid"));
    const QByteArray yaml = "program: p\nmethod: " + method.toUtf8()
                            + "\nmethod_options: {n_startup_trials: 3}\nmetric: {name: loss}\nseed: 7\nparameters:\n"
                            + (grid ? gridSpace : continuousSpace);
    const SpecLoadResult r = parseStudySpec(yaml, "reproducible.yaml");
    if (!r.spec)
        qFatal("%s", qPrintable(r.errors.join('\n')));
    return *r.spec;
}

double objective(const QVariantMap &p)
{
    const double x = p.value("x").toDouble() - 0.3;
    const double lr = std::log10(p.value("lr").toDouble()) + 2.0;
    const double units = p.value("units").toDouble() - 5.0;
    return x * x + lr * lr + 0.1 * units * units + (p.value("opt").toString() == QLatin1String("adam") ? 0.0 : 0.5);
}

QString describe(const QVariantMap &params)
{
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it)
        parts << it.key() + '=' + paramValueToString(it.value());
    return parts.join(' ');
}

/// Runs `count` trials, each told its objective before the next is asked for.
QStringList suggestions(const QString &method, int count)
{
    QString error;
    const std::unique_ptr<Sampler> sampler = createSampler(specFor(method), &error);
    if (!sampler)
        qFatal("%s", qPrintable(error));
    QList<Trial> trials;
    QStringList out;
    for (int n = 0; n < count; ++n) {
        Trial t;
        t.number = n;
        t.params = sampler->suggest(trials, n).value_or(QVariantMap());
        t.state = TrialState::Complete;
        t.value = objective(t.params);
        trials.append(t);
        out << describe(t.params);
    }
    return out;
}

/// Equal, but for floats within 1e-9 relative: the streams are exact, while the models' libm
/// and vectorized arithmetic may round the last bits differently on another platform.
bool sameSuggestion(const QString &got, const QString &expected)
{
    const QStringList a = got.split(' '), b = expected.split(' ');
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i] == b[i])
            continue;
        const QString key = a[i].section('=', 0, 0);
        bool okA = false, okB = false;
        const double va = a[i].section('=', 1).toDouble(&okA), vb = b[i].section('=', 1).toDouble(&okB);
        if (key != b[i].section('=', 0, 0) || !okA || !okB || key == QLatin1String("units")
            || std::abs(va - vb) > 1e-9 * std::max(1.0, std::abs(vb)))
            return false;
    }
    return true;
}

} // namespace

class TestReproducible : public QObject
{
    Q_OBJECT

private slots:
    void recordedSequence_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QStringList>("expected");
        // Recorded with TUNESCOPE_RECORD=1 (see the top of this file).
        QTest::newRow("random") << "random" << QStringList{
            "lr=0.09532338387505274 opt=adam units=4 x=0.46095176884018496",
            "lr=0.007941368358589301 opt=adam units=3 x=0.6325147704230194",
            "lr=0.004427098463490172 opt=adam units=2 x=-0.9053352349147394",
            "lr=0.01574112313542995 opt=adam units=5 x=-0.3145921894075385",
            "lr=0.023090793354697978 opt=rmsprop units=2 x=0.12351243656222977",
            "lr=0.0180390231008163 opt=sgd units=1 x=0.11656905755496738",
        };
        QTest::newRow("grid") << "grid" << QStringList{
            "lr=1 opt=sgd units=1 x=-1",
            "lr=1 opt=adam units=1 x=-1",
            "lr=1 opt=rmsprop units=1 x=-1",
            "lr=1 opt=sgd units=2 x=-1",
            "lr=1 opt=adam units=2 x=-1",
            "lr=1 opt=rmsprop units=2 x=-1",
        };
        QTest::newRow("random-grid") << "random-grid" << QStringList{
            "lr=51 opt=rmsprop units=2 x=0",
            "lr=49 opt=sgd units=3 x=0",
            "lr=50 opt=adam units=2 x=-0.5",
            "lr=54 opt=adam units=1 x=0",
            "lr=47 opt=sgd units=3 x=0.5",
            "lr=28 opt=sgd units=1 x=-0.5",
        };
        QTest::newRow("sobol") << "sobol" << QStringList{
            "lr=0.09476998883563587 opt=rmsprop units=7 x=-0.9694738362450153",
            "lr=0.0021746391176563906 opt=sgd units=1 x=0.5021274553146213",
            "lr=0.012394537428663139 opt=rmsprop units=5 x=0.06978887715376914",
            "lr=0.0005401859494218515 opt=adam units=3 x=-0.4120128236245364",
            "lr=0.0042237100488256765 opt=sgd units=2 x=-0.19071531132794917",
            "lr=0.00011962612841358562 opt=adam units=8 x=0.28306131321005523",
        };
        QTest::newRow("tpe") << "tpe" << QStringList{
            "lr=0.09532338387505274 opt=adam units=4 x=0.46095176884018496",
            "lr=0.007941368358589301 opt=adam units=3 x=0.6325147704230194",
            "lr=0.004427098463490172 opt=adam units=2 x=-0.9053352349147394",
            "lr=0.001787989265724709 opt=adam units=3 x=0.9165625558007258",
            "lr=0.0016031687890332813 opt=adam units=8 x=0.3589782845777898",
            "lr=0.024149612964488035 opt=adam units=1 x=0.24750650912574113",
        };
        QTest::newRow("bayes") << "bayes" << QStringList{
            "lr=0.09476998883563587 opt=rmsprop units=7 x=-0.9694738362450153",
            "lr=0.0021746391176563906 opt=sgd units=1 x=0.5021274553146213",
            "lr=0.012394537428663139 opt=rmsprop units=5 x=0.06978887715376914",
            "lr=0.01036645805513625 opt=rmsprop units=6 x=0.5114057391862437",
            "lr=0.0014020460554586168 opt=rmsprop units=2 x=0.27153531960033517",
            "lr=0.1 opt=rmsprop units=5 x=0.35318707171985286",
        };
    }

    void recordedSequence()
    {
        QFETCH(QString, method);
        QFETCH(QStringList, expected);
        const QStringList got = suggestions(method, 6);
        if (qEnvironmentVariableIsSet("TUNESCOPE_RECORD")) {
            QString table = QStringLiteral("QTest::newRow(\"%1\") << \"%1\" << QStringList{\n").arg(method);
            for (const QString &s : got)
                table += QStringLiteral("    \"%1\",\n").arg(s);
            qInfo("%s};", qPrintable(table));
        }
        QCOMPARE(got.size(), expected.size());
        for (qsizetype i = 0; i < got.size(); ++i)
            QVERIFY2(sameSuggestion(got[i], expected[i]),
                     qPrintable(QStringLiteral("trial %1 of %2:\n   got      %3\n   expected %4")
                                    .arg(i).arg(method, got[i], expected[i])));
    }
};

QTEST_GUILESS_MAIN(TestReproducible)
#include "tst_reproducible.moc"

#include "space/studyspec.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

/// Every distribution of W&B's sweep schema and NNI's q-types, at fixed unit coordinates,
/// against values computed with numpy and scipy by W&B's and NNI's own formulas
/// (tests/core/space/data/distribution_reference.py prints the rows below).
class TestDistributions : public QObject
{
    Q_OBJECT

    static Parameter parse(const QString &yaml)
    {
        const QByteArray text = "program: p\nmethod: random\nmetric: {name: m}\nparameters: {x: " + yaml.toUtf8() + "}\n";
        const SpecLoadResult r = parseStudySpec(text, QStringLiteral("s.yaml"));
        if (!r.spec)
            qFatal("%s", qPrintable(r.errors.join(u'\n')));
        return r.spec->space.parameters().first();
    }

private slots:
    void quantile_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<double>("u");
        QTest::addColumn<QVariant>("expected");
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.001") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.001 << QVariant(-2.4935);
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.05") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.05 << QVariant(-2.175);
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.3") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.3 << QVariant(-0.55);
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.5") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.5 << QVariant(0.75);
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.77") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.77 << QVariant(2.505);
    QTest::newRow("{distribution: uniform, min: -2.5, max: 4} @ 0.999") << QStringLiteral("{distribution: uniform, min: -2.5, max: 4}") << 0.999 << QVariant(3.9935);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.001") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.001 << QVariant(1.0092528860766835e-05);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.05") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.05 << QVariant(1.584893192461113e-05);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.3") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.3 << QVariant(0.00015848931924611147);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.5") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.5 << QVariant(0.0010000000000000002);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.77") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.77 << QVariant(0.012022644346174137);
    QTest::newRow("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1} @ 0.999") << QStringLiteral("{distribution: log_uniform_values, min: 1.0e-5, max: 0.1}") << 0.999 << QVariant(0.0990831944892769);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.001") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.001 << QVariant(0.00010173898449434489);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.05") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.05 << QVariant(0.00014266661688322596);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.3") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.3 << QVariant(0.0008007193874922822);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.5") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.5 << QVariant(0.00318278079650967);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.77") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.77 << QVariant(0.020506774172181767);
    QTest::newRow("{distribution: log_uniform, min: -9.2, max: -2.3} @ 0.999") << QStringLiteral("{distribution: log_uniform, min: -9.2, max: -2.3}") << 0.999 << QVariant(0.09956943888302526);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.001") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.001 << QVariant(0.01837066830825761);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.05") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.05 << QVariant(0.021279736438377175);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.3") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.3 << QVariant(0.04504920239355783);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.5") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.5 << QVariant(0.0820849986238988);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.77") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.77 << QVariant(0.1845195239929893);
    QTest::newRow("{distribution: inv_log_uniform, min: 1, max: 4} @ 0.999") << QStringLiteral("{distribution: inv_log_uniform, min: 1, max: 4}") << 0.999 << QVariant(0.3667774566511966);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.001") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.001 << QVariant(0.0010062339588403216);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.05") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.05 << QVariant(0.0013644213303214186);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.3") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.3 << QVariant(0.0064519501214821634);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.5") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.5 << QVariant(0.0223606797749979);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.77") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.77 << QVariant(0.11973108093406443);
    QTest::newRow("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5} @ 0.999") << QStringLiteral("{distribution: inv_log_uniform_values, min: 0.001, max: 0.5}") << 0.999 << QVariant(0.49690233131889827);
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.001") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.001 << QVariant(qlonglong(0));
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.05") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.05 << QVariant(qlonglong(0));
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.3") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.3 << QVariant(qlonglong(4));
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.5") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.5 << QVariant(qlonglong(4));
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.77") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.77 << QVariant(qlonglong(8));
    QTest::newRow("{distribution: q_uniform, min: 1, max: 10, q: 4} @ 0.999") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}") << 0.999 << QVariant(qlonglong(8));
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.001") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.001 << QVariant(0.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.05") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.05 << QVariant(0.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.3") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.3 << QVariant(0.25);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.5") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.5 << QVariant(0.5);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.77") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.77 << QVariant(0.75);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 1, q: 0.25} @ 0.999") << QStringLiteral("{distribution: q_uniform, min: 0, max: 1, q: 0.25}") << 0.999 << QVariant(1.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.001") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.001 << QVariant(0.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.05") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.05 << QVariant(0.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.3") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.3 << QVariant(3.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.5") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.5 << QVariant(5.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.77") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.77 << QVariant(8.0);
    QTest::newRow("{distribution: q_uniform, min: 0, max: 10} @ 0.999") << QStringLiteral("{distribution: q_uniform, min: 0, max: 10}") << 0.999 << QVariant(10.0);
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.001") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.001 << QVariant(qlonglong(16));
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.05") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.05 << QVariant(qlonglong(16));
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.3") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.3 << QVariant(qlonglong(48));
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.5") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.5 << QVariant(qlonglong(88));
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.77") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.77 << QVariant(qlonglong(232));
    QTest::newRow("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8} @ 0.999") << QStringLiteral("{distribution: q_log_uniform_values, min: 16, max: 512, q: 8}") << 0.999 << QVariant(qlonglong(512));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.001") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.001 << QVariant(qlonglong(7));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.05") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.05 << QVariant(qlonglong(9));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.3") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.3 << QVariant(qlonglong(25));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.5") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.5 << QVariant(qlonglong(55));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.77") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.77 << QVariant(qlonglong(161));
    QTest::newRow("{distribution: q_log_uniform, min: 2, max: 6, q: 1} @ 0.999") << QStringLiteral("{distribution: q_log_uniform, min: 2, max: 6, q: 1}") << 0.999 << QVariant(qlonglong(402));
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.001") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.001 << QVariant(-0.11804646123356266);
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.05") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.05 << QVariant(0.1710292746097054);
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.3") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.3 << QVariant(0.3951198974583918);
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.5") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.5 << QVariant(0.5);
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.77") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.77 << QVariant(0.6477693698370428);
    QTest::newRow("{distribution: normal, mu: 0.5, sigma: 0.2} @ 0.999") << QStringLiteral("{distribution: normal, mu: 0.5, sigma: 0.2}") << 0.999 << QVariant(1.1180464612335625);
    QTest::newRow("{distribution: normal} @ 0.001") << QStringLiteral("{distribution: normal}") << 0.001 << QVariant(-3.090232306167813);
    QTest::newRow("{distribution: normal} @ 0.05") << QStringLiteral("{distribution: normal}") << 0.05 << QVariant(-1.6448536269514729);
    QTest::newRow("{distribution: normal} @ 0.3") << QStringLiteral("{distribution: normal}") << 0.3 << QVariant(-0.5244005127080409);
    QTest::newRow("{distribution: normal} @ 0.5") << QStringLiteral("{distribution: normal}") << 0.5 << QVariant(0.0);
    QTest::newRow("{distribution: normal} @ 0.77") << QStringLiteral("{distribution: normal}") << 0.77 << QVariant(0.7388468491852137);
    QTest::newRow("{distribution: normal} @ 0.999") << QStringLiteral("{distribution: normal}") << 0.999 << QVariant(3.090232306167813);
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.001") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.001 << QVariant(qlonglong(16));
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.05") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.05 << QVariant(qlonglong(40));
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.3") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.3 << QVariant(qlonglong(56));
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.5") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.5 << QVariant(qlonglong(64));
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.77") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.77 << QVariant(qlonglong(72));
    QTest::newRow("{distribution: q_normal, mu: 64, sigma: 16, q: 8} @ 0.999") << QStringLiteral("{distribution: q_normal, mu: 64, sigma: 16, q: 8}") << 0.999 << QVariant(qlonglong(112));
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.001") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.001 << QVariant(-3.0);
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.05") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.05 << QVariant(-1.5);
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.3") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.3 << QVariant(-0.5);
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.5") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.5 << QVariant(0.0);
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.77") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.77 << QVariant(0.5);
    QTest::newRow("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5} @ 0.999") << QStringLiteral("{distribution: q_normal, mu: 0, sigma: 1, q: 0.5}") << 0.999 << QVariant(3.0);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.001") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.001 << QVariant(0.0004830702550729738);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.05") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.05 << QVariant(0.00422270044199804);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.3") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.3 << QVariant(0.022672540211539315);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.5") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.5 << QVariant(0.04978706836786394);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.77") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.77 << QVariant(0.15081072183680586);
    QTest::newRow("{distribution: log_normal, mu: -3, sigma: 1.5} @ 0.999") << QStringLiteral("{distribution: log_normal, mu: -3, sigma: 1.5}") << 0.999 << QVariant(5.131245715577977);
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.001") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.001 << QVariant(qlonglong(4));
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.05") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.05 << QVariant(qlonglong(8));
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.3") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.3 << QVariant(qlonglong(16));
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.5") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.5 << QVariant(qlonglong(20));
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.77") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.77 << QVariant(qlonglong(30));
    QTest::newRow("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2} @ 0.999") << QStringLiteral("{distribution: q_log_normal, mu: 3, sigma: 0.5, q: 2}") << 0.999 << QVariant(qlonglong(94));
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.001") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.001 << QVariant(0.008255492787746678);
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.05") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.05 << QVariant(0.06284989170835438);
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.3") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.3 << QVariant(0.18180347131894917);
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.5") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.5 << QVariant(0.26444998329566005);
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.77") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.77 << QVariant(0.402118402610099);
    QTest::newRow("{distribution: beta, a: 2, b: 5} @ 0.999") << QStringLiteral("{distribution: beta, a: 2, b: 5}") << 0.999 << QVariant(0.818613866919134);
    QTest::newRow("{distribution: beta} @ 0.001") << QStringLiteral("{distribution: beta}") << 0.001 << QVariant(0.001);
    QTest::newRow("{distribution: beta} @ 0.05") << QStringLiteral("{distribution: beta}") << 0.05 << QVariant(0.05);
    QTest::newRow("{distribution: beta} @ 0.3") << QStringLiteral("{distribution: beta}") << 0.3 << QVariant(0.3);
    QTest::newRow("{distribution: beta} @ 0.5") << QStringLiteral("{distribution: beta}") << 0.5 << QVariant(0.5);
    QTest::newRow("{distribution: beta} @ 0.77") << QStringLiteral("{distribution: beta}") << 0.77 << QVariant(0.77);
    QTest::newRow("{distribution: beta} @ 0.999") << QStringLiteral("{distribution: beta}") << 0.999 << QVariant(0.999);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.001") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.001 << QVariant(0.0);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.05") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.05 << QVariant(0.0);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.3") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.3 << QVariant(0.2);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.5") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.5 << QVariant(0.5);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.77") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.77 << QVariant(0.9);
    QTest::newRow("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1} @ 0.999") << QStringLiteral("{distribution: q_beta, a: 0.5, b: 0.5, q: 0.1}") << 0.999 << QVariant(1.0);
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.001") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.001 << QVariant(qlonglong(-3));
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.05") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.05 << QVariant(qlonglong(-3));
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.3") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.3 << QVariant(qlonglong(0));
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.5") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.5 << QVariant(qlonglong(2));
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.77") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.77 << QVariant(qlonglong(5));
    QTest::newRow("{distribution: int_uniform, min: -3, max: 7} @ 0.999") << QStringLiteral("{distribution: int_uniform, min: -3, max: 7}") << 0.999 << QVariant(qlonglong(7));
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.001") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.001 << QVariant(2.0);
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.05") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.05 << QVariant(2.0);
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.3") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.3 << QVariant(5.0);
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.5") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.5 << QVariant(5.0);
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.77") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.77 << QVariant(10.0);
    QTest::newRow("{distribution: quniform, min: 2, max: 10, q: 5} @ 0.999") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}") << 0.999 << QVariant(10.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.001") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.001 << QVariant(1.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.05") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.05 << QVariant(1.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.3") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.3 << QVariant(1.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.5") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.5 << QVariant(50.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.77") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.77 << QVariant(200.0);
    QTest::newRow("{distribution: qloguniform, min: 1, max: 1000, q: 50} @ 0.999") << QStringLiteral("{distribution: qloguniform, min: 1, max: 1000, q: 50}") << 0.999 << QVariant(1000.0);
    QTest::newRow("categorical_w_probabilities @ 0.0") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.0 << QVariant(QStringLiteral("a"));
    QTest::newRow("categorical_w_probabilities @ 0.1") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.1 << QVariant(QStringLiteral("a"));
    QTest::newRow("categorical_w_probabilities @ 0.19") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.19 << QVariant(QStringLiteral("a"));
    QTest::newRow("categorical_w_probabilities @ 0.2") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.2 << QVariant(QStringLiteral("b"));
    QTest::newRow("categorical_w_probabilities @ 0.69") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.69 << QVariant(QStringLiteral("b"));
    QTest::newRow("categorical_w_probabilities @ 0.7") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.7 << QVariant(QStringLiteral("c"));
    QTest::newRow("categorical_w_probabilities @ 0.95") << QStringLiteral("{values: [a, b, c], probabilities: [0.2, 0.5, 0.3]}") << 0.95 << QVariant(QStringLiteral("c"));
    }
    void quantile()
    {
        QFETCH(QString, yaml);
        QFETCH(double, u);
        QFETCH(QVariant, expected);
        const Parameter p = parse(yaml);
        const QVariant value = p.fromUnit(u);
        // The type as W&B gives it: ints for int_uniform and for an integer q.
        QCOMPARE(value.typeId(), expected.typeId());
        if (expected.typeId() != QMetaType::Double) {
            QCOMPARE(value, expected);
            return;
        }
        const double got = value.toDouble(), want = expected.toDouble();
        QVERIFY2(std::abs(got - want) <= 1e-12 * std::max(1.0, std::abs(want)),
                 qPrintable(QStringLiteral("%1 at %2: %3, expected %4").arg(yaml).arg(u).arg(got, 0, 'g', 17).arg(want, 0, 'g', 17)));
        // The CDF takes an unrounded value back to its coordinate.
        if (p.rounding == Parameter::Rounding::Grid && p.type == Parameter::Type::Float)
            QVERIFY2(std::abs(p.toUnit(value) - u) < 1e-9, qPrintable(QString::number(p.toUnit(value))));
    }

    void gridOfQUniformIsNumpysArange_data()
    {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QVariantList>("expected");
        // numpy.arange(min, max, q).tolist(), as W&B's grid lists a q_uniform: max excluded.
        QTest::newRow("ints") << QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}")
                              << QVariantList{qlonglong(1), qlonglong(5), qlonglong(9)};
        QTest::newRow("max excluded") << QStringLiteral("{distribution: q_uniform, min: 0, max: 12, q: 4}")
                                      << QVariantList{qlonglong(0), qlonglong(4), qlonglong(8)};
        QTest::newRow("floats") << QStringLiteral("{distribution: q_uniform, min: 0.1, max: 1.0, q: 0.2}")
                                << QVariantList{0.1, 0.30000000000000004, 0.5000000000000001, 0.7000000000000001, 0.9000000000000001};
        // int_uniform: range(min, max + 1)
        QTest::newRow("int_uniform") << QStringLiteral("{distribution: int_uniform, min: -1, max: 2}")
                                     << QVariantList{qlonglong(-1), qlonglong(0), qlonglong(1), qlonglong(2)};
        // NNI's quniform [2, 10, 5]: "possible values are [2, 5, 10]" (search_space.rst)
        QTest::newRow("nni quniform") << QStringLiteral("{distribution: quniform, min: 2, max: 10, q: 5}")
                                      << QVariantList{2.0, 5.0, 10.0};
        QTest::newRow("nni quniform 2.5") << QStringLiteral("{distribution: quniform, min: 0, max: 10, q: 2.5}")
                                          << QVariantList{0.0, 2.5, 5.0, 7.5, 10.0};
    }
    void gridOfQUniformIsNumpysArange()
    {
        QFETCH(QString, yaml);
        QFETCH(QVariantList, expected);
        const QVariantList grid = parse(yaml).gridValues();
        QCOMPARE(grid.size(), expected.size());
        for (qsizetype i = 0; i < grid.size(); ++i) {
            QCOMPARE(grid.at(i).typeId(), expected.at(i).typeId());
            QCOMPARE(grid.at(i), expected.at(i));
        }
    }

    void qRoundsHalfToEven()
    {
        // numpy.round and Python's round: 2.5 -> 2, 3.5 -> 4 (q = 1 over [0, 10]: u = 0.25 is 2.5).
        const Parameter p = parse(QStringLiteral("{distribution: q_uniform, min: 0, max: 10, q: 1}"));
        QCOMPARE(p.fromUnit(0.25), QVariant(qlonglong(2)));
        QCOMPARE(p.fromUnit(0.35), QVariant(qlonglong(4)));
    }

    void wandbQIsNotClippedButNnisIs()
    {
        // W&B's q_uniform over [1, 10] with q 4 reaches 0 (below min); NNI's quniform clips to 1.
        QCOMPARE(parse(QStringLiteral("{distribution: q_uniform, min: 1, max: 10, q: 4}")).fromUnit(0.0), QVariant(qlonglong(0)));
        QCOMPARE(parse(QStringLiteral("{distribution: quniform, min: 1, max: 10, q: 4}")).fromUnit(0.0), QVariant(1.0));
    }
};

QTEST_APPLESS_MAIN(TestDistributions)
#include "tst_distributions.moc"

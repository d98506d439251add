#include "samplers/sobol.h"
#include "samplers/sobolsampler.h"

#include <QtTest>

#include <set>

using namespace tunescope;

/// Scrambled Sobol sequence and the `sobol` sampler.
class TestSobol : public QObject
{
    Q_OBJECT

private slots:
    void unscrambledMatchesReference()
    {
        // The classic first points (Joe-Kuo directions, Gray-code order), as scipy gives them.
        const Sobol s(5, 0, false);
        const double expected[8][5] = {{0, 0, 0, 0, 0},
                                       {0.5, 0.5, 0.5, 0.5, 0.5},
                                       {0.75, 0.25, 0.25, 0.25, 0.75},
                                       {0.25, 0.75, 0.75, 0.75, 0.25},
                                       {0.375, 0.375, 0.625, 0.875, 0.375},
                                       {0.875, 0.875, 0.125, 0.375, 0.875},
                                       {0.625, 0.125, 0.875, 0.625, 0.625},
                                       {0.125, 0.625, 0.375, 0.125, 0.125}};
        for (int i = 0; i < 8; ++i) {
            const std::vector<double> p = s.point(i);
            for (int d = 0; d < 5; ++d)
                QVERIFY2(std::abs(p[d] - expected[i][d]) < 1e-9, qPrintable(QStringLiteral("point %1 dim %2").arg(i).arg(d)));
        }
    }

    void scrambledKeepsNetProperty_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("2-D seed 0") << 2 << quint64(0);
        QTest::newRow("8-D seed 7") << 8 << quint64(7);
        QTest::newRow("1024-D seed 3") << 1024 << quint64(3);
    }

    void scrambledKeepsNetProperty()
    {
        QFETCH(int, dimension);
        QFETCH(quint64, seed);
        const Sobol s(dimension, seed);
        const int n = 64;
        std::vector<std::vector<int>> counts(dimension, std::vector<int>(n, 0));
        int pair[8][8] = {};
        for (int i = 0; i < n; ++i) {
            const std::vector<double> p = s.point(i);
            for (int d = 0; d < dimension; ++d) {
                QVERIFY(p[d] > 0.0 && p[d] < 1.0);
                counts[d][int(p[d] * n)]++;
            }
            pair[int(p[0] * 8)][int(p[1] * 8)]++;
        }
        // Every one-dimensional projection of the first 2^k points is stratified...
        for (int d = 0; d < dimension; ++d)
            for (int b = 0; b < n; ++b)
                QCOMPARE(counts[d][b], 1);
        // ...and the first two dimensions form a (0, m, 2)-net.
        for (auto &row : pair)
            for (int c : row)
                QCOMPARE(c, 1);
    }

    void pointsInARowMatchPointByIndex()
    {
        // points() steps from one point to the next by the Gray code's changed bit; it must
        // give point()'s values exactly, from any first index, across the carries of the
        // index (2^k - 1 to 2^k) and where the Gray code's high bits pass the table's.
        for (int dim : {1, 6, 21}) {
            const Sobol sobol(dim, 42);
            for (std::uint64_t first : {std::uint64_t(0), std::uint64_t(1), std::uint64_t(5), std::uint64_t(1023),
                                        std::uint64_t(65530), (std::uint64_t(1) << 32) - 3}) {
                const std::uint64_t count = first < 100000 ? 2100 : 3;
                std::vector<double> row(std::size_t(count) * std::size_t(dim));
                sobol.points(first, count, row.data());
                for (std::uint64_t i = 0; i < count; ++i) {
                    const std::vector<double> one = sobol.point(first + i);
                    for (int d = 0; d < dim; ++d)
                        QVERIFY2(row[std::size_t(i) * std::size_t(dim) + std::size_t(d)] == one[std::size_t(d)],
                                 qPrintable(QStringLiteral("dim %1, point %2, coordinate %3").arg(dim).arg(first + i).arg(d)));
                }
            }
        }
    }

    void seedDeterminesScramble()
    {
        const Sobol a(4, 11), b(4, 11), c(4, 12);
        QCOMPARE(a.point(37), b.point(37));
        QVERIFY(a.point(37) != c.point(37));
        QVERIFY(a.point(0) != std::vector<double>(4, 0.0)); // the scramble moves the origin
    }

    void dimensionLimits()
    {
        QCOMPARE(Sobol::maxDimension(), 1024);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Sobol(Sobol::maxDimension() + 1, 0));
        QCOMPARE(Sobol(0, 0).point(5).size(), size_t(0));
    }

    void samplerIndexesByTrialNumber()
    {
        SearchSpace space;
        Parameter x;
        x.name = QStringLiteral("x");
        x.low = -1;
        x.high = 1;
        space.append(x);
        Parameter k;
        k.name = QStringLiteral("k");
        k.type = Parameter::Type::Categorical;
        k.choices = {QStringLiteral("a"), QStringLiteral("b")};
        space.append(k);
        SobolSampler s1(space, Goal::Minimize, 5), s2(space, Goal::Minimize, 5);
        // Trial 6 gets the same point whatever came before (resume, parallel workers).
        QCOMPARE(s1.suggest({}, 6), s2.suggest(QList<Trial>(3), 6));
        std::set<QString> seen;
        for (int i = 0; i < 16; ++i) {
            const QVariantMap p = *s1.suggest({}, i);
            QVERIFY(p.value(QStringLiteral("x")).toDouble() >= -1 && p.value(QStringLiteral("x")).toDouble() <= 1);
            seen.insert(p.value(QStringLiteral("k")).toString());
        }
        QCOMPARE(seen.size(), size_t(2));
    }

    void samplerBeyondTableDimension()
    {
        SearchSpace space;
        for (int i = 0; i < Sobol::maxDimension() + 5; ++i) {
            Parameter x;
            x.name = QStringLiteral("x%1").arg(i);
            space.append(x);
        }
        SobolSampler s(space, Goal::Minimize, 1);
        QCOMPARE(s.unitPoint(3).size(), size_t(space.dimension()));
    }
};

QTEST_GUILESS_MAIN(TestSobol)
#include "tst_sobol.moc"

// The project's generator (common/splitmix.h): the published SplitMix64 stream and the draws
// built on it. Statistical checks use fixed seeds, so they are deterministic; each bound is a
// chi-square quantile at p = 0.001 and each is far from what the biased shortcuts (a modulo,
// a multiply without rejection) would give.

#include "common/splitmix.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <concepts>
#include <limits>
#include <numeric>
#include <random> // only for the concept below: no std distribution is used
#include <vector>

using namespace tunescope;

// Deliberately not usable with the implementation-defined std distributions.
static_assert(!std::uniform_random_bit_generator<SplitMix64>);

namespace {

/// Pearson's statistic of observed counts against expected probabilities.
double chiSquare(const std::vector<double> &counts, const std::vector<double> &probabilities)
{
    const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
    double chi2 = 0.0;
    for (size_t i = 0; i < counts.size(); ++i) {
        const double expected = total * probabilities[i];
        chi2 += (counts[i] - expected) * (counts[i] - expected) / expected;
    }
    return chi2;
}

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

} // namespace

class TestSplitMix : public QObject
{
    Q_OBJECT

private slots:
    void matchesTheReferenceStream()
    {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64": the first five words for seed
        // 1234567, as Vigna's splitmix64.c gives them; and the first word for seed 0.
        SplitMix64 rng(1234567);
        for (std::uint64_t expected : {6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
                                       4593380528125082431ULL, 16408922859458223821ULL})
            QCOMPARE(rng.next(), expected);
        QCOMPARE(SplitMix64(0).next(), 0xe220a8397b1dcdafULL);
        // The hash is the first word of the stream seeded with its argument.
        QCOMPARE(splitmix64(1234567), 6457827717110365317ULL);
        static_assert(splitmix64(0) == 0xe220a8397b1dcdafULL);
    }

    void unitIntervals()
    {
        SplitMix64 rng(1);
        double sum = 0.0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double u = rng.unit();
            QVERIFY(u >= 0.0 && u < 1.0);
            const double scaled = u * 0x1.0p53; // exact: a multiple of 2^-53
            QCOMPARE(scaled, std::floor(scaled));
            const double open = rng.openUnit();
            QVERIFY(open > 0.0 && open < 1.0);
            sum += u + open;
        }
        // Mean of 2n uniforms: 1/2 with a standard error of 0.00046.
        QVERIFY2(std::abs(sum / (2 * n) - 0.5) < 0.003, qPrintable(QString::number(sum / (2 * n))));
    }

    void belowStaysInRange()
    {
        SplitMix64 rng(2);
        QCOMPARE(rng.below(0), 0ULL);
        for (std::uint64_t n : {1ULL, 2ULL, 3ULL, 7ULL, 10ULL, (1ULL << 32) + 1, (1ULL << 63) + 1, ~0ULL}) {
            for (int i = 0; i < 2000; ++i)
                QVERIFY(rng.below(n) < n);
        }
        for (int i = 0; i < 100; ++i)
            QCOMPARE(rng.below(1), 0ULL);
    }

    void belowIsUnbiased_data()
    {
        QTest::addColumn<quint64>("n");
        QTest::newRow("10") << quint64(10);
        QTest::newRow("7") << quint64(7);
        QTest::newRow("3 * 2^62") << quint64(3ULL << 62);
    }

    void belowIsUnbiased()
    {
        // Small n: every value, chi-square with n - 1 degrees of freedom (p = 0.001: 27.9 for
        // 9, 22.5 for 6). n = 3 * 2^62 is where the shortcuts fail: a modulo puts half of the
        // draws below 2^62, a multiply without rejection half on the multiples of 3; three
        // bins by range and by residue must each be even (2 degrees of freedom: 13.8).
        QFETCH(quint64, n);
        SplitMix64 rng(3);
        const int draws = 60000;
        if (n < 100) {
            std::vector<double> counts(n, 0.0);
            for (int i = 0; i < draws; ++i)
                counts[size_t(rng.below(n))] += 1.0;
            const double chi2 = chiSquare(counts, std::vector<double>(n, 1.0 / double(n)));
            QVERIFY2(chi2 < (n == 10 ? 27.9 : 22.5), qPrintable(QString::number(chi2)));
            return;
        }
        std::vector<double> byRange(3, 0.0), byResidue(3, 0.0);
        for (int i = 0; i < draws; ++i) {
            const std::uint64_t k = rng.below(n);
            QVERIFY(k < n);
            byRange[size_t(k >> 62)] += 1.0;
            byResidue[size_t(k % 3)] += 1.0;
        }
        const std::vector<double> third(3, 1.0 / 3.0);
        QVERIFY2(chiSquare(byRange, third) < 13.8, qPrintable(QString::number(chiSquare(byRange, third))));
        QVERIFY2(chiSquare(byResidue, third) < 13.8, qPrintable(QString::number(chiSquare(byResidue, third))));
    }

    void betweenIncludesBothEnds()
    {
        SplitMix64 rng(4);
        bool low = false, high = false;
        for (int i = 0; i < 1000; ++i) {
            const std::int64_t v = rng.between(-3, 3);
            QVERIFY(v >= -3 && v <= 3);
            low |= v == -3;
            high |= v == 3;
        }
        QVERIFY(low && high);
        QCOMPARE(rng.between(5, 5), std::int64_t(5));
        QCOMPARE(rng.between(5, 2), std::int64_t(5));
        constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
        constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
        bool negative = false, positive = false;
        for (int i = 0; i < 100; ++i) {
            const std::int64_t v = rng.between(min, max);
            negative |= v < 0;
            positive |= v > 0;
        }
        QVERIFY(negative && positive);
    }

    void normalHasTheStandardDistribution()
    {
        // Counts in 8 bins bounded by standard normal quantiles (chi-square, 7 degrees of
        // freedom, p = 0.001: 24.3), and the first four moments.
        SplitMix64 rng(5);
        const std::vector<double> edges{-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0};
        std::vector<double> probabilities, counts(edges.size() + 1, 0.0);
        double previous = 0.0;
        for (double e : edges) {
            probabilities.push_back(normalCdf(e) - previous);
            previous = normalCdf(e);
        }
        probabilities.push_back(1.0 - previous);
        const int n = 200000;
        double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
        for (int i = 0; i < n; ++i) {
            const double z = rng.normal();
            QVERIFY(std::isfinite(z));
            counts[size_t(std::upper_bound(edges.begin(), edges.end(), z) - edges.begin())] += 1.0;
            m1 += z / n;
            m2 += z * z / n;
            m3 += z * z * z / n;
            m4 += z * z * z * z / n;
        }
        const double chi2 = chiSquare(counts, probabilities);
        QVERIFY2(chi2 < 24.3, qPrintable(QString::number(chi2)));
        // Standard errors at n = 200000: 0.0022, 0.0032, 0.0055 and 0.022.
        QVERIFY2(std::abs(m1) < 0.012, qPrintable(QString::number(m1)));
        QVERIFY2(std::abs(m2 - 1.0) < 0.016, qPrintable(QString::number(m2)));
        QVERIFY2(std::abs(m3) < 0.03, qPrintable(QString::number(m3)));
        QVERIFY2(std::abs(m4 - 3.0) < 0.11, qPrintable(QString::number(m4)));
    }

    void shuffleIsAPermutation()
    {
        SplitMix64 rng(6);
        for (int size : {0, 1, 2, 5, 100, 1000}) {
            std::vector<int> v(static_cast<size_t>(size));
            std::iota(v.begin(), v.end(), 0);
            rng.shuffle(v.begin(), v.end());
            std::vector<int> sorted = v;
            std::sort(sorted.begin(), sorted.end());
            for (int i = 0; i < size; ++i)
                QCOMPARE(sorted[size_t(i)], i);
            if (size >= 100)
                QVERIFY(!std::is_sorted(v.begin(), v.end()));
        }
        // The same seed, the same order.
        std::vector<int> a(50), b(50);
        std::iota(a.begin(), a.end(), 0);
        std::iota(b.begin(), b.end(), 0);
        SplitMix64 ra(9), rb(9);
        ra.shuffle(a.begin(), a.end());
        rb.shuffle(b.begin(), b.end());
        QCOMPARE(a, b);
    }

    void shuffleIsUniform()
    {
        // All 24 orders of 4 elements equally likely (chi-square, 23 degrees of freedom,
        // p = 0.001: 49.7). The classic mistake, swapping with any position instead of one at
        // or before it, makes 4^4 equally likely paths to 24 orders, so it cannot be even.
        SplitMix64 rng(7);
        std::vector<double> counts(24, 0.0);
        for (int i = 0; i < 48000; ++i) {
            std::vector<int> v{0, 1, 2, 3};
            rng.shuffle(v.begin(), v.end());
            // Lehmer code: the order's rank among the 24.
            int rank = 0;
            for (int j = 0; j < 4; ++j) {
                int smallerAfter = 0;
                for (int k = j + 1; k < 4; ++k)
                    smallerAfter += v[size_t(k)] < v[size_t(j)];
                rank = rank * (4 - j) + smallerAfter;
            }
            counts[size_t(rank)] += 1.0;
        }
        const double chi2 = chiSquare(counts, std::vector<double>(24, 1.0 / 24.0));
        QVERIFY2(chi2 < 49.7, qPrintable(QString::number(chi2)));
    }

    void categoricalFollowsTheWeights()
    {
        // Chi-square over the positive weights (3 degrees of freedom, p = 0.001: 16.3);
        // zero, negative and NaN weights are never drawn.
        const std::vector<double> weights{0.0, 1.0, 2.0, -1.0, 3.0, std::nan(""), 4.0};
        SplitMix64 rng(8);
        std::vector<double> counts(weights.size(), 0.0);
        for (int i = 0; i < 50000; ++i)
            counts[rng.categorical(weights)] += 1.0;
        QCOMPARE(counts[0], 0.0);
        QCOMPARE(counts[3], 0.0);
        QCOMPARE(counts[5], 0.0);
        const double chi2 = chiSquare({counts[1], counts[2], counts[4], counts[6]}, {0.1, 0.2, 0.3, 0.4});
        QVERIFY2(chi2 < 16.3, qPrintable(QString::number(chi2)));

        // No positive weight: every index equally likely.
        std::vector<double> uniform(3, 0.0);
        for (int i = 0; i < 3000; ++i)
            uniform[rng.categorical(std::vector<double>(3, 0.0))] += 1.0;
        QVERIFY2(chiSquare(uniform, {1.0 / 3, 1.0 / 3, 1.0 / 3}) < 13.8, qPrintable(QString::number(uniform[0])));
    }

    void categoricalCumulativeAgrees()
    {
        // Over running sums of the same weights, the same seed draws the same indices, and a
        // zero weight (a repeated running sum) is never drawn.
        const std::vector<double> weights{0.5, 0.0, 2.0, 1.5, 0.0};
        std::vector<double> cumulative(weights.size());
        std::partial_sum(weights.begin(), weights.end(), cumulative.begin());
        SplitMix64 a(10), b(10);
        for (int i = 0; i < 20000; ++i) {
            const size_t k = b.categoricalCumulative(cumulative);
            QCOMPARE(k, a.categorical(weights));
            QVERIFY(weights[k] > 0.0);
        }
    }
};

QTEST_GUILESS_MAIN(TestSplitMix)
#include "tst_splitmix.moc"

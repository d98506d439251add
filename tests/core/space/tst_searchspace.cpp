#include "space/searchspace.h"

#include <QTest>

#include <cmath>

using namespace tunescope;

Q_DECLARE_METATYPE(tunescope::Parameter)

/// Unit-cube encoding, grids and validation of the search space.
class TestSearchSpace : public QObject
{
    Q_OBJECT

private:
    static Parameter floatParam(double lo, double hi, bool log = false, double step = 0)
    {
        Parameter p;
        p.name = QStringLiteral("x");
        p.type = Parameter::Type::Float;
        p.low = lo;
        p.high = hi;
        p.log = log;
        p.step = step;
        return p;
    }
    static Parameter intParam(double lo, double hi, double step = 1, bool log = false)
    {
        Parameter p = floatParam(lo, hi, log, step);
        p.type = Parameter::Type::Int;
        return p;
    }
    static Parameter categorical(const QString &name, QVariantList choices)
    {
        Parameter p;
        p.name = name;
        p.type = Parameter::Type::Categorical;
        p.choices = std::move(choices);
        return p;
    }

private slots:
    void fromUnitStaysInRange_data()
    {
        QTest::addColumn<Parameter>("param");
        QTest::newRow("uniform") << floatParam(-5, 10);
        QTest::newRow("log") << floatParam(1e-4, 0.1, true);
        QTest::newRow("q_uniform") << floatParam(0, 1, false, 0.25);
        QTest::newRow("int") << intParam(16, 256);
        QTest::newRow("int step") << intParam(2, 20, 3);
        QTest::newRow("int log") << intParam(1, 1024, 1, true);
        QTest::newRow("int single") << intParam(7, 7);
    }
    void fromUnitStaysInRange()
    {
        QFETCH(Parameter, param);
        for (int i = 0; i <= 1000; ++i) {
            const double u = i / 1000.0;
            const double x = param.fromUnit(u).toDouble();
            QVERIFY2(x >= param.low && x <= param.high, qPrintable(QString::number(x)));
            if (param.type == Parameter::Type::Int)
                QCOMPARE(param.fromUnit(u).typeId(), int(QMetaType::LongLong));
            if (param.step > 0) {
                const double k = (x - param.low) / param.step;
                QVERIFY(std::abs(k - std::round(k)) < 1e-9);
            }
            // Round trip: the value's own coordinate decodes to the same value.
            QCOMPARE(param.fromUnit(param.toUnit(param.fromUnit(u))).toDouble(), x);
        }
    }

    void intValuesEquallyLikely()
    {
        const Parameter p = intParam(1, 4);
        QHash<qlonglong, int> counts;
        for (int i = 0; i < 4000; ++i)
            counts[p.fromUnit((i + 0.5) / 4000.0).toLongLong()]++;
        QCOMPARE(counts.size(), 4);
        for (int c : counts)
            QCOMPARE(c, 1000);
    }

    void logIsUniformInLogSpace()
    {
        const Parameter p = floatParam(1e-4, 1e-1, true);
        QCOMPARE(p.fromUnit(0.0).toDouble(), 1e-4);
        QVERIFY(std::abs(p.fromUnit(0.5).toDouble() - std::sqrt(1e-4 * 1e-1)) < 1e-12);
        QCOMPARE(p.fromUnit(1.0).toDouble(), 1e-1);
    }

    void boundsDecodeExactly_data()
    {
        QTest::addColumn<Parameter>("param");
        QTest::newRow("log 1e-3 .. 1e3") << floatParam(1e-3, 1e3, true);
        QTest::newRow("log 1e-4 .. 10") << floatParam(1e-4, 10, true);
        QTest::newRow("0.1 .. 0.3") << floatParam(0.1, 0.3);
        QTest::newRow("-32.768 .. 32.768") << floatParam(-32.768, 32.768);
    }
    void boundsDecodeExactly()
    {
        // A sampler that settles on a bound (the GP's searches stop at the cube's faces) must
        // hand the trial the bound itself, to the last bit: exp(log(1000)) is
        // 999.9999999999998, which reached a trial's command line and a report as the best C.
        QFETCH(Parameter, param);
        const double low = param.fromUnit(0.0).toDouble(), high = param.fromUnit(1.0).toDouble();
        QVERIFY2(low == param.low, qPrintable(QString::number(low, 'g', 17)));
        QVERIFY2(high == param.high, qPrintable(QString::number(high, 'g', 17)));
        QCOMPARE(param.toUnit(param.low), 0.0);
        QCOMPARE(param.toUnit(param.high), 1.0);
    }

    void categoricalBuckets()
    {
        const Parameter p = categorical("opt", {QStringLiteral("sgd"), QStringLiteral("adam"), true, qlonglong(3)});
        QCOMPARE(p.fromUnit(0.0).toString(), QStringLiteral("sgd"));
        QCOMPARE(p.fromUnit(0.3).toString(), QStringLiteral("adam"));
        QCOMPARE(p.fromUnit(0.6).typeId(), int(QMetaType::Bool));
        QCOMPARE(p.fromUnit(1.0).toLongLong(), 3);
        QCOMPARE(p.choiceIndex(QVariant(3.0)), 3);
        QCOMPARE(p.choiceIndex(QStringLiteral("3")), -1);
        QCOMPARE(p.toUnit(QStringLiteral("adam")), 0.375);
    }

    void encodeDecodeSkipsConstants()
    {
        Parameter c;
        c.name = QStringLiteral("epochs");
        c.type = Parameter::Type::Constant;
        c.value = qlonglong(20);
        Parameter lr = floatParam(1e-4, 0.1, true);
        lr.name = QStringLiteral("lr");
        SearchSpace space({lr, c, categorical("opt", {QStringLiteral("sgd"), QStringLiteral("adam")})});
        QCOMPARE(space.dimension(), 2);
        const QVariantMap values = space.decode({0.5, 0.9});
        QCOMPARE(values.value("epochs").toLongLong(), 20);
        QCOMPARE(values.value("opt").toString(), QStringLiteral("adam"));
        const std::vector<double> unit = space.encode(values);
        QCOMPARE(unit.size(), size_t(2));
        QVERIFY(std::abs(unit[0] - 0.5) < 1e-12);
    }

    void gridEnumeratesEveryPointOnce()
    {
        SearchSpace space({categorical("lr", {0.01, 0.001, 0.0001}), categorical("bs", {qlonglong(32), qlonglong(64), qlonglong(128)}),
                           intParam(1, 2)});
        QCOMPARE(space.gridSize().value_or(-1), 18);
        QSet<QString> seen;
        for (qint64 i = 0; i < 18; ++i) {
            const QVariantMap point = space.gridPoint(i);
            QCOMPARE(space.gridIndex(point).value_or(-1), i);
            seen.insert(QString::number(point.value("lr").toDouble()) + point.value("bs").toString() + point.value("x").toString());
        }
        QCOMPARE(seen.size(), 18);
        QVariantMap off = space.gridPoint(0);
        off["lr"] = 0.5;
        QVERIFY(!space.gridIndex(off));
    }

    void gridRefusesContinuousRange()
    {
        Parameter lr = floatParam(1e-4, 0.1, true);
        lr.name = QStringLiteral("lr");
        SearchSpace space({lr});
        SpecIssue why;
        QVERIFY(!space.gridSize(&why));
        QCOMPARE(why.path, QStringLiteral("parameters.lr"));
        QCOMPARE(why.keys, QStringList{"q"}); // a step would give it a grid
        QVERIFY2(why.message.contains("continuous"), qPrintable(why.message));
        Parameter q = floatParam(0, 1, false, 0.25);
        QCOMPARE(SearchSpace({q}).gridSize().value_or(-1), 5);
    }

    void validation_data()
    {
        QTest::addColumn<Parameter>("param");
        QTest::addColumn<QString>("expected");
        QTest::newRow("min > max") << floatParam(2, 1) << "parameters.x: min (2) must not be greater than max (1)";
        Parameter logZero = floatParam(0, 1, true);
        logZero.distribution = QStringLiteral("log_uniform_values");
        QTest::newRow("log min 0") << logZero << "parameters.x.min: must be > 0 for log_uniform_values (log scale)";
        QTest::newRow("empty values") << categorical("x", {}) << "parameters.x.values: must not be empty";
        QTest::newRow("repeated value") << categorical("x", {QStringLiteral("a"), QStringLiteral("a")})
                                        << "parameters.x.values: 'a' is listed twice";
        QTest::newRow("int fractional") << intParam(0.5, 3) << "parameters.x: min and max must be integers for this parameter";
        QTest::newRow("inf bound") << floatParam(0, qInf()) << "parameters.x.max: must be a finite number";
        // Hostile names: refused with a message that fits on one line.
        QTest::newRow("name with =") << categorical("a=b", {1}) << "parameters.a=b: invalid name: contains '=' (names may not contain =, {, } or $)";
        QTest::newRow("name with braces") << categorical("a{b}", {1}) << "parameters.a{b}: invalid name: contains '{' (names may not contain =, {, } or $)";
        QTest::newRow("name with $") << categorical("$(x)", {1}) << "parameters.$(x): invalid name: contains '$' (names may not contain =, {, } or $)";
        QTest::newRow("name with newline") << categorical("a\nb", {1}) << "parameters.a?b: invalid name: contains a control character such as a newline or tab";
        QTest::newRow("name with tab") << categorical("a\tb", {1}) << "parameters.a?b: invalid name: contains a control character such as a newline or tab";
        QTest::newRow("padded name") << categorical(" a", {1}) << "parameters. a: invalid name: leading or trailing white space";
        QTest::newRow("huge name") << categorical(QString(5000, u'n'), {1})
                                   << "parameters." + QString(40, u'n') + "...: invalid name: longer than 200 characters";
        QTest::newRow("empty name") << categorical("", {1}) << "parameters: a parameter has an empty name";
    }

    void acceptedNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("quotes") << "it's \"quoted\"";
        QTest::newRow("non-ASCII") << QStringLiteral("lernrate_\u00e4\u03b1\U0001F600");
        QTest::newRow("dots and dashes") << "model.lr-max_2";
        QTest::newRow("inner space") << "learning rate";
    }
    void acceptedNames()
    {
        QFETCH(QString, name);
        const QStringList errors = formatSpecIssues(SearchSpace({categorical(name, {1})}).validate(), SpecIssue::Severity::Error);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(" | ")));
    }
    void validation()
    {
        QFETCH(Parameter, param);
        QFETCH(QString, expected);
        const QStringList errors = formatSpecIssues(SearchSpace({param}).validate(), SpecIssue::Severity::Error);
        QVERIFY2(errors.contains(expected), qPrintable(errors.join(" | ")));
    }

    void duplicateNames()
    {
        const QStringList errors = formatSpecIssues(SearchSpace({floatParam(0, 1), floatParam(0, 2)}).validate(), SpecIssue::Severity::Error);
        QVERIFY(errors.contains("parameters.x: duplicate parameter name"));
    }

    void valueToString()
    {
        QCOMPARE(paramValueToString(0.001), QStringLiteral("0.001"));
        QCOMPARE(paramValueToString(qlonglong(64)), QStringLiteral("64"));
        QCOMPARE(paramValueToString(true), QStringLiteral("true"));
    }
};

QTEST_GUILESS_MAIN(TestSearchSpace)
#include "tst_searchspace.moc"

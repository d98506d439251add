// The parameter codec: exact round trips with types kept, the text it writes, what it
// refuses, and that storage, ${args_json}, TUNESCOPE_PARAMS and `tunescope ask` (which prints
// paramsToJson of the stored trial) spell a trial's parameters alike.

#include "common/paramcodec.h"
#include "execution/trialcommand.h"
#include "storage/storage.h"
#include "support/storagefixture.h"

#include <QSqlDatabase>
#include <QSizeF>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <limits>

using namespace tunescope;

namespace {

/// The same values with the same types, doubles bit for bit, lists and maps element-wise.
bool sameValue(const QVariant &a, const QVariant &b)
{
    if (a.typeId() != b.typeId())
        return false;
    switch (a.typeId()) {
    case QMetaType::Double:
        return fixture::sameDouble(a.toDouble(), b.toDouble());
    case QMetaType::QVariantList: {
        const QVariantList x = a.toList(), y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameValue(x[i], y[i]))
                return false;
        }
        return true;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap x = a.toMap(), y = b.toMap();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            if (!sameValue(it.value(), y.value(it.key())))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

QString show(const QVariantMap &params)
{
    return QString::fromUtf8(paramsToJson(params).value_or("<unwritable>"));
}

} // namespace

class TestParamCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QVariant>("expected"); // what reads back, type included
        QTest::addColumn<QByteArray>("json");   // the text written for {"x": value}
        const double third = 1.0 / 3.0;
        QTest::newRow("int") << QVariant(int(-7)) << QVariant(qlonglong(-7)) << QByteArray("{\"x\":-7}");
        QTest::newRow("int64") << QVariant(qlonglong(64)) << QVariant(qlonglong(64)) << QByteArray("{\"x\":64}");
        QTest::newRow("big int") << QVariant(qlonglong(9007199254740993LL)) << QVariant(qlonglong(9007199254740993LL))
                                 << QByteArray("{\"x\":9007199254740993}");
        QTest::newRow("unsigned") << QVariant(uint(3)) << QVariant(qlonglong(3)) << QByteArray("{\"x\":3}");
        QTest::newRow("integral double") << QVariant(64.0) << QVariant(64.0) << QByteArray("{\"x\":64.0}");
        QTest::newRow("negative zero") << QVariant(-0.0) << QVariant(-0.0) << QByteArray("{\"x\":-0.0}");
        QTest::newRow("0.1") << QVariant(0.1) << QVariant(0.1) << QByteArray("{\"x\":0.1}");
        QTest::newRow("third") << QVariant(third) << QVariant(third) << QByteArray("{\"x\":0.3333333333333333}");
        QTest::newRow("tiny") << QVariant(1e-300) << QVariant(1e-300) << QByteArray("{\"x\":1e-300}");
        QTest::newRow("huge") << QVariant(1e300) << QVariant(1e300) << QByteArray("{\"x\":1e+300}");
        QTest::newRow("max") << QVariant(std::numeric_limits<double>::max()) << QVariant(std::numeric_limits<double>::max())
                             << QByteArray("{\"x\":1.7976931348623157e+308}");
        QTest::newRow("denormal") << QVariant(std::numeric_limits<double>::denorm_min())
                                  << QVariant(std::numeric_limits<double>::denorm_min()) << QByteArray("{\"x\":5e-324}");
        QTest::newRow("true") << QVariant(true) << QVariant(true) << QByteArray("{\"x\":true}");
        QTest::newRow("false") << QVariant(false) << QVariant(false) << QByteArray("{\"x\":false}");
        QTest::newRow("null") << QVariant() << QVariant() << QByteArray("{\"x\":null}");
        QTest::newRow("string") << QVariant(QStringLiteral("adam")) << QVariant(QStringLiteral("adam"))
                                << QByteArray("{\"x\":\"adam\"}");
        QTest::newRow("numeric string") << QVariant(QStringLiteral("64.0")) << QVariant(QStringLiteral("64.0"))
                                        << QByteArray("{\"x\":\"64.0\"}");
        QTest::newRow("escapes") << QVariant(QStringLiteral("a\"b\\c/d\ne\rf\tg\bh\fi\x01j\x1f"))
                                 << QVariant(QStringLiteral("a\"b\\c/d\ne\rf\tg\bh\fi\x01j\x1f"))
                                 << QByteArray("{\"x\":\"a\\\"b\\\\c/d\\ne\\rf\\tg\\bh\\fi\\u0001j\\u001f\"}");
        QTest::newRow("unicode") << QVariant(QStringLiteral("größe ✓ 学习率 \U0001F600"))
                                 << QVariant(QStringLiteral("größe ✓ 学习率 \U0001F600"))
                                 << QStringLiteral("{\"x\":\"größe ✓ 学习率 \U0001F600\"}").toUtf8();
        QTest::newRow("string list") << QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")})
                                     << QVariant(QVariantList{QStringLiteral("a"), QStringLiteral("b")})
                                     << QByteArray("{\"x\":[\"a\",\"b\"]}");
        const QVariantList mixed{qlonglong(32), QStringLiteral("x"), 1.5, 2.0, true, QVariantList{}};
        QTest::newRow("list") << QVariant(mixed) << QVariant(mixed) << QByteArray("{\"x\":[32,\"x\",1.5,2.0,true,[]]}");
        const QVariantMap nested{{QStringLiteral("b"), 1.0}, {QStringLiteral("a \"q\""), qlonglong(1)}};
        QTest::newRow("map") << QVariant(nested) << QVariant(nested) << QByteArray("{\"x\":{\"a \\\"q\\\"\":1,\"b\":1.0}}");
    }
    void roundTrip()
    {
        QFETCH(QVariant, value);
        QFETCH(QVariant, expected);
        QFETCH(QByteArray, json);
        QString error;
        const auto written = paramsToJson({{QStringLiteral("x"), value}}, &error);
        QVERIFY2(written, qPrintable(error));
        QCOMPARE(*written, json);
        const QVariantMap read = paramsFromJson(*written);
        QCOMPARE(read.size(), 1);
        QVERIFY2(sameValue(read.value(QStringLiteral("x")), expected), qPrintable(show(read)));
        QCOMPARE(paramsToJson(read), written); // and reads back to the same text
    }

    /// QJsonDocument would write both as 64, and read both back as integers.
    void integerAndIntegralDoubleDiffer()
    {
        const QVariantMap params{{QStringLiteral("layers"), qlonglong(64)}, {QStringLiteral("width"), 64.0}};
        QCOMPARE(paramsToJson(params), std::optional<QByteArray>("{\"layers\":64,\"width\":64.0}"));
        const QVariantMap read = paramsFromJson("{\"layers\":64,\"width\":64.0}");
        QCOMPARE(read.value(QStringLiteral("layers")).typeId(), int(QMetaType::LongLong));
        QCOMPARE(read.value(QStringLiteral("width")).typeId(), int(QMetaType::Double));
        QCOMPARE(paramsToJson({}), std::optional<QByteArray>("{}"));
    }

    void nonFiniteIsRefused_data()
    {
        QTest::addColumn<QVariantMap>("params");
        QTest::addColumn<QString>("where");
        const double inf = std::numeric_limits<double>::infinity();
        QTest::newRow("nan") << QVariantMap{{QStringLiteral("lr"), std::numeric_limits<double>::quiet_NaN()}}
                             << QStringLiteral("parameter lr: nan");
        QTest::newRow("inf") << QVariantMap{{QStringLiteral("lr"), inf}} << QStringLiteral("parameter lr: inf");
        QTest::newRow("-inf") << QVariantMap{{QStringLiteral("lr"), -inf}} << QStringLiteral("parameter lr: -inf");
        QTest::newRow("in a list") << QVariantMap{{QStringLiteral("l"), QVariantList{1.0, inf}}}
                                   << QStringLiteral("parameter l[1]: inf");
        QTest::newRow("in a map") << QVariantMap{{QStringLiteral("m"), QVariantMap{{QStringLiteral("k"), inf}}}}
                                  << QStringLiteral("parameter m.k: inf");
        QTest::newRow("float") << QVariantMap{{QStringLiteral("f"), std::numeric_limits<float>::infinity()}}
                               << QStringLiteral("parameter f: inf");
    }
    void nonFiniteIsRefused()
    {
        QFETCH(QVariantMap, params);
        QFETCH(QString, where);
        QString error;
        QVERIFY(!paramsToJson(params, &error));
        QVERIFY2(error.startsWith(where) && error.contains(QLatin1String("NaN/inf")), qPrintable(error));
        QVERIFY(!paramsToJson(params)); // no error pointer needed
    }

    void unwritableTypeIsRefused()
    {
        QString error;
        const QVariantMap params{{QStringLiteral("p"), QVariant::fromValue(QSizeF(1, 2))}};
        QVERIFY(!paramsToJson(params, &error));
        QVERIFY2(error.startsWith(QLatin1String("parameter p: values of type QSizeF")), qPrintable(error));
    }

    /// JSON written elsewhere (by hand, another tool) reads too.
    void readsOtherSpellings_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QVariantMap>("expected");
        QTest::newRow("spaces") << QByteArray(" {\n\t\"a\" : 1 ,\r\n \"b\" : [ 2.5 , \"c\" ] }\n ")
                                << QVariantMap{{QStringLiteral("a"), qlonglong(1)},
                                               {QStringLiteral("b"), QVariantList{2.5, QStringLiteral("c")}}};
        QTest::newRow("exponent is a double") << QByteArray("{\"a\":1E2,\"b\":-2e-1}")
                                              << QVariantMap{{QStringLiteral("a"), 100.0}, {QStringLiteral("b"), -0.2}};
        QTest::newRow("\\u escapes") << QByteArray("{\"s\":\"\\u00e9\\/\\ud83d\\ude00\"}")
                                     << QVariantMap{{QStringLiteral("s"), QStringLiteral("\u00e9/\U0001F600")}};
        QTest::newRow("integer too big for 64 bits") << QByteArray("{\"n\":123456789012345678901}")
                                                     << QVariantMap{{QStringLiteral("n"), 123456789012345678901.0}};
        QTest::newRow("an array is no object") << QByteArray("[1, 2]") << QVariantMap{};
        QTest::newRow("not JSON") << QByteArray("lr=0.1") << QVariantMap{};
        QTest::newRow("cut short") << QByteArray("{\"a\":1,") << QVariantMap{};
        QTest::newRow("empty") << QByteArray() << QVariantMap{};
    }
    void readsOtherSpellings()
    {
        QFETCH(QByteArray, json);
        QFETCH(QVariantMap, expected);
        const QVariantMap read = paramsFromJson(json);
        QVERIFY2(sameValue(read, expected), qPrintable(show(read)));
    }

    void shortestDoubleText()
    {
        QCOMPARE(tunescope::shortestDoubleText(0.1), QByteArray("0.1"));
        QCOMPARE(tunescope::shortestDoubleText(-0.0), QByteArray("-0"));
        QCOMPARE(tunescope::shortestDoubleText(64.0), QByteArray("64"));
        QCOMPARE(tunescope::shortestDoubleText(1.0 / 3.0).toDouble(), 1.0 / 3.0);
    }

    /// What storage keeps, what ${args_json} and TUNESCOPE_PARAMS give the trial program and
    /// what `ask` prints are one text.
    void storageAndCommandAgree()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("codec.db"));
        QString error;
        auto storage = Storage::open(path, &error);
        QVERIFY2(storage, qPrintable(error));
        StudyRecord record;
        record.name = QStringLiteral("codec");
        const auto study = storage->createStudy(record);
        QVERIFY2(study, qPrintable(storage->lastError()));
        const QVariantMap params{{QStringLiteral("width"), 64.0},
                                 {QStringLiteral("layers"), qlonglong(3)},
                                 {QStringLiteral("lr"), 0.001},
                                 {QStringLiteral("opt"), QStringLiteral("adam \"w\"\n✓")},
                                 {QStringLiteral("bn"), true}};
        const auto started = storage->startTrial(study->id, params);
        QVERIFY2(started, qPrintable(storage->lastError()));
        const auto read = storage->trial(study->id, started->number);
        QVERIFY2(read, qPrintable(storage->lastError()));
        QVERIFY2(sameValue(read->params, params), qPrintable(show(read->params)));

        QString stored;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-codec"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT params FROM trials")) && q.next());
            stored = q.value(0).toString();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tst-codec"));
        QCOMPARE(stored, QStringLiteral("{\"bn\":true,\"layers\":3,\"lr\":0.001,\"opt\":\"adam \\\"w\\\"\\n✓\",\"width\":64.0}"));

        StudySpec spec;
        spec.name = QStringLiteral("codec");
        spec.command = {QStringLiteral("/bin/echo"), QStringLiteral("${args_json}"), QStringLiteral("p=${args_json}")};
        TrialContext context;
        context.study = spec.name;
        context.params = read->params;
        const TrialCommand command(spec);
        const QStringList argv = command.argv(context, &error);
        QCOMPARE(argv, (QStringList{QStringLiteral("/bin/echo"), stored, QStringLiteral("p=") + stored}));
        QCOMPARE(command.environment(context, QProcessEnvironment()).value(QStringLiteral("TUNESCOPE_PARAMS")), stored);
        QCOMPARE(QString::fromUtf8(paramsToJson(read->params).value_or(QByteArray())), stored);

        // Parameters storage would refuse make ${args_json} fail the same way.
        context.params.insert(QStringLiteral("lr"), std::numeric_limits<double>::quiet_NaN());
        QVERIFY(!storage->startTrial(study->id, context.params));
        QVERIFY2(storage->lastError().startsWith(QLatin1String("parameter lr: nan")), qPrintable(storage->lastError()));
        QVERIFY(command.argv(context, &error).isEmpty());
        QVERIFY2(error.contains(QLatin1String("${args_json}: parameter lr: nan")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestParamCodec)

#include "tst_paramcodec.moc"

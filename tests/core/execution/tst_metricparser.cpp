#include "execution/metricparser.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace tunescope;

namespace {

/// "name=value@step" per report, space-separated; compact enough for data rows.
QString describe(const QList<MetricReport> &reports)
{
    QStringList parts;
    for (const MetricReport &r : reports)
        parts << QStringLiteral("%1=%2@%3").arg(r.name, QString::number(r.value)).arg(r.step);
    return parts.join(u' ');
}

QString parseAll(const QByteArray &text)
{
    MetricParser parser;
    QList<MetricReport> reports = parser.feed(text);
    reports += parser.finish();
    return describe(reports);
}

const QRegularExpression validKey(QStringLiteral("^[A-Za-z_][A-Za-z0-9_./-]*$"));

} // namespace

/// The trial protocol parser: every format, steps, number syntax, streaming robustness.
class TestMetricParser : public QObject
{
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
    void noReport_data();
    void noReport();
    void counters();
    void splitAtEveryByte();
    void lineEnds();
    void lastLineWithoutNewline();
    void longLine_data();
    void longLine();
    void garbageBytes();
    void customRegex_data();
    void customRegex();
    void customRegexInvalid_data();
    void customRegexInvalid();
    void millionLines();
};

void TestMetricParser::formats_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("expected");

    // key=value
    QTest::newRow("pairs") << QByteArray("epoch=3 val_loss=0.231 val_accuracy=0.94")
                           << "epoch=3@3 val_loss=0.231@3 val_accuracy=0.94@3";
    QTest::newRow("exponent") << QByteArray("lr=1e-05") << "lr=1e-05@0";
    QTest::newRow("exponent upper") << QByteArray("lr=-2.5E+3") << "lr=-2500@0";
    QTest::newRow("plus") << QByteArray("x=+1.5") << "x=1.5@0";
    QTest::newRow("leading dot") << QByteArray("x=.5") << "x=0.5@0";
    QTest::newRow("trailing dot") << QByteArray("x=5.") << "x=5@0";
    QTest::newRow("nan") << QByteArray("loss=nan") << "loss=nan@0";
    QTest::newRow("NaN") << QByteArray("loss=NaN") << "loss=nan@0";
    QTest::newRow("inf") << QByteArray("loss=inf") << "loss=inf@0";
    QTest::newRow("-inf") << QByteArray("loss=-inf") << "loss=-inf@0";
    QTest::newRow("Infinity") << QByteArray("loss=Infinity") << "loss=inf@0";
    QTest::newRow("comma separated") << QByteArray("a=1,b=2") << "a=1@0 b=2@0";
    QTest::newRow("in log text") << QByteArray("INFO train: step=7 loss=0.5 (lr=0.01)")
                                 << "step=7@7 loss=0.5@7 lr=0.01@7";
    QTest::newRow("argparse namespace") << QByteArray("Namespace(lr=0.01, epochs=3)")
                                        << "lr=0.01@0 epochs=3@0";
    QTest::newRow("key chars") << QByteArray("train/loss=0.5 val.acc=0.9 top-1=0.7")
                               << "train/loss=0.5@0 val.acc=0.9@0 top-1=0.7@0";
    QTest::newRow("one bad value") << QByteArray("lr=abc loss=2") << "loss=2@0";
    QTest::newRow("big") << QByteArray("x=1e400") << "x=inf@0";
    QTest::newRow("tiny") << QByteArray("x=1e-400") << "x=0@0";

    // Step keys, in the order step, epoch, iteration, global_step; integers only.
    QTest::newRow("step wins over epoch") << QByteArray("epoch=2 step=100 loss=1")
                                          << "epoch=2@100 step=100@100 loss=1@100";
    QTest::newRow("epoch over global_step") << QByteArray("global_step=900 epoch=3 loss=1")
                                            << "global_step=900@3 epoch=3@3 loss=1@3";
    QTest::newRow("iteration") << QByteArray("iteration=5 loss=1") << "iteration=5@5 loss=1@5";
    QTest::newRow("global_step") << QByteArray("loss=1 global_step=7") << "loss=1@7 global_step=7@7";
    QTest::newRow("step after value") << QByteArray("loss=1 step=4") << "loss=1@4 step=4@4";
    QTest::newRow("fractional epoch is no step") << QByteArray("epoch=0.5 loss=1")
                                                 << "epoch=0.5@0 loss=1@0";
    QTest::newRow("integral float step") << QByteArray("step=3.0 loss=1") << "step=3@3 loss=1@3";

    // key: value lines
    QTest::newRow("colon") << QByteArray("val_loss: 0.231") << "val_loss=0.231@0";
    QTest::newRow("colon no space") << QByteArray("val_loss:0.231") << "val_loss=0.231@0";
    QTest::newRow("colon indented") << QByteArray("   val_loss: 0.231   ") << "val_loss=0.231@0";
    QTest::newRow("colon step") << QByteArray("val_loss: 0.231 (step 3)") << "val_loss=0.231@3";
    QTest::newRow("colon step:") << QByteArray("val_loss: 0.231 (step: 3)") << "val_loss=0.231@3";
    QTest::newRow("colon nan") << QByteArray("loss: nan") << "loss=nan@0";
    QTest::newRow("colon keras") << QByteArray("loss: 0.2924 - accuracy: 0.9155 - val_loss: 0.1459")
                                 << "loss=0.2924@0 accuracy=0.9155@0 val_loss=0.1459@0";
    QTest::newRow("colon commas") << QByteArray("epoch: 2, loss: 0.5") << "epoch=2@2 loss=0.5@2";
    QTest::newRow("colon step overrides epoch") << QByteArray("epoch: 2 loss: 0.5 (step 40)")
                                                << "epoch=2@40 loss=0.5@40";

    // JSON, one object per line (QJsonObject orders members by key)
    QTest::newRow("json") << QByteArray(R"({"epoch": 3, "val_loss": 0.231})")
                          << "epoch=3@3 val_loss=0.231@3";
    QTest::newRow("json nested and strings ignored")
        << QByteArray(R"({"a": {"b": 1}, "c": 2, "s": "x=5", "l": [1, 2], "t": true})") << "c=2@0";
    QTest::newRow("json spaces") << QByteArray(R"(   {"loss":1e-3}   )") << "loss=0.001@0";
    QTest::newRow("json NaN (Python)") << QByteArray(R"({"loss": NaN, "step": 2, "g": -Infinity})")
                                       << "g=-inf@2 loss=nan@2 step=2@2";
    QTest::newRow("python dict") << QByteArray(R"({'loss': 0.5, 'epoch': 1.0, 'name': "it's", 'ok': True})")
                                 << "epoch=1@1 loss=0.5@1";
    QTest::newRow("hugging face") << QByteArray("{'loss': 0.5, 'learning_rate': 5e-05, 'epoch': 0.27}")
                                  << "epoch=0.27@0 learning_rate=5e-05@0 loss=0.5@0";
    QTest::newRow("json bad key skipped") << QByteArray(R"({"bad key": 1, "9x": 2, "ok": 3})") << "ok=3@0";
    QTest::newRow("json string with quote") << QByteArray(R"({"msg": "say \"hi\"", "x": 1})") << "x=1@0";
}

void TestMetricParser::formats()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, expected);
    MetricParser parser;
    QCOMPARE(describe(parser.parseLine(line)), expected);
    // The same through the streaming interface.
    QCOMPARE(parseAll(line + '\n'), expected);
}

void TestMetricParser::noReport_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("prose") << QByteArray("Loading dataset from disk");
    QTest::newRow("not a number") << QByteArray("lr=abc");
    QTest::newRow("clock") << QByteArray("time: 12:30:01");
    QTest::newRow("clock pair") << QByteArray("started time=12:30:01");
    QTest::newRow("url") << QByteArray("http://x");
    QTest::newRow("url query") << QByteArray("GET http://host/p?lr=0.1&x=2 200");
    QTest::newRow("cli flag") << QByteArray("running train.py --lr=0.01 --epochs=3");
    QTest::newRow("comparison") << QByteArray("if x<=1 or a==1 or b!=2");
    QTest::newRow("percent") << QByteArray("rate=5%");
    QTest::newRow("sentence end") << QByteArray("we got loss=0.5.");
    QTest::newRow("prose colon number") << QByteArray("Found: 500 images");
    QTest::newRow("error colon") << QByteArray("Error: file not found");
    QTest::newRow("epoch of") << QByteArray("Epoch 3/10");
    QTest::newRow("spaced equals") << QByteArray("loss = 0.5");
    QTest::newRow("colon two numbers") << QByteArray("x: 1 2");
    QTest::newRow("hex") << QByteArray("addr=0x10");
    QTest::newRow("bare exponent") << QByteArray("a=1e");
    QTest::newRow("sign only") << QByteArray("a=-");
    QTest::newRow("dot only") << QByteArray("a=.");
    QTest::newRow("nan prefix") << QByteArray("a=nanx");
    QTest::newRow("digit key") << QByteArray("12=3");
    QTest::newRow("not json") << QByteArray("{not json}");
    QTest::newRow("json string number") << QByteArray(R"({"a": "1"})");
    QTest::newRow("json array") << QByteArray("[1, 2, 3]");
    QTest::newRow("colon step garbage") << QByteArray("loss: 0.5 (step x)");
    QTest::newRow("colon trailing text") << QByteArray("loss: 0.5 at best");
    QTest::newRow("utf8 before key") << QByteArray("\xc3\xa9x=1");
    QTest::newRow("utf8 in key") << QByteArray("lo\xc3\xa9ss=1");
    QTest::newRow("invalid utf8 before key") << QByteArray("\xffloss=1");
    QTest::newRow("nul before key") << QByteArray("x\0loss=1", 8);
    QTest::newRow("nul in value") << QByteArray("loss=1\0 ", 8);
    QTest::newRow("windows path") << QByteArray("C:\\data\\x=1");
}

void TestMetricParser::noReport()
{
    QFETCH(QByteArray, line);
    MetricParser parser;
    QCOMPARE(describe(parser.parseLine(line)), QString());
}

void TestMetricParser::counters()
{
    // Per-metric counters count that metric's reports; an explicit step does not reset them.
    QCOMPARE(parseAll("loss=1\nloss=2\nacc=3\nloss=4\nval_loss: 5\n{\"loss\": 6}\n"),
             QStringLiteral("loss=1@0 loss=2@1 acc=3@0 loss=4@2 val_loss=5@0 loss=6@3"));
    QCOMPARE(parseAll("epoch=5 loss=1\nloss=2\n"),
             QStringLiteral("epoch=5@5 loss=1@5 loss=2@1"));
    // Counters live as long as the parser: two feeds continue counting.
    MetricParser parser;
    QCOMPARE(describe(parser.feed("a=1\n")), QStringLiteral("a=1@0"));
    QCOMPARE(describe(parser.feed("a=2\n")), QStringLiteral("a=2@1"));
}

void TestMetricParser::splitAtEveryByte()
{
    const QByteArray text = "log line\r\nepoch=1 loss=0.5\n{\"epoch\": 2, \"loss\": 0.25}\r\n"
                            "loss: 0.125 (step 3)\n10%|## | it=4\r20%|####| it=5\rdone acc=0.9";
    const QString whole = parseAll(text);
    QCOMPARE(whole, QStringLiteral("epoch=1@1 loss=0.5@1 epoch=2@2 loss=0.25@2 loss=0.125@3 "
                                   "it=4@0 it=5@1 acc=0.9@0"));
    for (qsizetype cut = 0; cut <= text.size(); ++cut) {
        MetricParser parser;
        QList<MetricReport> reports = parser.feed(text.left(cut));
        reports += parser.feed(text.mid(cut));
        reports += parser.finish();
        QCOMPARE(describe(reports), whole);
    }
    MetricParser parser;
    QList<MetricReport> reports;
    for (char c : text)
        reports += parser.feed(QByteArray(1, c));
    reports += parser.finish();
    QCOMPARE(describe(reports), whole);
}

void TestMetricParser::lineEnds()
{
    QCOMPARE(parseAll("a=1\r\na=2\r\n"), QStringLiteral("a=1@0 a=2@1"));
    QCOMPARE(parseAll("a=1\ra=2\r"), QStringLiteral("a=1@0 a=2@1"));
    QCOMPARE(parseAll("\n\n\r\r\na=1\n\n"), QStringLiteral("a=1@0"));
    // tqdm-style progress bar with postfix, redrawn with '\r'
    QCOMPARE(parseAll("Epoch 1:  50%|#####     | 5/10 [00:01<00:01, loss=0.5]\r"
                      "Epoch 1: 100%|##########| 10/10 [00:02<00:00, loss=0.4]\n"),
             QStringLiteral("loss=0.5@0 loss=0.4@1"));
}

void TestMetricParser::lastLineWithoutNewline()
{
    MetricParser parser;
    QVERIFY(parser.feed("a=1\na=2").size() == 1);
    QCOMPARE(describe(parser.finish()), QStringLiteral("a=2@1"));
    QVERIFY(parser.finish().isEmpty()); // nothing left twice
    QVERIFY(parser.feed("").isEmpty());
}

void TestMetricParser::longLine_data()
{
    QTest::addColumn<int>("chunkSize");
    QTest::newRow("one chunk") << 0;
    QTest::newRow("64 KiB chunks") << 65536;
    QTest::newRow("odd chunks") << 4093;
}

void TestMetricParser::longLine()
{
    QFETCH(int, chunkSize);
    const qsizetype max = MetricParser::maxLineBytes;
    QByteArray text = "a=1\n";
    // Longer than the limit: what fits is parsed, the rest up to the newline is dropped.
    text += "loss=1 " + QByteArray(2 * max, 'x') + " acc=2\n";
    // A value cut by the limit must not report its first half.
    QByteArray cutValue = QByteArray(max - 8, ' ') + "val=0.123456789\n";
    text += cutValue;
    // Exactly at the limit is still a whole line.
    QByteArray exact = "b=3";
    exact.prepend(QByteArray(max - exact.size(), ' '));
    text += exact + "\n";
    text += "a=4\n";
    // And a long unterminated tail at the end never reports.
    text += QByteArray(max + 10, 'y') + " z=1";

    MetricParser parser;
    QList<MetricReport> reports;
    if (chunkSize == 0) {
        reports = parser.feed(text);
    } else {
        for (qsizetype i = 0; i < text.size(); i += chunkSize)
            reports += parser.feed(text.mid(i, chunkSize));
    }
    reports += parser.finish();
    QCOMPARE(describe(reports), QStringLiteral("a=1@0 loss=1@0 b=3@0 a=4@1"));
}

void TestMetricParser::garbageBytes()
{
    // Random bytes (NULs, invalid UTF-8, stray '=' and ':') never crash the parser and never
    // produce a name outside the key syntax.
    auto *rng = QRandomGenerator::global();
    const char alphabet[] = "ab_=:.-{}\"' \n\r\t0123456789e\xff\xc3\xa9\x80";
    for (int round = 0; round < 20; ++round) {
        QByteArray text(200000, '\0');
        for (char &c : text) {
            const quint32 r = rng->bounded(100);
            c = r < 10 ? char(rng->bounded(256)) : alphabet[r % (sizeof(alphabet) - 1)];
        }
        MetricParser parser;
        QList<MetricReport> reports;
        for (qsizetype i = 0; i < text.size(); i += 977)
            reports += parser.feed(text.mid(i, 977));
        reports += parser.finish();
        for (const MetricReport &r : reports)
            QVERIFY2(validKey.match(r.name).hasMatch(), qPrintable(r.name));
    }
}

void TestMetricParser::customRegex_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("name and value, global") << R"((?<name>\w+) -> (?<value>\S+))"
                                            << QByteArray("loss -> 0.5 acc -> 0.9\n")
                                            << "loss=0.5@0 acc=0.9@0";
    QTest::newRow("with step") << R"(it (?<step>\d+): (?<name>\w+)=(?<value>[-\d.e]+))"
                               << QByteArray("it 7: loss=0.5\nit 8: loss=0.25\n")
                               << "loss=0.5@7 loss=0.25@8";
    QTest::newRow("value only") << R"(score (?<value>[\d.]+))"
                                << QByteArray("score 1.5\nscore 2\n") << "value=1.5@0 value=2@1";
    QTest::newRow("replaces built-in") << R"(acc (?<value>[\d.]+))"
                                       << QByteArray("loss=1\nacc 0.5\n{\"x\": 1}\n") << "value=0.5@0";
    QTest::newRow("non-number skipped") << R"((?<name>\w+)=(?<value>\S+))"
                                        << QByteArray("a=abc b=2\n") << "b=2@0";
    QTest::newRow("nan value") << R"((?<name>\w+)=(?<value>\S+))" << QByteArray("a=nan\n") << "a=nan@0";
    QTest::newRow("unicode name") << R"((?<name>\S+) = (?<value>\S+))"
                                  << QByteArray("g\xc3\xa9n\xc3\xa9ration = 3\n") << QString::fromUtf8("génération=3@0");
    QTest::newRow("invalid utf8 name dropped") << R"((?<name>\S+) = (?<value>\S+))"
                                               << QByteArray("x\xff = 3\ny = 4\n") << "y=4@0";
    QTest::newRow("empty name dropped") << R"((?<name>\w*)=(?<value>\d+))"
                                        << QByteArray("=3 k=4\n") << "k=4@0";
}

void TestMetricParser::customRegex()
{
    QFETCH(QString, pattern);
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    MetricParser parser;
    QString error;
    QVERIFY2(parser.setCustomRegex(pattern, &error), qPrintable(error));
    QList<MetricReport> reports = parser.feed(text);
    reports += parser.finish();
    QCOMPARE(describe(reports), expected);
}

void TestMetricParser::customRegexInvalid_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::newRow("does not compile") << "(?<value>[0-9";
    QTest::newRow("no value group") << R"((?<name>\w+)=(\d+))";
}

void TestMetricParser::customRegexInvalid()
{
    QFETCH(QString, pattern);
    MetricParser parser;
    QString error;
    QVERIFY(!parser.setCustomRegex(pattern, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!parser.setCustomRegex(pattern)); // no error pointer is fine
    // The parser is left as it was: built-in formats still work.
    QCOMPARE(describe(parser.parseLine("a=1")), QStringLiteral("a=1@0"));
}

void TestMetricParser::millionLines()
{
    // A million lines of typical output (mostly log lines, some metric lines) parse to exactly
    // the reports they hold. How fast is bench_throughput's to say ("parse alone"): a timed
    // floor here failed a loaded sanitizer run and proved nothing.
    QByteArray block;
    for (int i = 0; i < 100; ++i) {
        if (i % 4 == 0)
            block += "epoch=3 val_loss=0.231 val_accuracy=0.94\n";
        else if (i % 4 == 1)
            block += "val_loss: 0.231\n";
        else
            block += "2024-05-01 12:00:01 INFO processed batch 17 of 200\n";
    }
    const int repeats = 10000;
    MetricParser parser;
    qsizetype reports = 0;
    for (int i = 0; i < repeats; ++i)
        reports += parser.feed(block).size();
    QCOMPARE(reports, qsizetype(repeats) * (25 * 3 + 25));
}

QTEST_GUILESS_MAIN(TestMetricParser)
#include "tst_metricparser.moc"

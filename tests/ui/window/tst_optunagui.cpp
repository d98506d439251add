// An Optuna database in the dashboard: a database Debian's python3-optuna (3.1) writes at test
// time and the fixture Optuna 4.7 wrote open in the window; its studies fill the list, the
// trials table, the curves and the detail pane (attributes included) with what Optuna stored;
// Start is off and refused, and the file stays as it was.

#include "charts/curveschart.h"
#include "execution/studymonitor.h"
#include "support/optunafixture.h"
#include "trials/studylistmodel.h"
#include "trials/trialdetailpane.h"
#include "trials/trialtablemodel.h"
#include "window/mainwindow.h"
#include "window/studylistpanel.h"

#include <QAbstractItemView>
#include <QAction>
#include <QJsonArray>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace tunescope;
using namespace fixture;

/// Picks a study in the window's study list, as a click does.
void selectStudy(MainWindow &window, const QString &name)
{
    window.studyPanel()->selectStudy(name);
    // A study loads on a worker thread: rows first, then the values.
    QTRY_VERIFY_WITH_TIMEOUT(!window.isLoading(), 10000);
}

class TestOptunaGui : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;
    QString mSqlite31;
    QJsonObject mReport31;
    QString mSqlite47;
    QJsonObject mReport47;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(mDir.isValid());
        mSqlite31 = mDir.filePath(QStringLiteral("optuna31.db"));
        QString error;
        if (!writeOptunaStudies(QStringLiteral("sqlite:///") + mSqlite31, mDir.filePath(QStringLiteral("optuna31.json")), &error)) {
            const QString missing = optunaMissing();
            QVERIFY2(false, qPrintable(missing.isEmpty() ? error : missing));
        }
        mReport31 = readReport(mDir.filePath(QStringLiteral("optuna31.json")));
        mSqlite47 = mDir.filePath(QStringLiteral("optuna47.db"));
        QVERIFY(QFile::copy(optuna4Database(), mSqlite47));
        mReport47 = readReport(optuna4Report());
    }

    void opensInTheWindow_data()
    {
        QTest::addColumn<QString>("schema");
        QTest::newRow("optuna 3.1") << QStringLiteral("31");
        QTest::newRow("optuna 4.7") << QStringLiteral("47");
    }
    void opensInTheWindow()
    {
        QFETCH(QString, schema);
        const QString path = schema == QLatin1String("31") ? mSqlite31 : mSqlite47;
        const QJsonObject report = schema == QLatin1String("31") ? mReport31 : mReport47;
        const QByteArray before = fileHash(path);
        {
            MainWindow window;
            window.show();
            QString error;
            QVERIFY2(window.openDatabase(path, QStringLiteral("single minimize"), &error), qPrintable(error));
            QCOMPARE(window.studyList()->rowCount(), report.value(QStringLiteral("studies")).toArray().size());

            for (const QJsonValue &sv : report.value(QStringLiteral("studies")).toArray()) {
                const QJsonObject study = sv.toObject();
                const QString name = study.value(QStringLiteral("name")).toString();
                selectStudy(window, name);
                QVERIFY2(window.monitor()->isOpen(), qPrintable(name));
                QCOMPARE(window.monitor()->spec().name, name);
                const QJsonArray trials = study.value(QStringLiteral("trials")).toArray();
                TrialTableModel *model = window.trialModel();
                QCOMPARE(model->rowCount(), trials.size());
                int curves = 0;
                for (const QJsonValue &tv : trials) {
                    const QJsonObject t = tv.toObject();
                    const int row = model->rowOfTrial(t.value(QStringLiteral("number")).toInt());
                    QVERIFY(row >= 0);
                    const QJsonArray values = t.value(QStringLiteral("values")).toArray();
                    const QVariant shown = model->index(row, model->objectiveColumn()).data(TrialTableModel::SortRole);
                    if (!values.isEmpty() && std::isfinite(reportNumber(values.first())))
                        QCOMPARE(shown.toDouble(), reportNumber(values.first()));
                    const QJsonArray points = t.value(QStringLiteral("intermediate")).toArray();
                    curves += std::any_of(points.begin(), points.end(), [](const QJsonValue &p) {
                        return std::isfinite(reportNumber(p.toArray().at(1)));
                    });
                }
                window.curvesChart()->refreshNow();
                QCOMPARE(window.curvesChart()->curveCount(), curves);
            }

            // The detail pane shows a trial's attributes as Optuna stored them.
            selectStudy(window, QStringLiteral("single minimize"));
            const int row = window.trialModel()->rowOfTrial(0);
            window.trialView()->setCurrentIndex(window.trialView()->model()->index(row, 0));
            TrialDetailPane *detail = window.detailPane();
            QCOMPARE(detail->detailValue(QStringLiteral("note")), QStringLiteral("trial 0"));
            QCOMPARE(detail->detailValue(QStringLiteral("nested")), QStringLiteral("{\"a\":1,\"b\":[true,null]}"));
            QCOMPARE(detail->detailValue(QStringLiteral("lr")),
                     paramValueToString(reportStudy(report, QStringLiteral("single minimize"))
                                            .value(QStringLiteral("trials")).toArray().first().toObject()
                                            .value(QStringLiteral("params")).toObject().value(QStringLiteral("lr")).toDouble()));

            // Nothing starts on it.
            for (QAction *action : window.findChildren<QAction *>()) {
                if (action->text() == MainWindow::tr("S&tart"))
                    QVERIFY(!action->isEnabled());
            }
            QVERIFY(!window.startStudy(&error));
            QVERIFY2(error.contains(QLatin1String("Optuna database")), qPrintable(error));
        }
        QCOMPARE(fileHash(path), before);
    }
};

QTEST_MAIN(TestOptunaGui)
#include "tst_optunagui.moc"

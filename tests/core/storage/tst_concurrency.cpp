#include "storage/storage.h"
#include "support/sqlitecheck.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <csignal>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace tunescope;

namespace {

/// A study whose trial reports `values` losses as fast as it can.
QByteArray fastStudy(const QString &name, int budget, int values)
{
    return QStringLiteral("name: %1\nprogram: sh\nmethod: random\nparallel: 2\nrun_cap: %2\n"
                          "command: [\"/bin/sh\", \"-c\", \"i=0; while [ $i -lt %3 ]; do echo step=$i loss=${1#--x=}; "
                          "i=$((i+1)); done\", \"sh\", \"${args}\"]\n"
                          "metric: {name: loss}\nparameters:\n  x: {min: 0.0, max: 1.0}\n")
        .arg(name)
        .arg(budget)
        .arg(values)
        .toUtf8();
}

} // namespace

/// Several processes on one SQLite database (no "database is locked"), and a database that
/// cannot be written (read-only, disk full): a clear error, new trials stop, nothing stored
/// is damaged.
class TestConcurrency : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir mDir;

    void writeFile(const QString &name, const QByteArray &text)
    {
        QFile f(mDir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    }

    QProcess *startTunescope(const QStringList &args, const std::function<void()> &childSetup = {})
    {
        auto *p = new QProcess(this);
        p->setWorkingDirectory(mDir.path());
        p->setProcessChannelMode(QProcess::MergedChannels);
        if (childSetup)
            p->setChildProcessModifier(childSetup);
        p->start(QStringLiteral(TUNESCOPE_BINARY_DIR "/bin/tunescope"), args);
        return p;
    }

private slots:
    void initTestCase() { QVERIFY(mDir.isValid()); }

    /// Two headless runs on one study, a third on another study, and this process reading
    /// the database the way the GUI does, all at once.
    void concurrentWritersAndAReader()
    {
        constexpr int budget = 40, values = 25;
        writeFile("a.yaml", fastStudy("a", budget, values));
        writeFile("b.yaml", fastStudy("b", 20, values));
        const QString db = mDir.filePath("shared.db");
        QList<QProcess *> runs;
        for (const char *spec : {"a.yaml", "a.yaml", "b.yaml"})
            runs << startTunescope({"run", mDir.filePath(spec), "--db", db});

        // The reader starts as soon as the file exists and polls like a dashboard.
        QTRY_VERIFY(QFile::exists(db));
        QString error;
        std::unique_ptr<Storage> reader;
        QTRY_VERIFY((reader = Storage::open(db, &error)) != nullptr);
        int reads = 0;
        QStringList readerErrors;
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            const QList<StudySummary> all = reader->studySummaries();
            if (!reader->lastError().isEmpty() && all.isEmpty())
                readerErrors << reader->lastError();
            for (const StudySummary &s : all) {
                if (!reader->trials(s.study.id, true))
                    readerErrors << reader->lastError();
            }
            ++reads;
        });
        poll.start(5);
        for (QProcess *p : runs)
            QTRY_VERIFY_WITH_TIMEOUT(p->state() == QProcess::NotRunning, 120000);
        poll.stop();
        QVERIFY2(readerErrors.isEmpty(), qPrintable(readerErrors.join('\n')));

        for (QProcess *p : runs) {
            const QString output = QString::fromUtf8(p->readAll());
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, qPrintable(output));
            QVERIFY2(!output.contains("locked", Qt::CaseInsensitive) && !output.contains("error", Qt::CaseInsensitive),
                     qPrintable(output));
        }

        auto study = reader->findStudy("a");
        QVERIFY(study);
        const QList<Trial> a = reader->trials(study->id, true).value();
        // Two runners share the budget exactly (it is checked inside each claim), and each
        // trial is seeded by the number it was stored under, so no two evaluate the same x.
        QCOMPARE(a.size(), budget);
        QSet<double> xs;
        for (const Trial &t : a) {
            QCOMPARE(t.state, TrialState::Complete);
            QCOMPARE(t.intermediate.value("loss").size(), values);
            const double x = t.params.value("x").toDouble();
            QVERIFY2(!xs.contains(x), qPrintable(QStringLiteral("x=%1 ran twice (trial %2)").arg(x).arg(t.number)));
            xs.insert(x);
            QVERIFY(std::abs(t.value.value_or(-1) - x) < 1e-6); // the program reports its x as the loss
        }
        const QList<Trial> b = reader->trials(reader->findStudy("b")->id, true).value();
        QCOMPARE(b.size(), 20);
        for (const Trial &t : b)
            QCOMPARE(t.intermediate.value("loss").size(), values);
        qInfo("3 writers and a reader: %d (budget %d) + %d trials, %d polls of the reader, no lock errors", int(a.size()), budget,
              int(b.size()), reads);
        reader.reset();
        QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
    }

    /// A database the user may read but not write: `run` says so and starts nothing; the
    /// file is untouched.
    void readOnlyDatabase()
    {
        writeFile("ro.yaml", fastStudy("ro", 2, 3));
        const QString db = mDir.filePath("ro.db");
        QProcess *first = startTunescope({"run", mDir.filePath("ro.yaml"), "--db", db});
        QVERIFY(first->waitForFinished(30000));
        QCOMPARE(first->exitCode(), 0);
        QVERIFY(!QFile::exists(db + "-wal")); // checkpointed and removed on close

        QFile file(db);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();

        // Root writes whatever the permission bits say: drop to an unprivileged user instead.
        std::function<void()> setup;
        uid_t nobody = 65534;
        if (const passwd *pw = ::getpwnam("nobody"))
            nobody = pw->pw_uid;
        QVERIFY(QFile::setPermissions(mDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner
                                                       | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup));
        QVERIFY(QFile::setPermissions(db, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        QFile::setPermissions(mDir.filePath("ro.yaml"), QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther);
        if (::geteuid() == 0)
            setup = [nobody] {
                if (::setgid(nobody) != 0 || ::setuid(nobody) != 0)
                    ::_exit(99);
            };
        QProcess *second = startTunescope({"run", mDir.filePath("ro.yaml"), "--db", db, "--trials", "4"}, setup);
        QVERIFY(second->waitForFinished(30000));
        const QString output = QString::fromUtf8(second->readAll());
        QVERIFY2(second->exitCode() != 0 && second->exitCode() != 99, qPrintable(output));
        QVERIFY2(output.contains("read-only", Qt::CaseInsensitive) || output.contains("readonly", Qt::CaseInsensitive),
                 qPrintable(output));
        QVERIFY2(!output.contains("not a SQLite database"), qPrintable(output));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
        file.close();
        QFile::setPermissions(db, QFile::ReadOwner | QFile::WriteOwner);
        QFile::setPermissions(mDir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
    }

    /// The disk fills up while trials report: `run` stops with a clear error and starts no
    /// more trials; what was stored stays sound, and a later run finishes the study.
    /// (A full disk is simulated with RLIMIT_FSIZE on the run: its writes past the limit fail
    /// like those on a full file system, which needs no mount privileges.)
    void fullDisk()
    {
        constexpr int budget = 30, values = 300;
        writeFile("full.yaml", fastStudy("full", budget, values));
        const QString db = mDir.filePath("full.db");
        // A small first run creates the database, so that the limit hits trial values.
        QProcess *init = startTunescope({"run", mDir.filePath("full.yaml"), "--db", db, "--trials", "1"});
        QVERIFY(init->waitForFinished(30000));
        QCOMPARE(init->exitCode(), 0);

        const rlim_t limit = rlim_t(QFileInfo(db).size() + 96 * 1024);
        QProcess *run = startTunescope({"run", mDir.filePath("full.yaml"), "--db", db}, [limit] {
            ::signal(SIGXFSZ, SIG_IGN); // a failing write, not a dead process
            const rlimit r{limit, limit};
            ::setrlimit(RLIMIT_FSIZE, &r);
        });
        QVERIFY(run->waitForFinished(60000));
        const QString output = QString::fromUtf8(run->readAll());
        QVERIFY2(run->exitStatus() == QProcess::NormalExit && run->exitCode() == 1, qPrintable(output));
        QVERIFY2(output.contains("error: storage:"), qPrintable(output));
        QVERIFY2(output.contains("disk", Qt::CaseInsensitive), qPrintable(output));
        QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));

        QString error;
        auto store = Storage::open(db, &error);
        QVERIFY2(store, qPrintable(error));
        const auto study = store->findStudy("full");
        const QList<Trial> stopped = store->trials(study->id, true).value();
        QVERIFY2(stopped.size() < budget, "new trials went on after the disk was full");
        for (const Trial &t : stopped) { // stopped by the error, not "by user"
            if (t.state != TrialState::Complete)
                QVERIFY2(t.reason.startsWith("interrupted (the run stopped on an error: storage:")
                             || t.reason == "interrupted (its values could not be saved)" || t.state == TrialState::Running,
                         qPrintable(t.reason));
        }

        // Space again: the study resumes and ends at its budget, each trial with all values.
        QProcess *again = startTunescope({"run", mDir.filePath("full.yaml"), "--db", db});
        QVERIFY(again->waitForFinished(60000));
        const QString againOutput = QString::fromUtf8(again->readAll());
        QVERIFY2(again->exitCode() == 0, qPrintable(againOutput));
        int complete = 0;
        const QList<Trial> after = store->trials(study->id, true).value();
        for (const Trial &t : after) {
            if (t.state == TrialState::Complete) {
                ++complete;
                QCOMPARE(t.intermediate.value("loss").size(), values);
            } else {
                QVERIFY2(isInterrupted(t), qPrintable(trialStateName(t.state) + ": " + t.reason));
            }
        }
        QCOMPARE(complete, budget);
        qInfo("disk full after %d trials: \"%s\"", int(stopped.size()),
              qPrintable(output.section(QStringLiteral("error: "), 1, 1).section('\n', 0, 0)));
        store.reset();
        QCOMPARE(fixture::sqliteIntegrity(db), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"

#include "window/gui.h"

#include "common/vectorstate.h"

#include "window/mainwindow.h"
#include "window/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

int runGui(int argc, char **argv)
{
    QApplication app(argc, argv);
    // Trials, Slurm polls and nvidia-smi run as QProcesses, which leave the vector registers
    // in a state that slows libm down many times over; each event starts clean.
    tunescope::clearUpperVectorStateBeforeEachEvent(app);
    QApplication::setApplicationName(QStringLiteral("tunescope"));
    QApplication::setOrganizationName(QStringLiteral("tunescope")); // QSettings: ~/.config/tunescope/
    // Wayland compositors and docks match the window to packaging/org.tunescope.Tunescope.desktop.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.tunescope.Tunescope"));
    QApplication::setApplicationDisplayName(QStringLiteral("Tunescope"));
    QApplication::setApplicationVersion(QStringLiteral(TUNESCOPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tunescope.svg")));
    // Before anything is built: every text is translated as it is made.
    tunescope::Translations::install(tunescope::Translations::storedLanguage());

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Tunescope, the hyperparameter tuning dashboard"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"), QObject::tr("A study file (.yaml) or a study database (.db)."),
                                 QStringLiteral("[SPEC.yaml | STUDY.db]"));
    // For scripts/screenshots.sh: render every view to PNG files and quit.
    QCommandLineOption screenshots(QStringLiteral("screenshot-dir"), QStringLiteral("Write screenshots and quit."),
                                   QStringLiteral("DIR"));
    screenshots.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(screenshots);
    QStringList args = QApplication::arguments();
    if (args.size() > 1 && args.at(1) == QLatin1String("gui"))
        args.removeAt(1);
    parser.process(args);
    if (parser.positionalArguments().size() > 1) {
        QTextStream(stderr) << QObject::tr("tunescope gui: give at most one file") << '\n';
        return 2;
    }

    tunescope::MainWindow window;
    if (!parser.positionalArguments().isEmpty()) {
        const QString path = parser.positionalArguments().first();
        QString error;
        if (!window.openFile(path, &error)) {
            if (parser.isSet(screenshots)) {
                QTextStream(stderr) << "tunescope gui: " << path << ": " << error << '\n';
                return 1;
            }
            QTimer::singleShot(0, &window, [&window, path, error] {
                QMessageBox::warning(&window, QObject::tr("Cannot Open"), QStringLiteral("%1\n\n%2").arg(path, error));
            });
        }
    }
    if (parser.isSet(screenshots))
        window.resize(1280, 800); // a common laptop screen: what the README promises fits
    window.show();
    if (parser.isSet(screenshots)) {
        const QString dir = parser.value(screenshots);
        QTimer::singleShot(1500, &window, [&window, dir] {
            // A large study may still be loading: its views are shot once every chart is drawn.
            QElapsedTimer waited;
            waited.start();
            while (window.isLoading() && waited.elapsed() < 120000)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            QString error;
            if (!window.saveScreenshots(dir, &error)) {
                QTextStream(stderr) << "tunescope gui: " << error << '\n';
                QApplication::exit(1);
                return;
            }
            QApplication::quit();
        });
    }
    return QApplication::exec();
}

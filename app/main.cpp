#include "commands.h"
#include "steercommands.h"

#include <QCoreApplication>
#include <QTextStream>

#ifdef TUNESCOPE_HAVE_UI
#include "window/gui.h"
#include "window/translations.h"

#include <QApplication>
#endif

#include "common/heapreuse.h"
#include "common/vectorstate.h"

#include <memory>

namespace {
const char *usage = QT_TRANSLATE_NOOP("tunescope",
    "usage: tunescope [COMMAND] [ARGS]\n"
    "\n"
    "  tunescope                                  the desktop dashboard\n"
    "  tunescope gui [SPEC.yaml | STUDY.db]       the dashboard, opened on a spec or a database\n"
    "  tunescope run SPEC.yaml [--db FILE] [--seed N] [--trials N] [--parallel N]\n"
    "                                             (SPEC: a study file, W&B sweep file or NNI config.yml)\n"
    "  tunescope studies DB                       list studies with counts and best values\n"
    "  tunescope export DB [--study NAME] --format csv|json|html|pdf [--no-local-paths] [-o FILE]\n"
    "  tunescope compare DB [DB...] [--study A --study B ...] --format html|pdf|csv [--no-local-paths] [-o FILE]\n"
    "  tunescope ask DB --study NAME              suggest parameters for a new trial\n"
    "  tunescope tell DB --study NAME --trial N --value V [--state complete|failed|pruned]\n"
    "  tunescope worker DB --study NAME           an extra worker on a shared database\n"
    "  tunescope enqueue DB --study NAME --param NAME=VALUE ... [--param-file FILE.json] [--allow-out-of-space]\n"
    "                                             queue a configuration to run before sampled ones\n"
    "  tunescope retry DB --study NAME (--trial N ... | --failed)\n"
    "                                             run failed trials again with the same parameters\n"
    "  tunescope note DB --study NAME [--trial N] TEXT|-   a Markdown note on a study or a trial\n"
    "  tunescope tag DB --study NAME [TAG...] [--remove TAG]   tags on a study\n"
    "  tunescope rename DB --study NAME NEW_NAME\n"
    "  tunescope delete DB --study NAME --yes [--remove-folders]\n"
    "  tunescope import OPTUNA_DB --study NAME -o DB [--spec SPEC.yaml] [--method M]\n"
    "                                             copy an Optuna study to continue it here\n"
    "  tunescope convert FILE [-o STUDY.yaml]     an NNI experiment, NNI search space or W&B sweep as a study file\n"
    "\n"
    "Each command takes --help.\n");
} // namespace

int main(int argc, char *argv[])
{
    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const bool wantsGui = command.isEmpty() || command == QLatin1String("gui");
#ifdef TUNESCOPE_HAVE_UI
    if (wantsGui)
        return runGui(argc, argv);
#endif
    if (command == QLatin1String("run") || command == QLatin1String("worker")) {
        tunescope::keepFreedHeapForReuse(); // the sampler's temporaries, suggestion after suggestion
    }
    std::unique_ptr<QCoreApplication> app;
#ifdef TUNESCOPE_HAVE_UI
    // Reports draw the dashboard's charts, which are widgets: they need a QApplication, and
    // without a display the offscreen platform (fonts and painting, no window).
    if (commands::needsPainting(argc, argv)) {
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tunescope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TUNESCOPE_VERSION));
    tunescope::clearUpperVectorStateBeforeEachEvent(*app); // trials' processes dirty it
#ifdef TUNESCOPE_HAVE_UI
    // Messages and reports in the language of the locale (LANGUAGE, LC_ALL, LANG).
    tunescope::Translations::install();
#endif
    QStringList args = QCoreApplication::arguments().mid(2);

    if (command == QLatin1String("run"))
        return commands::run(args, false);
    if (command == QLatin1String("worker"))
        return commands::run(args, true);
    if (command == QLatin1String("studies"))
        return commands::studies(args);
    if (command == QLatin1String("export"))
        return commands::exportStudy(args);
    if (command == QLatin1String("compare"))
        return commands::compare(args);
    if (command == QLatin1String("ask"))
        return commands::ask(args);
    if (command == QLatin1String("tell"))
        return commands::tell(args);
    if (command == QLatin1String("enqueue"))
        return commands::enqueue(args);
    if (command == QLatin1String("retry"))
        return commands::retry(args);
    if (command == QLatin1String("note"))
        return commands::note(args);
    if (command == QLatin1String("tag"))
        return commands::tag(args);
    if (command == QLatin1String("rename"))
        return commands::rename(args);
    if (command == QLatin1String("delete"))
        return commands::deleteStudy(args);
    if (command == QLatin1String("import"))
        return commands::importStudy(args);
    if (command == QLatin1String("convert"))
        return commands::convert(args);
    if (command == QLatin1String("--has-gui")) {
#ifdef TUNESCOPE_HAVE_UI
        return 0;
#else
        return 1;
#endif
    }
    if (command == QLatin1String("--version")) {
        QTextStream(stdout) << "tunescope " << TUNESCOPE_VERSION << Qt::endl;
        return 0;
    }
    QTextStream err(stderr);
    if (wantsGui)
        err << QCoreApplication::translate("tunescope", "tunescope: this build has no desktop dashboard; use a command:") << "\n\n";
    else if (command != QLatin1String("--help") && command != QLatin1String("-h") && command != QLatin1String("help"))
        err << QCoreApplication::translate("tunescope", "tunescope: unknown command '%1'").arg(command) << "\n\n";
    err << QCoreApplication::translate("tunescope", usage);
    return command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help") ? 0 : 2;
}

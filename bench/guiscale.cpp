// GUI scale: how long the live curves take to rebuild and repaint for large studies.
// Runs offscreen unless QT_QPA_PLATFORM says otherwise. Usage: bench_guiscale [steps]
#include "charts/curveschart.h"
#include "execution/studymonitor.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPixmap>
#include <QRandomGenerator>

#include <cmath>
#include <cstdio>

using namespace tunescope;

static QList<tunescope::Trial> makeTrials(int count, int steps)
{
    QRandomGenerator rng(42);
    QList<Trial> trials;
    trials.reserve(count);
    for (int i = 0; i < count; ++i) {
        Trial t;
        t.number = i;
        t.state = i % 7 == 0 ? TrialState::Pruned : TrialState::Complete;
        t.params = {{QStringLiteral("lr"), std::pow(10.0, -4 + 3 * rng.generateDouble())}};
        const double tau = 5 + 30 * rng.generateDouble(), floor = 0.3 * rng.generateDouble();
        auto &loss = t.intermediate[QStringLiteral("val_loss")];
        const int n = t.state == TrialState::Pruned ? steps / 4 : steps;
        for (int s = 0; s < n; ++s)
            loss.append({s, floor + std::exp(-s / tau) + 0.01 * rng.generateDouble()});
        t.value = loss.last().value;
        trials << t;
    }
    return trials;
}

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int steps = argc > 1 ? std::max(2, atoi(argv[1])) : 100;

    StudySpec spec;
    spec.metrics = {MetricSpec{QStringLiteral("val_loss"), Goal::Minimize, false}};
    Parameter lr;
    lr.name = QStringLiteral("lr");
    lr.low = 1e-4;
    lr.high = 0.1;
    lr.log = true;
    spec.space = SearchSpace({lr});

    std::printf("%-8s %-6s %10s %12s %12s %12s %12s\n", "trials", "steps", "points", "build ms", "rebuild ms",
                "repaint ms", "hover ms");
    for (int count : {1000, 10000}) {
        const QList<Trial> trials = makeTrials(count, steps);
        StudyMonitor monitor;
        CurvesChart chart;
        chart.resize(1200, 700);
        chart.show();
        QElapsedTimer timer;
        timer.start();
        monitor.load(spec, trials);
        chart.setMonitor(&monitor);
        chart.refreshNow();
        const QPixmap first = chart.grab();
        const double build = timer.nsecsElapsed() / 1e6;
        double rebuild = 0, repaint = 0;
        const int rounds = 5;
        for (int i = 0; i < rounds; ++i) {
            emit monitor.metricsAppended(0); // as a live study does, once per batch
            timer.start();
            chart.refreshNow();
            rebuild += timer.nsecsElapsed() / 1e6;
            timer.start();
            const QPixmap shot = chart.grab();
            repaint += timer.nsecsElapsed() / 1e6;
        }
        double hover = 0;
        for (int i = 0; i < rounds; ++i) {
            timer.start();
            chart.setHoveredTrial(i * 7 + 1); // only the focus series change
            const QPixmap shot = chart.grab();
            hover += timer.nsecsElapsed() / 1e6;
        }
        std::printf("%-8d %-6d %10lld %12.1f %12.1f %12.1f %12.1f\n", count, steps, qlonglong(chart.pointCount()), build,
                    rebuild / rounds, repaint / rounds, hover / rounds);
    }
    return 0;
}

// Sampler benchmark: runs each method on the suite of objectives.h for several seeds,
// in-process through createSampler() (the code `tunescope run` uses), and prints median, mean
// and 90th percentile of the final regret, the fraction of seeds ending in a non-global
// basin and the seconds per study, next to Optuna's figures from a reference file written by
// optuna_reference.py on the same machine.
//
//   bench_samplers [--methods bayes,tpe] [--functions branin,...|--public] [--seeds 10]
//                  [--first-seed 0] [--budget N] [--parallel N] [--option key=value] [--reference FILE]
//                  [--per-seed] [--verbose]
//   bench_samplers --large [--trials 1000,10000] [--dimension 10]   one suggestion at that size
//   bench_samplers --list      the suite as JSON (for optuna_reference.py)
//   bench_samplers --serve     evaluates "name<TAB>seed<TAB>number<TAB>{params}" lines from stdin

#include "benchfunctions.h"
#include "common/heapreuse.h"
#include "judge.h"
#include "common/splitmix.h"
#include "samplers/gp/gpsampler.h"
#include "samplers/sampler.h"
#include "space/studyspec.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <map>
#include <string>

using namespace tunescope;
using namespace tunescope::bench;

namespace {

QVariantMap gOptions; // --option key=value: sampler settings, as a study file's method settings

/// One study's outcome, Tunescope's or Optuna's.
struct Study
{
    Judgement judgement;
    double seconds = 0.0;
    double cpuSeconds = 0.0;
};

using Results = std::map<std::pair<std::string, std::string>, std::vector<Study>>; // (function, method)

double observe(const Objective &o, const std::vector<double> &x, quint64 seed, int number)
{
    const double v = o.f(x.data());
    return o.noise > 0 ? v + o.noise * objectiveNoise(seed, number) : v;
}

// One study: `parallel` trials are suggested before the oldest one is told, so with
// parallel > 1 the sampler always sees parallel - 1 running trials. The final point is the
// trial the sampler recommends (the GP's posterior mean on noisy objectives), else the best
// observed one.
std::optional<Study> runStudy(const BenchFunction &fn, const QString &method, quint64 seed, int parallel,
                              bool verbose)
{
    const Objective &o = *fn.objective;
    StudySpec spec;
    spec.name = fn.name;
    spec.method = method;
    spec.space = fn.space;
    spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
    spec.seed = seed;
    spec.runCap = fn.budget;
    spec.parallel = parallel;
    spec.methodOptions = gOptions;
    QString error;
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();
    std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
    if (!sampler) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(method), qPrintable(error));
        return std::nullopt;
    }
    QList<Trial> trials;
    int told = 0;
    double fitSeconds = 0.0, acqSeconds = 0.0;
    int fitIterations = 0;
    const auto *gp = dynamic_cast<const GpSampler *>(sampler.get());
    for (int number = 0; number < fn.budget; ++number) {
        const std::optional<QVariantMap> params = sampler->suggest(trials, number);
        if (!params)
            break;
        if (gp) {
            fitSeconds += gp->lastDiagnostics().fitSeconds;
            acqSeconds += gp->lastDiagnostics().acquisitionSeconds;
            fitIterations += gp->lastDiagnostics().fitIterations;
            const GpSampler::Diagnostics &d = gp->lastDiagnostics();
            if (verbose && d.usedModel && number % 10 == 9) {
                // Length scales (unit cube), signal and noise variance: to step through a fit.
                QStringList scales;
                for (double w : d.hyperparameters.logInvSqLengthscales)
                    scales << QString::number(std::exp(-0.5 * w), 'g', 2);
                std::fprintf(stderr, "  trial %d: length scales %s, signal %.3g, noise %.3g, warp %.3g, log EI %.3g",
                             number, qPrintable(scales.join(u' ')), std::exp(d.hyperparameters.logSignalVar),
                             std::exp(d.hyperparameters.logNoiseVar), d.warpLambda, d.bestLogEi);
                if (d.lengthscalesWeighed > 0)
                    std::fprintf(stderr, ", %d of %d long length scales drawn at the ceiling", d.lengthscalesClamped,
                                 d.lengthscalesWeighed);
                std::fputc('\n', stderr);
            }
        }
        Trial t;
        t.number = number;
        t.state = TrialState::Running;
        t.params = *params;
        trials.append(t);
        // Tell the oldest running trial once `parallel` are in flight (and all at the end).
        while (told < trials.size() && (trials.size() - told >= parallel || number == fn.budget - 1)) {
            Trial &r = trials[told++];
            r.value = observe(o, objectiveInput(o, r.params), seed, r.number);
            r.state = TrialState::Complete;
        }
    }
    std::optional<int> chosen = sampler->recommendedTrial(trials);
    if (!chosen) {
        const Trial *best = bestTrial(trials, Goal::Minimize);
        chosen = best ? best->number : 0;
    }
    Study result;
    result.seconds = timer.nsecsElapsed() * 1e-9;
    result.cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    if (gp && verbose)
        std::fprintf(stderr, "  fit %.3f s (%d iterations), acquisition %.3f s (CPU)\n", fitSeconds, fitIterations,
                     acqSeconds);
    result.judgement = judge(o, objectiveInput(o, trials.at(*chosen).params));
    if (verbose) {
        QStringList params;
        for (auto it = trials.at(*chosen).params.begin(); it != trials.at(*chosen).params.end(); ++it)
            params << it.key() + u'=' + it->toString();
        std::fprintf(stderr, "  final trial %d: %s\n", *chosen, qPrintable(params.join(u' ')));
        // Against the best observed trial: what recommending by posterior mean changed.
        if (const Trial *best = bestTrial(trials, Goal::Minimize))
            std::fprintf(stderr, "  best observed trial %d: regret %.4g (recommended: %.4g)\n", best->number,
                         judge(o, objectiveInput(o, best->params)).regret, result.judgement.regret);
    }
    return result;
}

// Optuna's studies from optuna_reference.py's JSON lines, judged like ours.
void loadReference(const QString &path, Results &results)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        std::exit(2);
    }
    std::map<std::tuple<std::string, std::string, int>, Study> latest; // a rerun replaces a seed
    while (!file.atEnd()) {
        const QJsonObject r = QJsonDocument::fromJson(file.readLine()).object();
        const Objective *o = findObjective(r.value(QStringLiteral("function")).toString().toStdString());
        if (!o)
            continue;
        const std::string method = "optuna-" + r.value(QStringLiteral("method")).toString().toStdString();
        Study s;
        s.judgement = judge(*o, objectiveInput(*o, r.value(QStringLiteral("params")).toObject().toVariantMap()));
        s.seconds = r.value(QStringLiteral("wall")).toDouble();
        s.cpuSeconds = r.value(QStringLiteral("cpu")).toDouble();
        latest[{o->name, method, r.value(QStringLiteral("seed")).toInt()}] = s;
    }
    for (const auto &[key, s] : latest)
        results[{std::get<0>(key), std::get<1>(key)}].push_back(s);
}

void listSuite()
{
    QJsonArray out;
    for (const Objective &o : objectives()) {
        QJsonArray params;
        for (const ObjectiveParam &p : o.params) {
            QJsonObject q{{QStringLiteral("name"), QString::fromStdString(p.name)}};
            if (p.kind == ObjectiveParam::Kind::Categorical) {
                QJsonArray choices;
                for (const std::string &c : p.choices)
                    choices.append(QString::fromStdString(c));
                q.insert(QStringLiteral("kind"), QStringLiteral("categorical"));
                q.insert(QStringLiteral("choices"), choices);
            } else {
                q.insert(QStringLiteral("kind"), p.kind == ObjectiveParam::Kind::Int ? QStringLiteral("int")
                                                                                      : QStringLiteral("float"));
                q.insert(QStringLiteral("low"), p.low);
                q.insert(QStringLiteral("high"), p.high);
                q.insert(QStringLiteral("log"), p.log);
                q.insert(QStringLiteral("step"), p.step);
            }
            params.append(q);
        }
        out.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(o.name)},
                               {QStringLiteral("family"), QString::fromStdString(o.family)},
                               {QStringLiteral("budget"), o.budget},
                               {QStringLiteral("noise"), o.noise},
                               {QStringLiteral("f_min"), o.fMin},
                               {QStringLiteral("params"), params}});
    }
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
}

int serve()
{
    std::string line;
    while (std::getline(std::cin, line)) {
        const QStringList fields = QString::fromStdString(line).split(QLatin1Char('\t'));
        const Objective *o = fields.size() == 4 ? findObjective(fields[0].toStdString()) : nullptr;
        if (!o) {
            std::fprintf(stderr, "bad request: %s\n", line.c_str());
            return 2;
        }
        const QVariantMap params = QJsonDocument::fromJson(fields[3].toUtf8()).object().toVariantMap();
        std::printf("%.17g\n", observe(*o, objectiveInput(*o, params), fields[1].toULongLong(), fields[2].toInt()));
        std::fflush(stdout);
    }
    return 0;
}

// One bayes and one tpe suggestion after `n` completed trials of Styblinski-Tang in `dim`
// dimensions (issue 14's targets: TPE < 50 ms at 10,000 trials, the GP < 1 s at any size).
void largeSuggestion(const QList<int> &sizes, int dim)
{
    const SearchSpace space = boxSpace(dim, -5, 5);
    // Cold: the first suggestion of a fresh sampler (a resumed study fits its hyperparameter
    // checkpoints); warm: the median of the next three, as in a running study.
    std::printf("| trials | method | cold CPU s | warm CPU s (median of 3) | target | recommendation CPU s |\n"
                "|---|---|---|---|---|---|\n");
    for (int n : sizes) {
        SplitMix64 rng(1);
        QList<Trial> trials;
        for (int i = 0; i < n; ++i) {
            Trial t;
            t.number = i;
            t.state = TrialState::Complete;
            std::vector<double> x(dim);
            for (int d = 0; d < dim; ++d) {
                x[d] = -5.0 + 10.0 * rng.unit();
                t.params.insert(QStringLiteral("x%1").arg(d + 1), x[d]);
            }
            t.value = detail::styblinskiTang(x.data(), dim);
            trials.append(t);
        }
        for (const QString &method : {QStringLiteral("bayes"), QStringLiteral("tpe")}) {
            StudySpec spec;
            spec.method = method;
            spec.space = space;
            spec.metrics = {MetricSpec{QStringLiteral("value"), Goal::Minimize, false}};
            spec.methodOptions = gOptions;
            QString error;
            std::unique_ptr<Sampler> sampler = createSampler(spec, &error);
            if (!sampler) { // an --option of the other method
                std::fprintf(stderr, "%s: %s\n", qPrintable(method), qPrintable(error));
                continue;
            }
            std::vector<double> seconds;
            double cold = 0.0;
            for (int call = 0; call < 4; ++call) {
                const std::clock_t start = std::clock();
                sampler->suggest(trials, n + call);
                (call == 0 ? cold : seconds.emplace_back()) = double(std::clock() - start) / CLOCKS_PER_SEC;
            }
            // What a live view's Recommender pays (at most 5 % of the time, see Recommender).
            const std::clock_t start = std::clock();
            sampler->recommendedTrial(trials);
            const double recommendation = double(std::clock() - start) / CLOCKS_PER_SEC;
            const bool bayes = method == QLatin1String("bayes");
            std::printf("| %d | %s | %.4f | %.4f | %s | %.4f |\n", n, qPrintable(method), cold, quantile(seconds, 0.5),
                        bayes ? "< 1 s" : (n >= 10000 ? "< 0.05 s" : ""), recommendation);
            std::fflush(stdout);
        }
    }
}

QString figure(double v)
{
    if (!std::isfinite(v))
        return QStringLiteral("-");
    return QString::number(v, 'g', 3);
}

QString cells(const Summary &s)
{
    if (s.studies == 0)
        return QStringLiteral("| | | | ");
    return QStringLiteral("| %1 | %2 | %3 | %4/%5 ")
        .arg(figure(s.median), figure(s.mean), figure(s.p90))
        .arg(int(std::lround(s.trapped * s.studies)))
        .arg(s.studies);
}

double medianSeconds(const std::vector<Study> &v, bool cpu)
{
    std::vector<double> s;
    for (const Study &x : v)
        s.push_back(cpu ? x.cpuSeconds : x.seconds);
    return quantile(s, 0.5);
}

// Every method ends in the same non-global basin on every seed: finding the global one is
// beyond what the anchor does.
bool beyondAnchor(const Objective &o, const std::vector<const std::vector<Study> *> &all)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    int n = 0;
    for (const auto *v : all) {
        for (const Study &s : *v) {
            if (!s.judgement.trapped)
                return false;
            lo = std::min(lo, s.judgement.descended);
            hi = std::max(hi, s.judgement.descended);
            ++n;
        }
    }
    return n > 0 && hi - lo <= o.basinTolerance;
}

// bayes against GPSampler, tpe against multivariate TPE: median, mean, p90 regret, trapped
// seeds, seconds per study, and whether the targets hold.
void printTable(const Results &results, const QList<BenchFunction> &functions, const QString &ours,
                const QString &theirs, bool meanTarget, const QStringList &otherMethods)
{
    const std::string a = ours.toStdString(), b = ("optuna-" + theirs).toStdString();
    std::printf("\n| function | D | budget | %s median | mean | p90 | trapped | CPU s | optuna %s median | mean | p90 | "
                "trapped | CPU s | speed-up | target |\n",
                qPrintable(ours), qPrintable(theirs));
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int met = 0, total = 0;
    for (const BenchFunction &fn : functions) {
        const Objective &o = *fn.objective;
        const auto ia = results.find({o.name, a}), ib = results.find({o.name, b});
        if (ia == results.end() && ib == results.end())
            continue;
        static const std::vector<Study> none;
        const std::vector<Study> &ours = ia != results.end() ? ia->second : none;
        const std::vector<Study> &theirs = ib != results.end() ? ib->second : none;
        auto summary = [](const std::vector<Study> &v) {
            std::vector<Judgement> j;
            for (const Study &s : v)
                j.push_back(s.judgement);
            return summarize(j);
        };
        const Summary sa = summary(ours), sb = summary(theirs);
        QString target;
        if (sa.studies > 0 && sb.studies > 0) {
            std::vector<const std::vector<Study> *> all{&ours, &theirs};
            for (const QString &m : otherMethods) {
                const auto it = results.find({o.name, m.toStdString()});
                if (it != results.end())
                    all.push_back(&it->second);
            }
            const double eps = 1e-12 * std::max(1.0, std::abs(o.fMin));
            const bool ok = sa.median <= sb.median + eps && (!meanTarget || sa.mean <= sb.mean + eps);
            ++total;
            met += ok;
            target = ok ? QStringLiteral("met") : QStringLiteral("**missed**");
            if (beyondAnchor(o, all))
                target += QStringLiteral(" (all trapped: beyond the anchor)");
        }
        const double ca = medianSeconds(ours, true);
        const double cb = medianSeconds(theirs, true);
        std::printf("| %s | %d | %d %s| %s %s| %s | %s | %s |\n", o.name.c_str(), o.dimension(), fn.budget,
                    qPrintable(cells(sa)), qPrintable(figure(ca)), qPrintable(cells(sb)), qPrintable(figure(cb)),
                    std::isfinite(cb) && std::isfinite(ca) ? qPrintable(QStringLiteral("%1x").arg(cb / ca, 0, 'f', 1)) : "",
                    qPrintable(target));
    }
    if (total > 0)
        std::printf("\n%s: target met on %d of %d functions\n", qPrintable(ours), met, total);
}

} // namespace

int main(int argc, char **argv)
{
    // The samplers run with the runner's heap settings (`tunescope run` sets them too), so that
    // their CPU is what a study pays and not glibc's page faults on the GP's temporaries.
    keepFreedHeapForReuse();
    QCoreApplication app(argc, argv);
    QStringList methods = {QStringLiteral("bayes"), QStringLiteral("tpe")};
    QStringList only, references;
    int seeds = 10, firstSeed = 0, parallel = 1, dimension = 10, budget = 0;
    QList<int> sizes = {1000, 10000};
    bool verbose = false, perSeed = false, large = false, onlyPublic = false;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool value = i + 1 < args.size();
        if (a == QLatin1String("--methods") && value)
            methods = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--functions") && value)
            only = args[++i].split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (a == QLatin1String("--public"))
            onlyPublic = true;
        else if (a == QLatin1String("--seeds") && value)
            seeds = args[++i].toInt();
        else if (a == QLatin1String("--first-seed") && value)
            firstSeed = args[++i].toInt();
        else if (a == QLatin1String("--budget") && value)
            budget = args[++i].toInt();
        else if (a == QLatin1String("--parallel") && value)
            parallel = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--option") && value) {
            const QStringList kv = args[++i].split(QLatin1Char('='));
            gOptions.insert(kv.value(0), kv.value(1));
        } else if (a == QLatin1String("--reference") && value)
            references << args[++i];
        else if (a == QLatin1String("--per-seed"))
            perSeed = true;
        else if (a == QLatin1String("--verbose"))
            verbose = true;
        else if (a == QLatin1String("--large"))
            large = true;
        else if (a == QLatin1String("--trials") && value) {
            sizes.clear();
            for (const QString &s : args[++i].split(QLatin1Char(',')))
                sizes << s.toInt();
        } else if (a == QLatin1String("--dimension") && value)
            dimension = args[++i].toInt();
        else if (a == QLatin1String("--list")) {
            listSuite();
            return 0;
        } else if (a == QLatin1String("--serve")) {
            return serve();
        } else {
            std::fprintf(stderr, "usage: bench_samplers [--methods a,b] [--functions f,g | --public] [--seeds N] "
                                 "[--first-seed N] [--budget N] [--parallel N] [--option key=value] [--reference FILE] "
                                 "[--per-seed] [--verbose] | --large [--trials N,M] [--dimension D] | --list | --serve\n");
            return 2;
        }
    }
    if (large) {
        largeSuggestion(sizes, dimension);
        return 0;
    }

    QList<BenchFunction> functions;
    for (BenchFunction fn : suiteFunctions()) {
        if (budget > 0)
            fn.budget = budget;
        if ((only.isEmpty() || only.contains(fn.name)) && (!onlyPublic || fn.objective->family == "public"))
            functions.append(fn);
    }

    Results results;
    for (const QString &r : references)
        loadReference(r, results);
    for (const BenchFunction &fn : functions) {
        for (const QString &method : methods) {
            auto &list = results[{fn.name.toStdString(), method.toStdString()}];
            for (int s = firstSeed; s < firstSeed + seeds; ++s) {
                const std::optional<Study> r = runStudy(fn, method, quint64(s), parallel, verbose);
                if (!r)
                    return 1;
                list.push_back(*r);
                if (perSeed)
                    std::fprintf(stderr, "%s %s seed %d: regret %.4g%s, %.3f s\n", qPrintable(fn.name),
                                 qPrintable(method), s, r->judgement.regret, r->judgement.trapped ? " (trapped)" : "",
                                 r->seconds);
            }
        }
    }

    std::printf("%d seeds (%d..%d), parallel %d. Regret: noise-free value of the final point minus the optimum "
                "(the recommended trial where a method recommends one, else the best observed); trapped: seeds "
                "whose final point descends to a non-global minimum; CPU s: median per study.\n",
                seeds, firstSeed, firstSeed + seeds - 1, parallel);
    if (methods.contains(QStringLiteral("bayes")))
        printTable(results, functions, QStringLiteral("bayes"), QStringLiteral("gp"), true,
                   {QStringLiteral("tpe"), QStringLiteral("optuna-tpe-mv")});
    if (methods.contains(QStringLiteral("tpe")))
        printTable(results, functions, QStringLiteral("tpe"), QStringLiteral("tpe-mv"), false,
                   {QStringLiteral("bayes"), QStringLiteral("optuna-gp")});
    for (const QString &m : methods) {
        if (m != QLatin1String("bayes") && m != QLatin1String("tpe"))
            printTable(results, functions, m, QStringLiteral("random"), false, {});
    }
    return 0;
}

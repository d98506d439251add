#pragma once

#include "common/trial.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace tunescope {

/// What a study's trials consumed, by final state, and what early stopping saved: the one
/// computation the status bar, the report and `tunescope studies` show.
///
/// Saved by pruning: each pruned trial's remaining steps (the longest finished curve of the
/// objective minus the steps it reached) times its own mean cost per step (its measured cost
/// over the steps it reached). An estimate, said so wherever it is shown; trials without
/// measured figures (older, imported, Slurm without accounting) add nothing to either side.
struct StudyCost
{
    /// Index by state: complete, pruned, failed (interrupted trials count with failed).
    enum Group { Complete = 0, Pruned = 1, Failed = 2 };
    struct Figures
    {
        double cpuHours = 0.0;
        double gpuHours = 0.0;
        double runHours = 0.0; ///< wall time the trials' programs ran
        int trials = 0;        ///< trials in the group
        int measured = 0;      ///< of those, with measured CPU figures
    };

    std::array<Figures, 3> byState{};
    Figures total;
    double savedCpuHours = 0.0; ///< pruning's estimated saving
    double savedGpuHours = 0.0;
    double savedRunHours = 0.0;
    int prunedWithSteps = 0;    ///< pruned trials that entered the saving estimate

    bool hasMeasurements() const { return total.measured > 0 || total.runHours > 0; }

    /// From the study's trials (with their intermediate values, for the steps) and its
    /// objective's name.
    static StudyCost of(const QList<Trial> &trials, const QString &objective);
};

} // namespace tunescope

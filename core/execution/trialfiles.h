#pragma once

// The names of the files Tunescope itself writes into a trial's folder, in one place: the
// launchers write them, the Slurm job script names them, the runner polls them, and the
// artifacts view leaves them out (isRunnerFile).

namespace tunescope::trialfiles {

inline constexpr char stdoutLog[] = "stdout.log";   ///< the trial program's stdout
inline constexpr char stderrLog[] = "stderr.log";   ///< its stderr, created on the first byte
inline constexpr char jobScript[] = "job.sh";       ///< a Slurm trial's job script
inline constexpr char jobStart[] = "job.start";     ///< one line per start of the Slurm job
inline constexpr char jobExit[] = "job.exit";       ///< the Slurm job's exit status
inline constexpr char jobExitPart[] = "job.exit.part"; ///< job.exit while it is written (then renamed)

/// Every name above.
inline constexpr const char *all[] = {stdoutLog, stderrLog, jobScript, jobStart, jobExit, jobExitPart};

} // namespace tunescope::trialfiles

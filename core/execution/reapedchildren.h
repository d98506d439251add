#pragma once

namespace tunescope {

/// The CPU time the kernel adds to this process's children's account (getrusage
/// RUSAGE_CHILDREN: user + system of every child it reaped, with what each child waited for)
/// as a ledger: each call takes what was added since the previous one. A trial's program is
/// reaped by QProcess just before its finished() signal, so the growth taken there is that
/// program's final figure, to its last instruction, which /proc sampling misses (the last
/// interval before exit; a trial shorter than one interval). It also holds any other child of
/// this process reaped since the previous call (nvidia-smi polls take theirs out through this
/// ledger too), so a user bounds it (ProcessTreeSampler::usage).
class ReapedChildren
{
public:
    /// User + system seconds of the children reaped since the previous call (thread-safe).
    static double takeCpuSeconds();
};

} // namespace tunescope

#pragma once

#include <QString>

namespace tunescope {

// Numbers and durations as text, in C's notation, for the command line, the core's messages
// and machine-readable files. The dashboard and the reports write numbers in the reader's
// locale instead (ui/trials/statetext.h: numberText).

/// Every digit needed to read the same double back (0.1 stays "0.1", 1e-07 "1e-07").
QString formatShortest(double v);
/// `significant` significant digits, the shortest notation ("0.123457", "1.5e-05").
QString formatNumber(double v, int significant = 6);
/// Elapsed time as h:mm:ss ("0:03:07"); "–" for a negative (unknown) time.
QString formatClock(qint64 seconds);

} // namespace tunescope

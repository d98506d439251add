// libFuzzer target: the metric-line parser, fed the way a trial's output arrives (chunks of
// any size, lines split anywhere, \r and \n, binary bytes).
#include "execution/metricparser.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace tunescope;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    // The first byte chooses the chunk size, so that line splits at every offset are tried.
    const size_t chunk = size_t(data[0] % 64) + 1;
    const QByteArray stream(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    MetricParser parser;
    QList<MetricReport> reports;
    for (qsizetype at = 0; at < stream.size(); at += qsizetype(chunk))
        reports += parser.feed(stream.mid(at, qsizetype(chunk)));
    reports += parser.finish();

    // The same bytes in one piece give the same reports.
    MetricParser whole;
    QList<MetricReport> once = whole.feed(stream);
    once += whole.finish();
    if (once.size() != reports.size()) {
        fprintf(stderr, "chunked feed gave %lld reports, one piece %lld\n", (long long)reports.size(), (long long)once.size());
        abort();
    }
    for (const MetricReport &r : reports) {
        if (r.name.isEmpty()) {
            fprintf(stderr, "a report without a metric name\n");
            abort();
        }
    }

    // Single lines straight into parseLine, as the regex-free path of a log view does.
    MetricParser lines;
    for (const QByteArray &line : stream.split('\n'))
        (void)lines.parseLine(line);
    return 0;
}

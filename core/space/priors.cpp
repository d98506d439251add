#include "space/priors.h"

#include "space/searchspace.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace tunescope {

namespace {

// Values, not exceptions: the parameters are validated before anything is drawn, and a NaN
// from a degenerate shape must not take a runner down.
using Policy = boost::math::policies::policy<boost::math::policies::domain_error<boost::math::policies::ignore_error>,
                                             boost::math::policies::overflow_error<boost::math::policies::ignore_error>,
                                             boost::math::policies::evaluation_error<boost::math::policies::ignore_error>>;

// About 7.9 standard deviations: the tails stay finite.
constexpr double kTail = 1e-15;

} // namespace

double priorQuantile(const Parameter &p, double u)
{
    if (p.prior == Parameter::Prior::Beta) {
        const boost::math::beta_distribution<double, Policy> beta(p.alpha, p.beta);
        u = std::clamp(u, 0.0, 1.0);
        try {
            return boost::math::quantile(beta, u);
        } catch (const std::exception &) {
            // Boost 1.74's Newton iteration raises through the default policy when it stalls
            // (beta(5, 5) near 0.25, for one); the CDF is monotone, so bisect it instead.
            double lo = 0.0, hi = 1.0;
            for (int i = 0; i < 100 && hi - lo > 1e-17; ++i) {
                const double mid = 0.5 * (lo + hi);
                (boost::math::cdf(beta, mid) < u ? lo : hi) = mid;
            }
            return 0.5 * (lo + hi);
        }
    }
    const boost::math::normal_distribution<double, Policy> normal(p.mu, p.sigma);
    const double x = boost::math::quantile(normal, std::clamp(u, kTail, 1.0 - kTail));
    return p.log ? std::exp(x) : x;
}

double priorCdf(const Parameter &p, double x)
{
    if (!std::isfinite(x))
        return x > 0 ? 1.0 : 0.0;
    if (p.prior == Parameter::Prior::Beta) {
        const boost::math::beta_distribution<double, Policy> beta(p.alpha, p.beta);
        return boost::math::cdf(beta, std::clamp(x, 0.0, 1.0));
    }
    if (p.log) {
        if (x <= 0)
            return 0.0;
        x = std::log(x);
    }
    const boost::math::normal_distribution<double, Policy> normal(p.mu, p.sigma);
    return boost::math::cdf(normal, x);
}

double roundToMultiple(double x, double q)
{
    // nearbyint rounds halves to even in the default rounding mode, as numpy and Python do.
    return std::nearbyint(x / q) * q;
}

} // namespace tunescope

#pragma once

// The distributions behind W&B's normal, log_normal and beta families and NNI's normal types:
// the CDF and quantile a parameter's unit coordinate goes through (Boost.Math, as SciPy's
// stats use for the beta distribution), and the rounding of their q-variants.

namespace tunescope {

struct Parameter;

/// The quantile of p's Normal (of the logarithm when p.log) or Beta prior at u; u is kept a
/// hair inside (0, 1) so that the normal families never give an infinite value.
double priorQuantile(const Parameter &p, double u);
/// The CDF of p's Normal (lognormal when p.log) or Beta prior at x.
double priorCdf(const Parameter &p, double x);
/// The multiple of q nearest to x, halves to even: numpy.round(x / q) * q, which W&B's q_*
/// distributions use, and Python's round(x / q) * q, which NNI's q types use.
double roundToMultiple(double x, double q);

} // namespace tunescope

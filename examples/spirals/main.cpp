// spirals-trainer: a small multi-layer perceptron trained on the two-spirals
// problem, the bundled Tunescope example that needs nothing but Eigen.
//
// It follows the Tunescope trial protocol: hyperparameters arrive as
// `--name=value` arguments (the W&B `${args}` macro), and every epoch prints
// one line `epoch=N train_loss=... val_loss=... val_accuracy=...` on stdout.
// Bad arguments are reported on stderr with exit code 2.

#include <Eigen/Dense>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <thread>
#include <vector>

using Eigen::ArrayXXd;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

constexpr const char *kProgram = "spirals-trainer";

// The data set never changes between trials: only the model seed does.
constexpr std::uint64_t kDataSeed = 20240611;
constexpr int kPointsPerClass = 200;       // 400 points in all
constexpr double kValidationShare = 0.25;  // 300 train, 100 validation
constexpr double kTurns = 1.25;            // how far each arm winds
constexpr double kNoise = 0.08;            // Gaussian jitter, in units of the spiral radius

enum class Optimizer { Sgd, Momentum, Adam };
enum class Activation { Tanh, Relu };

struct Options
{
    double lr = 0.01;
    int hidden = 32;
    int layers = 2;
    int batchSize = 32;
    int epochs = 30;
    Optimizer optimizer = Optimizer::Adam;
    Activation activation = Activation::Tanh;
    double weightDecay = 0.0;
    std::uint64_t seed = 0;
    int sleepMs = 0;
};

void printHelp()
{
    std::printf(
        "Usage: %s [--name=value ...]\n"
        "\n"
        "Trains a small MLP on a generated two-spirals data set (%d points, fixed\n"
        "data seed, %d%% held out for validation) and prints one metric line per\n"
        "epoch: epoch, train_loss, val_loss, val_accuracy.\n"
        "\n"
        "Options (also accepted as --name value):\n"
        "  --lr=FLOAT            learning rate, > 0                     (default 0.01)\n"
        "  --hidden=INT          units per hidden layer, 1..4096        (default 32)\n"
        "  --layers=INT          hidden layers, 1..4                    (default 2)\n"
        "  --batch_size=INT      mini-batch size, >= 1                  (default 32)\n"
        "  --epochs=INT          passes over the training set, >= 1     (default 30)\n"
        "  --optimizer=NAME      sgd | momentum | adam                  (default adam)\n"
        "  --activation=NAME     tanh | relu                            (default tanh)\n"
        "  --weight_decay=FLOAT  L2 penalty on the weights, >= 0        (default 0)\n"
        "  --seed=INT            weight init and shuffling seed, >= 0\n"
        "                        (default: $TUNESCOPE_TRIAL, else 0)\n"
        "  --sleep_ms=INT        pause after each epoch, for live demos (default 0)\n"
        "  --help                this text\n",
        kProgram, 2 * kPointsPerClass, int(kValidationShare * 100));
}

[[noreturn]] void usageError(const std::string &message)
{
    std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
    std::fprintf(stderr, "Try '%s --help'.\n", kProgram);
    std::exit(2);
}

double parseDouble(const std::string &name, const std::string &text)
{
    const char *begin = text.c_str();
    char *end = nullptr;
    errno = 0;
    const double v = std::strtod(begin, &end);
    if (text.empty() || end != begin + text.size() || errno == ERANGE || !std::isfinite(v))
        usageError("--" + name + ": '" + text + "' is not a finite number");
    return v;
}

// Integers may come as "32" or, from a sampler that writes every number as a
// float, "32.0"; anything with a fractional part is refused.
long long parseInt(const std::string &name, const std::string &text)
{
    const double v = parseDouble(name, text);
    if (v != std::floor(v) || std::fabs(v) > 9.0e15)
        usageError("--" + name + ": '" + text + "' is not an integer");
    return static_cast<long long>(v);
}

void requireRange(const std::string &name, double v, double lo, double hi, const std::string &what)
{
    if (!(v >= lo && v <= hi))
        usageError("--" + name + ": must be " + what);
}

Options parseArguments(int argc, char **argv)
{
    Options o;
    if (const char *trial = std::getenv("TUNESCOPE_TRIAL"); trial && *trial) {
        char *end = nullptr;
        const unsigned long long v = std::strtoull(trial, &end, 10);
        if (*end == '\0')
            o.seed = v;
    }

    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            printHelp();
            std::exit(0);
        }
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
            usageError("unexpected argument '" + arg + "' (expected --name=value)");
        std::string name, value;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            name = arg.substr(2, eq - 2);
            value = arg.substr(eq + 1);
        } else {
            name = arg.substr(2);
            if (i + 1 >= argc)
                usageError("--" + name + ": missing value");
            value = argv[++i];
        }

        if (name == "lr") {
            o.lr = parseDouble(name, value);
            requireRange(name, o.lr, 1e-12, 1e3, "> 0 (and at most 1000)");
        } else if (name == "hidden") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 1, 4096, "between 1 and 4096");
            o.hidden = int(v);
        } else if (name == "layers") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 1, 4, "between 1 and 4");
            o.layers = int(v);
        } else if (name == "batch_size") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 1, 1e6, ">= 1");
            o.batchSize = int(v);
        } else if (name == "epochs") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 1, 1e6, "between 1 and 1000000");
            o.epochs = int(v);
        } else if (name == "optimizer") {
            if (value == "sgd")
                o.optimizer = Optimizer::Sgd;
            else if (value == "momentum")
                o.optimizer = Optimizer::Momentum;
            else if (value == "adam")
                o.optimizer = Optimizer::Adam;
            else
                usageError("--optimizer: '" + value + "' is not one of sgd, momentum, adam");
        } else if (name == "activation") {
            if (value == "tanh")
                o.activation = Activation::Tanh;
            else if (value == "relu")
                o.activation = Activation::Relu;
            else
                usageError("--activation: '" + value + "' is not one of tanh, relu");
        } else if (name == "weight_decay") {
            o.weightDecay = parseDouble(name, value);
            requireRange(name, o.weightDecay, 0, 1e3, ">= 0");
        } else if (name == "seed") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 0, 9.0e15, ">= 0");
            o.seed = std::uint64_t(v);
        } else if (name == "sleep_ms") {
            const long long v = parseInt(name, value);
            requireRange(name, double(v), 0, 600000, "between 0 and 600000");
            o.sleepMs = int(v);
        } else {
            usageError("unknown option '--" + name + "'");
        }
    }
    return o;
}

// A small, portable random source: std::normal_distribution differs between
// standard libraries, and the data set must be the same everywhere.
class Random
{
public:
    explicit Random(std::uint64_t seed) : mEngine(seed) {}

    double uniform() { return (mEngine() >> 11) * 0x1.0p-53; } // [0, 1)
    double normal()
    {
        if (mHaveSpare) {
            mHaveSpare = false;
            return mSpare;
        }
        double u1 = 0.0;
        while (u1 <= 0.0)
            u1 = uniform();
        const double u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        mSpare = r * std::sin(2.0 * std::numbers::pi * u2);
        mHaveSpare = true;
        return r * std::cos(2.0 * std::numbers::pi * u2);
    }
    std::size_t below(std::size_t n) { return std::size_t(uniform() * double(n)); }
    template<typename T> void shuffle(std::vector<T> &v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }

private:
    std::mt19937_64 mEngine;
    double mSpare = 0.0;
    bool mHaveSpare = false;
};

/** Points as columns (2 x n) and labels 0/1 (1 x n). */
struct DataSet
{
    MatrixXd x;
    MatrixXd y;
    int size() const { return int(x.cols()); }
};

void makeSpirals(DataSet &train, DataSet &val)
{
    Random rng(kDataSeed);
    const int n = 2 * kPointsPerClass;
    MatrixXd x(2, n), y(1, n);
    for (int c = 0; c < 2; ++c) {
        for (int i = 0; i < kPointsPerClass; ++i) {
            // Radius grows linearly with the angle; the second arm is the first turned by pi.
            const double t = 0.05 + 0.95 * double(i) / (kPointsPerClass - 1);
            const double angle = t * kTurns * 2.0 * std::numbers::pi + c * std::numbers::pi;
            const int k = c * kPointsPerClass + i;
            x(0, k) = t * std::cos(angle) + kNoise * rng.normal();
            x(1, k) = t * std::sin(angle) + kNoise * rng.normal();
            y(0, k) = c;
        }
    }
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    rng.shuffle(order);
    const int nVal = int(std::lround(n * kValidationShare));
    val.x.resize(2, nVal);
    val.y.resize(1, nVal);
    train.x.resize(2, n - nVal);
    train.y.resize(1, n - nVal);
    for (int i = 0; i < n; ++i) {
        DataSet &d = i < nVal ? val : train;
        const int j = i < nVal ? i : i - nVal;
        d.x.col(j) = x.col(order[i]);
        d.y(0, j) = y(0, order[i]);
    }
}

/** One dense layer with its gradient and optimizer state. */
struct Layer
{
    MatrixXd w, gw, mw, vw;
    VectorXd b, gb, mb, vb;
};

class Mlp
{
public:
    Mlp(const Options &o, Random &rng) : mOptions(o)
    {
        int in = 2;
        for (int l = 0; l <= o.layers; ++l) {
            const int out = l < o.layers ? o.hidden : 1;
            // Glorot for tanh, He for ReLU; the output layer is linear.
            const double scale = (o.activation == Activation::Relu && l < o.layers)
                                     ? std::sqrt(2.0 / in)
                                     : std::sqrt(1.0 / in);
            Layer layer;
            layer.w = MatrixXd(out, in);
            for (int r = 0; r < out; ++r)
                for (int c = 0; c < in; ++c)
                    layer.w(r, c) = scale * rng.normal();
            layer.b = VectorXd::Zero(out);
            layer.mw = layer.vw = MatrixXd::Zero(out, in);
            layer.mb = layer.vb = VectorXd::Zero(out);
            mLayers.push_back(std::move(layer));
            in = out;
        }
        mActivations.resize(mLayers.size() + 1);
    }

    /** Forward pass; returns the logits (1 x batch) and keeps activations for backward(). */
    const MatrixXd &forward(const MatrixXd &x)
    {
        mActivations[0] = x;
        for (std::size_t l = 0; l < mLayers.size(); ++l) {
            MatrixXd z = mLayers[l].w * mActivations[l];
            z.colwise() += mLayers[l].b;
            if (l + 1 < mLayers.size()) {
                if (mOptions.activation == Activation::Tanh)
                    z = z.array().tanh().matrix();
                else
                    z = z.cwiseMax(0.0);
            }
            mActivations[l + 1] = std::move(z);
        }
        return mActivations.back();
    }

    /** Backward pass from dLoss/dLogits (1 x batch) after forward(). */
    void backward(MatrixXd delta)
    {
        for (std::size_t l = mLayers.size(); l-- > 0;) {
            Layer &layer = mLayers[l];
            layer.gw = delta * mActivations[l].transpose() + mOptions.weightDecay * layer.w;
            layer.gb = delta.rowwise().sum();
            if (l == 0)
                break;
            MatrixXd back = layer.w.transpose() * delta;
            const MatrixXd &a = mActivations[l];
            if (mOptions.activation == Activation::Tanh)
                delta = (back.array() * (1.0 - a.array().square())).matrix();
            else
                delta = (back.array() * (a.array() > 0.0).cast<double>()).matrix();
        }
    }

    void step()
    {
        ++mStep;
        const double lr = mOptions.lr;
        for (Layer &layer : mLayers) {
            switch (mOptions.optimizer) {
            case Optimizer::Sgd:
                layer.w -= lr * layer.gw;
                layer.b -= lr * layer.gb;
                break;
            case Optimizer::Momentum:
                layer.mw = 0.9 * layer.mw + layer.gw;
                layer.mb = 0.9 * layer.mb + layer.gb;
                layer.w -= lr * layer.mw;
                layer.b -= lr * layer.mb;
                break;
            case Optimizer::Adam: {
                constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
                const double c1 = 1.0 - std::pow(b1, mStep), c2 = 1.0 - std::pow(b2, mStep);
                layer.mw = b1 * layer.mw + (1 - b1) * layer.gw;
                layer.mb = b1 * layer.mb + (1 - b1) * layer.gb;
                layer.vw = (b2 * layer.vw.array() + (1 - b2) * layer.gw.array().square()).matrix();
                layer.vb = (b2 * layer.vb.array() + (1 - b2) * layer.gb.array().square()).matrix();
                layer.w.array() -= lr * (layer.mw.array() / c1) / ((layer.vw.array() / c2).sqrt() + eps);
                layer.b.array() -= lr * (layer.mb.array() / c1) / ((layer.vb.array() / c2).sqrt() + eps);
                break;
            }
            }
        }
    }

private:
    Options mOptions;
    std::vector<Layer> mLayers;
    std::vector<MatrixXd> mActivations;
    long mStep = 0;
};

/** Binary cross-entropy on logits, numerically stable: log(1 + e^z) - y z. */
double bceLoss(const MatrixXd &logits, const MatrixXd &y)
{
    const ArrayXXd z = logits.array();
    const ArrayXXd softplus = z.max(0.0) + (-z.abs()).exp().log1p();
    return (softplus - y.array() * z).mean();
}

struct Evaluation
{
    double loss = 0.0;
    double accuracy = 0.0;
};

Evaluation evaluate(Mlp &net, const DataSet &d)
{
    const MatrixXd &logits = net.forward(d.x);
    Evaluation e;
    e.loss = bceLoss(logits, d.y);
    int correct = 0;
    for (int i = 0; i < d.size(); ++i)
        correct += (logits(0, i) > 0.0) == (d.y(0, i) > 0.5);
    e.accuracy = double(correct) / d.size();
    return e;
}

} // namespace

int main(int argc, char **argv)
{
    const Options o = parseArguments(argc, argv);

    DataSet train, val;
    makeSpirals(train, val);

    Random rng(o.seed * 0x9E3779B97F4A7C15ull + 1);
    Mlp net(o, rng);

    std::printf("%s: two spirals, %d training and %d validation points; %d hidden layer(s) of %d %s units, "
                "%s optimizer, seed %llu\n",
                kProgram, train.size(), val.size(), o.layers, o.hidden,
                o.activation == Activation::Tanh ? "tanh" : "relu",
                o.optimizer == Optimizer::Sgd ? "sgd" : o.optimizer == Optimizer::Momentum ? "momentum" : "adam",
                static_cast<unsigned long long>(o.seed));
    std::fflush(stdout);

    const int n = train.size();
    const int batch = std::min(o.batchSize, n);
    std::vector<int> order(n);
    for (int i = 0; i < n; ++i)
        order[i] = i;
    MatrixXd xb, yb;

    for (int epoch = 1; epoch <= o.epochs; ++epoch) {
        rng.shuffle(order);
        for (int start = 0; start < n; start += batch) {
            const int m = std::min(batch, n - start);
            xb.resize(2, m);
            yb.resize(1, m);
            for (int j = 0; j < m; ++j) {
                xb.col(j) = train.x.col(order[start + j]);
                yb(0, j) = train.y(0, order[start + j]);
            }
            const MatrixXd &logits = net.forward(xb);
            // d(mean BCE)/dz = (sigmoid(z) - y) / m
            MatrixXd delta = ((1.0 / (1.0 + (-logits.array()).exp())) - yb.array()).matrix() / double(m);
            net.backward(std::move(delta));
            net.step();
        }
        const Evaluation tr = evaluate(net, train);
        const Evaluation va = evaluate(net, val);
        std::printf("epoch=%d train_loss=%.6g val_loss=%.6g val_accuracy=%.4f\n", epoch, tr.loss, va.loss,
                    va.accuracy);
        std::fflush(stdout);
        if (o.sleepMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(o.sleepMs));
    }
    return 0;
}

#include "classifiers/trainer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "classifiers/classifier.h"
#include "common/paths.h"

namespace docflow::classifier_train {
namespace {

using nlohmann::json;
using classifier_model::kHashSize;
using classifier_model::Logits;
using classifier_model::Probs;
using classifier_model::Softmax;

constexpr int K = kNumClasses;

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t IdHash(const std::string& id, uint64_t seed, char purpose) {
  uint64_t h = Fnv1a(std::string(1, purpose) + std::to_string(seed) + ":" + id);
  // Final avalanche (splitmix64) so that similar ids spread evenly.
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

// The training problem in compact form: kept features renumbered 0..D-1.
struct Problem {
  std::vector<uint32_t> feature;             // local -> global feature index
  std::vector<std::vector<std::pair<uint32_t, float>>> x;  // local indices
  std::vector<int> y;
  std::vector<double> weight;                // per example (class balance), sum = 1
  size_t dim() const { return feature.size(); }
};

Problem MakeProblem(const std::vector<const SparseVec*>& xs, const std::vector<int>& ys, int min_df) {
  std::unordered_map<uint32_t, int> df;
  for (const SparseVec* x : xs)
    for (const auto& [i, v] : *x) ++df[i];
  std::vector<uint32_t> kept;
  for (const auto& [i, n] : df)
    if (i >= kHashSize || n >= min_df) kept.push_back(i);
  std::sort(kept.begin(), kept.end());
  std::unordered_map<uint32_t, uint32_t> local;
  for (uint32_t j = 0; j < kept.size(); ++j) local[kept[j]] = j;
  Problem p;
  p.feature = std::move(kept);
  p.y = ys;
  std::array<int, K> count{};
  for (int y : ys) ++count[y];
  int present = 0;
  for (int c : count) present += c > 0;
  for (const SparseVec* x : xs) {
    std::vector<std::pair<uint32_t, float>> row;
    for (const auto& [i, v] : *x)
      if (auto it = local.find(i); it != local.end()) row.emplace_back(it->second, v);
    p.x.push_back(std::move(row));
  }
  double total = 0;
  for (int y : ys) {
    double w = static_cast<double>(ys.size()) / (present * count[y]);  // balanced
    p.weight.push_back(w);
    total += w;
  }
  for (auto& w : p.weight) w /= total;
  return p;
}

// theta = [W (dim x K, row-major) | b (K)]. Returns the objective, fills grad.
double Objective(const Problem& p, double l2, const std::vector<double>& theta,
                 std::vector<double>& grad) {
  const size_t D = p.dim();
  const double* b = theta.data() + D * K;
  std::fill(grad.begin(), grad.end(), 0.0);
  double f = 0;
  for (size_t i = 0; i < p.x.size(); ++i) {
    Logits z{};
    for (int k = 0; k < K; ++k) z[k] = b[k];
    for (const auto& [j, v] : p.x[i])
      for (int k = 0; k < K; ++k) z[k] += theta[j * K + k] * v;
    Probs pr = Softmax(z, 1.0);
    f -= p.weight[i] * std::log(std::max(pr[p.y[i]], 1e-300));
    std::array<double, K> g{};
    for (int k = 0; k < K; ++k) g[k] = p.weight[i] * (pr[k] - (k == p.y[i] ? 1.0 : 0.0));
    for (const auto& [j, v] : p.x[i])
      for (int k = 0; k < K; ++k) grad[j * K + k] += g[k] * v;
    for (int k = 0; k < K; ++k) grad[D * K + k] += g[k];
  }
  for (size_t j = 0; j < D * K; ++j) {
    f += 0.5 * l2 * theta[j] * theta[j];
    grad[j] += l2 * theta[j];
  }
  return f;
}

double Dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

// L-BFGS (two-loop recursion, memory 10) with a backtracking Armijo line search.
std::vector<double> Minimise(const Problem& p, double l2, int max_iterations) {
  const size_t n = p.dim() * K + K;
  std::vector<double> x(n, 0.0), g(n), xn(n), gn(n), d(n);
  double f = Objective(p, l2, x, g);
  constexpr int M = 10;
  std::vector<std::vector<double>> S, Y;
  std::vector<double> rho;
  for (int it = 0; it < max_iterations; ++it) {
    double gnorm = std::sqrt(Dot(g, g));
    if (gnorm < 1e-7) break;
    // d = -H g
    d = g;
    std::vector<double> alpha(S.size());
    for (int m = static_cast<int>(S.size()) - 1; m >= 0; --m) {
      alpha[m] = rho[m] * Dot(S[m], d);
      for (size_t i = 0; i < n; ++i) d[i] -= alpha[m] * Y[m][i];
    }
    double gamma = S.empty() ? 1.0 / gnorm : Dot(S.back(), Y.back()) / Dot(Y.back(), Y.back());
    for (auto& v : d) v *= gamma;
    for (size_t m = 0; m < S.size(); ++m) {
      double beta = rho[m] * Dot(Y[m], d);
      for (size_t i = 0; i < n; ++i) d[i] += S[m][i] * (alpha[m] - beta);
    }
    for (auto& v : d) v = -v;
    double slope = Dot(g, d);
    if (slope >= 0) {  // not a descent direction: restart from steepest descent
      S.clear(), Y.clear(), rho.clear();
      for (size_t i = 0; i < n; ++i) d[i] = -g[i] / gnorm;
      slope = Dot(g, d);
    }
    double step = 1.0, fn = 0;
    bool ok = false;
    for (int ls = 0; ls < 30; ++ls) {
      for (size_t i = 0; i < n; ++i) xn[i] = x[i] + step * d[i];
      fn = Objective(p, l2, xn, gn);
      if (fn <= f + 1e-4 * step * slope) {
        ok = true;
        break;
      }
      step *= 0.5;
    }
    if (!ok) break;
    std::vector<double> s(n), y(n);
    for (size_t i = 0; i < n; ++i) s[i] = xn[i] - x[i], y[i] = gn[i] - g[i];
    double sy = Dot(s, y);
    if (sy > 1e-12) {
      if (static_cast<int>(S.size()) == M) S.erase(S.begin()), Y.erase(Y.begin()), rho.erase(rho.begin());
      S.push_back(std::move(s));
      Y.push_back(std::move(y));
      rho.push_back(1.0 / sy);
    }
    double rel = (f - fn) / std::max({std::fabs(f), std::fabs(fn), 1.0});
    x.swap(xn);
    g.swap(gn);
    f = fn;
    if (rel < 1e-10) break;
  }
  return x;
}

Model ToModel(const Problem& p, const std::vector<double>& theta, double temperature) {
  Model m;
  const size_t D = p.dim();
  for (size_t j = 0; j < D; ++j) {
    std::array<float, K> w{};
    for (int k = 0; k < K; ++k) w[k] = static_cast<float>(theta[j * K + k]);
    m.SetRow(p.feature[j], w);
  }
  std::array<float, K> b{};
  for (int k = 0; k < K; ++k) b[k] = static_cast<float>(theta[D * K + k]);
  m.SetBias(b);
  m.set_temperature(temperature);
  return m;
}

Model Fit(const std::vector<const SparseVec*>& xs, const std::vector<int>& ys, double l2,
          const TrainOptions& o) {
  Problem p = MakeProblem(xs, ys, o.min_df);
  return ToModel(p, Minimise(p, l2, o.max_iterations), 1.0);
}

double Nll(const std::vector<Logits>& z, const std::vector<int>& y, double t) {
  double s = 0;
  for (size_t i = 0; i < z.size(); ++i) s -= std::log(std::max(Softmax(z[i], t)[y[i]], 1e-300));
  return z.empty() ? 0 : s / z.size();
}

// The temperature minimising the NLL of held-out scores (golden section on log t).
double FitTemperature(const std::vector<Logits>& z, const std::vector<int>& y) {
  double a = std::log(0.05), b = std::log(20.0);
  const double r = (std::sqrt(5.0) - 1) / 2;
  double c = b - r * (b - a), d = a + r * (b - a);
  double fc = Nll(z, y, std::exp(c)), fd = Nll(z, y, std::exp(d));
  for (int i = 0; i < 80; ++i) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - r * (b - a);
      fc = Nll(z, y, std::exp(c));
    } else {
      a = c, c = d, fc = fd;
      d = a + r * (b - a);
      fd = Nll(z, y, std::exp(d));
    }
  }
  return std::exp((a + b) / 2);
}

int Argmax(const Probs& p) { return static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin()); }

std::string Fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

int LabelIndex(const std::string& label) {
  for (int k = 0; k < K; ++k)
    if (label == classifier_internal::kLabels[k]) return k;
  return -1;
}

Result<std::vector<CorpusEntry>> ReadTruth(const std::string& dir) {
  const std::string path = dir + "/truth.jsonl";
  std::ifstream in(path);
  if (!in) return Permanent("cannot read " + path);
  std::string name = std::filesystem::path(dir).lexically_normal().filename().string();
  if (name.empty()) name = std::filesystem::path(dir).lexically_normal().parent_path().filename().string();
  std::vector<CorpusEntry> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return Permanent(path + ":" + std::to_string(n) + ": not a JSON object");
    CorpusEntry e;
    e.dir = dir;
    e.label = j.value("class", "");
    if (LabelIndex(e.label) < 0)
      return Permanent(path + ":" + std::to_string(n) + ": unknown class '" + e.label + "'");
    if (!j.contains("file") && j.contains("text") && j["text"].is_string()) {
      e.text = j["text"].get<std::string>();
      e.pages = j.value("pages", 1);
      e.id = name + "#" + j.value("id", std::to_string(n));
    } else {
      e.file = j.value("file", "");
      if (e.file.empty()) return Permanent(path + ":" + std::to_string(n) + ": no file");
      e.id = name + "/" + e.file;
    }
    out.push_back(std::move(e));
  }
  return out;
}

Status TextCache::Load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Ok();
  std::ifstream in(path);
  if (!in) return Permanent("cannot read " + path);
  std::string line;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("sha256")) continue;
    Put(j["sha256"], j.value("file", ""), DocText{j.value("text", ""), j.value("pages", size_t{1})});
  }
  return Ok();
}

Status TextCache::Save(const std::string& path) const {
  std::string out;
  for (const auto& [sha, e] : entries_) {
    json j{{"sha256", sha}, {"file", e.file}, {"pages", e.doc.pages}, {"text", e.doc.text}};
    out += j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  }
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    if (auto s = MakeDirs(parent.string()); !s) return s;
  }
  return WriteFileDurably(path, out);
}

const DocText* TextCache::Find(const std::string& sha256) const {
  auto it = entries_.find(sha256);
  return it == entries_.end() ? nullptr : &it->second.doc;
}

void TextCache::Put(const std::string& sha256, const std::string& file, DocText doc) {
  entries_[sha256] = Entry{file, std::move(doc)};
}

bool InHoldout(const std::string& id, double fraction, uint64_t seed) {
  if (fraction <= 0) return false;
  return static_cast<double>(IdHash(id, seed, 'h') >> 11) / static_cast<double>(1ull << 53) < fraction;
}

Result<TrainResult> Train(const std::vector<Example>& examples, const TrainOptions& o) {
  // Documents without text carry no evidence (Classify answers "other" for
  // them whatever the model says): left out.
  std::vector<const Example*> used;
  std::vector<SparseVec> xs;
  std::vector<int> ys;
  for (const auto& e : examples) {
    classifier_internal::Scores sc;
    SparseVec x = classifier_model::Featurize(e.doc, sc);
    if (sc.alnum_chars < classifier_internal::kMinAlnumChars) continue;
    used.push_back(&e);
    xs.push_back(std::move(x));
    ys.push_back(e.label);
  }
  if (xs.size() < 2) return Permanent("need at least 2 training documents with text");
  TrainResult r;
  std::ostringstream log;
  if (used.size() < examples.size())
    log << "left out " << examples.size() - used.size() << " documents without text\n";
  const size_t n = xs.size();
  const int folds = std::max(2, std::min<int>(o.folds, static_cast<int>(n)));
  std::vector<int> fold(n);
  for (size_t i = 0; i < n; ++i) fold[i] = static_cast<int>(IdHash(used[i]->id, o.seed, 'f') % folds);

  // Cross-validation: out-of-fold scores for each l2 of the grid.
  std::vector<double> grid = o.l2_grid.empty() ? std::vector<double>{1e-3} : o.l2_grid;
  std::vector<std::vector<Logits>> oof(grid.size(), std::vector<Logits>(n));
  std::vector<std::pair<size_t, int>> tasks;
  for (size_t g = 0; g < grid.size(); ++g)
    for (int f = 0; f < folds; ++f) tasks.emplace_back(g, f);
  auto run = [&](size_t t) {
    auto [g, f] = tasks[t];
    std::vector<const SparseVec*> tx;
    std::vector<int> ty;
    for (size_t i = 0; i < n; ++i)
      if (fold[i] != f) tx.push_back(&xs[i]), ty.push_back(ys[i]);
    if (tx.empty()) return;
    Model m = Fit(tx, ty, grid[g], o);
    for (size_t i = 0; i < n; ++i)
      if (fold[i] == f) oof[g][i] = m.Score(xs[i]);
  };
  {
    std::atomic<size_t> next{0};
    auto worker = [&] {
      for (size_t t; (t = next.fetch_add(1)) < tasks.size();) run(t);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::max(1, o.threads); ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
  }
  size_t best = 0;
  double best_acc = -1, best_nll = 0;
  for (size_t g = 0; g < grid.size(); ++g) {
    int correct = 0;
    for (size_t i = 0; i < n; ++i) correct += Argmax(Softmax(oof[g][i], 1.0)) == ys[i];
    double acc = static_cast<double>(correct) / n;
    double t = FitTemperature(oof[g], ys);
    double nll = Nll(oof[g], ys, t);
    log << "  l2=" << grid[g] << ": cv accuracy " << Fmt("%.4f", acc) << ", cv nll "
        << Fmt("%.4f", nll) << " (temperature " << Fmt("%.3f", t) << ")\n";
    // Higher accuracy first, then lower calibrated NLL.
    if (acc > best_acc + 1e-12 || (std::fabs(acc - best_acc) <= 1e-12 && nll < best_nll)) {
      best = g, best_acc = acc, best_nll = nll;
    }
  }
  r.l2 = grid[best];
  r.cv_accuracy = best_acc;
  r.temperature = FitTemperature(oof[best], ys);
  r.cv_nll_raw = Nll(oof[best], ys, 1.0);
  r.cv_nll_calibrated = Nll(oof[best], ys, r.temperature);
  log << "chose l2=" << r.l2 << ", temperature " << Fmt("%.4f", r.temperature)
      << " (cv nll " << Fmt("%.4f", r.cv_nll_raw) << " -> " << Fmt("%.4f", r.cv_nll_calibrated) << ")\n";

  std::vector<const SparseVec*> all;
  for (const auto& x : xs) all.push_back(&x);
  Model m = Fit(all, ys, r.l2, o);
  m.set_temperature(r.temperature);
  std::array<int, K> count{};
  for (int y : ys) ++count[y];
  std::ostringstream info;
  info << "trained on " << n << " documents (";
  for (int k = 0; k < K; ++k) info << (k ? " " : "") << classifier_internal::kLabels[k] << "=" << count[k];
  info << "), l2=" << r.l2 << ", min_df=" << o.min_df << ", folds=" << folds << ", seed=" << o.seed
       << ", cv_accuracy=" << Fmt("%.4f", r.cv_accuracy);
  m.info() = info.str();
  // What the file holds (quantised weights) is what gets evaluated.
  auto q = Model::Parse(m.Serialize());
  if (!q) return q.error();
  r.model = std::move(*q);
  log << "model: " << r.model.rows() << " weight rows\n";
  r.log = log.str();
  return r;
}

Evaluation Evaluate(const Model& model, const std::vector<Example>& examples, double min_confidence) {
  Evaluation e;
  constexpr int kBins = 10;
  e.bins.resize(kBins);
  for (int b = 0; b < kBins; ++b) e.bins[b].lo = b / 10.0, e.bins[b].hi = (b + 1) / 10.0;
  ClassifyOptions options;
  options.min_confidence = min_confidence;
  for (const auto& ex : examples) {
    classifier_internal::Scores sc;
    Probs p = model.Predict(classifier_model::Featurize(ex.doc, sc));
    Classification c = classifier_internal::Decide(p, sc, options);
    int k = LabelIndex(c.label);
    ++e.n;
    e.correct += k == ex.label;
    e.flagged += c.subtype == kNeedsReview;
    ++e.confusion[ex.label][k];
    e.nll -= std::log(std::max(p[ex.label], 1e-300));
    for (int j = 0; j < K; ++j) e.brier += std::pow(p[j] - (j == ex.label ? 1.0 : 0.0), 2);
    auto& bin = e.bins[std::clamp(static_cast<int>(c.confidence * kBins), 0, kBins - 1)];
    ++bin.n;
    bin.mean_confidence += c.confidence;
    bin.accuracy += k == ex.label;
    if (k != ex.label)
      e.errors.push_back(ex.id + ": " + classifier_internal::kLabels[ex.label] + " -> " + c.label +
                         (c.subtype.empty() ? "" : "/" + c.subtype) + Fmt(" (%.2f)", c.confidence));
  }
  if (e.n) {
    e.nll /= e.n;
    e.brier /= e.n;
  }
  for (auto& b : e.bins) {
    if (!b.n) continue;
    b.mean_confidence /= b.n;
    b.accuracy /= b.n;
    e.ece += static_cast<double>(b.n) / e.n * std::fabs(b.mean_confidence - b.accuracy);
  }
  return e;
}

std::string FormatEvaluation(const Evaluation& e) {
  std::ostringstream o;
  o << "documents " << e.n << ", accuracy " << Fmt("%.4f", e.accuracy()) << " (" << e.correct << "/"
    << e.n << "), flagged for review " << e.flagged << ", nll " << Fmt("%.4f", e.nll) << ", brier " << Fmt("%.4f", e.brier) << ", ece "
    << Fmt("%.4f", e.ece) << "\n";
  o << "confusion (rows: truth, columns: predicted)\n" << std::string(10, ' ');
  for (const char* l : classifier_internal::kLabels) o << l << " ";
  o << "\n";
  for (int t = 0; t < K; ++t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%-10s", classifier_internal::kLabels[t]);
    o << buf;
    for (int p = 0; p < K; ++p) {
      std::snprintf(buf, sizeof buf, "%*d ", static_cast<int>(std::string(classifier_internal::kLabels[p]).size()), e.confusion[t][p]);
      o << buf;
    }
    o << "\n";
  }
  o << "reliability (reported confidence): bin  n  mean_confidence  accuracy\n";
  for (const auto& b : e.bins) {
    if (!b.n) continue;
    char buf[96];
    std::snprintf(buf, sizeof buf, "  [%.1f,%.1f%c %4d   %.3f   %.3f\n", b.lo, b.hi, b.hi >= 1.0 ? ']' : ')', b.n,
                  b.mean_confidence, b.accuracy);
    o << buf;
  }
  for (const auto& err : e.errors) o << "  miss: " << err << "\n";
  return o.str();
}

}  // namespace docflow::classifier_train

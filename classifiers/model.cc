#include "classifiers/model.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "common/log.h"
#include "common/paths.h"

namespace docflow::classifier_model {
namespace {

constexpr const char* kMagic = "docflow-classifier-model";
constexpr int kFormatVersion = 1;
// Weights are written as integers q with w = q * scale, |q| <= kQuantMax.
constexpr double kQuantMax = 30000;

}  // namespace

Probs Softmax(const Logits& z, double temperature) {
  double t = temperature > 0 ? temperature : 1.0;
  double mx = *std::max_element(z.begin(), z.end());
  Probs p{};
  double sum = 0;
  for (int k = 0; k < kNumClasses; ++k) {
    p[k] = std::exp((z[k] - mx) / t);
    sum += p[k];
  }
  for (auto& v : p) v /= sum;
  return p;
}

void Model::SetRow(uint32_t index, const std::array<float, kNumClasses>& w) {
  auto it = row_of_.find(index);
  if (it != row_of_.end()) {
    rows_[it->second] = w;
    return;
  }
  row_of_[index] = static_cast<uint32_t>(rows_.size());
  rows_.push_back(w);
  index_of_row_.push_back(index);
}

Logits Model::Score(const SparseVec& x) const {
  Logits z{};
  for (int k = 0; k < kNumClasses; ++k) z[k] = bias_[k];
  for (const auto& [i, v] : x) {
    auto it = row_of_.find(i);
    if (it == row_of_.end()) continue;
    const auto& w = rows_[it->second];
    for (int k = 0; k < kNumClasses; ++k) z[k] += static_cast<double>(w[k]) * v;
  }
  return z;
}

Probs Model::Predict(const SparseVec& x) const { return Softmax(Score(x), temperature_); }

std::string Model::Serialize() const {
  double mx = 0;
  for (const auto& r : rows_)
    for (float w : r) mx = std::max(mx, std::fabs(static_cast<double>(w)));
  double scale = mx > 0 ? mx / kQuantMax : 1.0;
  std::vector<uint32_t> order(rows_.size());
  for (uint32_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return index_of_row_[a] < index_of_row_[b]; });
  std::ostringstream rows;
  size_t n = 0;
  for (uint32_t r : order) {
    long q[kNumClasses];
    bool any = false;
    for (int k = 0; k < kNumClasses; ++k) {
      q[k] = std::lround(rows_[r][k] / scale);
      any = any || q[k] != 0;
    }
    if (!any) continue;
    rows << index_of_row_[r];
    for (int k = 0; k < kNumClasses; ++k) rows << ' ' << q[k];
    rows << '\n';
    ++n;
  }
  std::ostringstream out;
  out.precision(9);
  out << kMagic << ' ' << kFormatVersion << '\n';
  out << "classes";
  for (const char* l : classifier_internal::kLabels) out << ' ' << l;
  out << '\n';
  out << "hash_bits " << kHashBits << '\n' << "dense " << kNumDense << '\n';
  out << "temperature " << temperature_ << '\n';
  std::string info = info_;
  std::replace(info.begin(), info.end(), '\n', ' ');
  out << "info " << info << '\n';
  out << "bias";
  for (float b : bias_) out << ' ' << b;
  out << '\n';
  out << "scale " << scale << '\n' << "rows " << n << '\n' << rows.str();
  return out.str();
}

Result<Model> Model::Parse(std::string_view data) {
  std::istringstream in{std::string(data)};
  auto bad = [](const std::string& what) { return Permanent("classifier model: " + what); };
  std::string magic, key;
  int version = 0;
  if (!(in >> magic >> version) || magic != kMagic) return bad("not a docflow classifier model");
  if (version != kFormatVersion) return bad("unsupported format version " + std::to_string(version));
  Model m;
  double scale = 0;
  size_t n = 0;
  while (in >> key) {
    if (key == "classes") {
      for (const char* l : classifier_internal::kLabels) {
        std::string c;
        in >> c;
        if (c != l) return bad("class list differs from this build's");
      }
    } else if (key == "hash_bits" || key == "dense") {
      int v = 0;
      in >> v;
      if (v != (key == "hash_bits" ? kHashBits : kNumDense))
        return bad(key + " " + std::to_string(v) + " differs from this build's features");
    } else if (key == "temperature") {
      in >> m.temperature_;
      if (!(m.temperature_ > 0)) return bad("temperature must be > 0");
    } else if (key == "info") {
      in.get();
      std::getline(in, m.info_);
    } else if (key == "bias") {
      for (auto& b : m.bias_) in >> b;
    } else if (key == "scale") {
      in >> scale;
    } else if (key == "rows") {
      in >> n;
      break;
    } else {
      return bad("unknown key '" + key + "'");
    }
    if (!in) return bad("malformed value for '" + key + "'");
  }
  if (!(scale > 0)) return bad("missing scale or rows");
  m.rows_.reserve(n);
  m.index_of_row_.reserve(n);
  m.row_of_.reserve(n);
  for (size_t r = 0; r < n; ++r) {
    uint32_t idx = 0;
    long q[kNumClasses];
    if (!(in >> idx)) return bad("truncated at row " + std::to_string(r));
    for (auto& v : q) in >> v;
    if (!in) return bad("truncated at row " + std::to_string(r));
    if (idx >= kDim) return bad("feature index out of range");
    std::array<float, kNumClasses> w{};
    for (int k = 0; k < kNumClasses; ++k) w[k] = static_cast<float>(q[k] * scale);
    m.SetRow(idx, w);
  }
  return m;
}

Result<Model> Model::Load(const std::string& path) {
  auto data = ReadFile(path);
  if (!data) return data.error();
  auto m = Parse(*data);
  if (!m) return Permanent(path + ": " + m.error().message);
  return m;
}

Status Model::Save(const std::string& path) const { return WriteFileDurably(path, Serialize()); }

const Model& ShippedModel() {
  static const Model model = [] {
    if (const char* path = std::getenv("DOCFLOW_CLASSIFIER_MODEL"); path != nullptr && *path) {
      auto m = Model::Load(path);
      if (m) return std::move(*m);
      spdlog::warn("DOCFLOW_CLASSIFIER_MODEL ignored: {}", m.error().message);
    }
    auto m = Model::Parse(EmbeddedModelData());
    if (!m) {
      spdlog::error("embedded classifier model: {}", m.error().message);
      return Model();
    }
    return std::move(*m);
  }();
  return model;
}

}  // namespace docflow::classifier_model

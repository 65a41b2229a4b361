// The trained classifier (v2): multinomial logistic regression over hashed
// features of the document text, with a temperature for calibration.
//
// Features (see features.cc): word unigrams and bigrams, character 3-5-grams
// of words (robust to OCR noise), and a few dense layout/keyword features
// (amount and currency counts, e-mail/phone/URL, vCard markers, page count,
// text length, the v1 keyword scores, the marks of a contract's own form:
// parties defined, signatures). Sparse groups are log-count weighted
// and L2-normalised per group.
//
// Model file (text, versioned in classifiers/model/): see Model::Save.
// Thread safety: a Model is immutable after loading; Predict is const and
// may run on any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "classifiers/classifier_features.h"
#include "common/document_model.h"
#include "common/result.h"

namespace docflow::classifier_model {

using classifier_internal::kNumClasses;

// Sparse groups hash into [0, kHashSize); dense features follow.
constexpr int kHashBits = 18;
constexpr uint32_t kHashSize = 1u << kHashBits;
constexpr int kNumDense = 24;
constexpr uint32_t kDim = kHashSize + kNumDense;

// A sparse feature vector, sorted by index, indices unique.
using SparseVec = std::vector<std::pair<uint32_t, float>>;

// What the features see of a document: its text (pages joined by \f, see
// classifier_internal::DocumentText) and its page count.
struct DocText {
  std::string text;
  size_t pages = 1;
};
DocText DocTextOf(const std::vector<Page>& pages);

SparseVec Featurize(const DocText& doc);
// Featurize plus the v1 keyword scores it computed (for the subtype).
SparseVec Featurize(const DocText& doc, classifier_internal::Scores& scores);

using Probs = std::array<double, kNumClasses>;
using Logits = std::array<double, kNumClasses>;

class Model {
 public:
  Model() = default;

  // Parses the text format written by Save.
  static Result<Model> Parse(std::string_view data);
  static Result<Model> Load(const std::string& path);
  std::string Serialize() const;
  Result<void> Save(const std::string& path) const;

  // Raw scores (before temperature).
  Logits Score(const SparseVec& x) const;
  // Calibrated probabilities: softmax(Score(x) / temperature).
  Probs Predict(const SparseVec& x) const;

  double temperature() const { return temperature_; }
  void set_temperature(double t) { temperature_ = t; }
  size_t rows() const { return rows_.size(); }
  // Free-form provenance written to the file (training set, accuracy...).
  std::string& info() { return info_; }
  const std::string& info() const { return info_; }

  // Sets the weight row of feature index (hash or dense index) and the bias.
  void SetRow(uint32_t index, const std::array<float, kNumClasses>& w);
  void SetBias(const std::array<float, kNumClasses>& b) { bias_ = b; }
  const std::array<float, kNumClasses>& bias() const { return bias_; }

 private:
  std::unordered_map<uint32_t, uint32_t> row_of_;  // feature index -> row
  std::vector<std::array<float, kNumClasses>> rows_;
  std::vector<uint32_t> index_of_row_;
  std::array<float, kNumClasses> bias_{};
  double temperature_ = 1.0;
  std::string info_;
};

Probs Softmax(const Logits& z, double temperature);

// The model shipped with docflow (classifiers/model/classifier.model,
// embedded at build time), or the file named by $DOCFLOW_CLASSIFIER_MODEL
// when set. Loaded once; a broken override falls back to the embedded model
// with a warning.
const Model& ShippedModel();
// The embedded model file's bytes.
std::string_view EmbeddedModelData();

}  // namespace docflow::classifier_model

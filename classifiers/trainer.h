// Training and evaluation of the classifier model (model.h), used by
// `docflow train` and by the tests. No OCR here: documents arrive as text
// (the CLI reads files through the pipeline and caches their text, see
// TextCache).
//
// Determinism: no randomness at all. Folds and the held-out split come from
// a hash of each example's id (salted by `seed`); the optimiser (L-BFGS,
// full batch) visits examples in their given order; identical inputs give
// an identical model file.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "classifiers/model.h"
#include "common/result.h"

namespace docflow::classifier_train {

using classifier_model::DocText;
using classifier_model::Model;
using classifier_model::SparseVec;
using classifier_internal::kNumClasses;

// "invoice" -> 0 ... ; -1 for an unknown label.
int LabelIndex(const std::string& label);

struct Example {
  std::string id;  // stable name, e.g. "corpus/files/x.pdf" (used for splits)
  int label = 0;
  DocText doc;
};

// One document of a corpus directory (shared/EVALUATION.md format):
// DIR/truth.jsonl lines {"file", "class"}; a line without "file" may carry
// the document inline as {"id", "class", "text", "pages"} (project-made
// training texts, and the texts `docflow train --dump-texts` writes).
struct CorpusEntry {
  std::string dir;    // the corpus directory
  std::string file;   // relative to dir ("" for inline text)
  std::string id;     // dir name + "/" + file (or + "#" + line for inline)
  std::string label;
  std::optional<std::string> text;  // inline text
  size_t pages = 1;
};
Result<std::vector<CorpusEntry>> ReadTruth(const std::string& dir);

// Texts of documents as docflow reads them, keyed by the file's sha256 (so a
// cache built for one checkout is valid anywhere). JSONL, one line per file:
// {"sha256", "file", "pages", "text"}.
class TextCache {
 public:
  Status Load(const std::string& path);  // a missing file is an empty cache
  Status Save(const std::string& path) const;
  const DocText* Find(const std::string& sha256) const;
  void Put(const std::string& sha256, const std::string& file, DocText doc);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string file;
    DocText doc;
  };
  std::map<std::string, Entry> entries_;  // ordered: stable file output
};

// True when id falls in the held-out fraction (deterministic).
bool InHoldout(const std::string& id, double fraction, uint64_t seed);

struct TrainOptions {
  std::vector<double> l2_grid = {3e-4, 1e-3, 3e-3};  // chosen by cross-validation
  int folds = 5;        // for l2 and the temperature (out-of-fold scores)
  int min_df = 2;       // hashed features seen in fewer training documents are dropped
  int max_iterations = 250;
  uint64_t seed = 0;
  int threads = 2;      // folds trained in parallel (result independent of it)
};

struct TrainResult {
  Model model;          // quantised exactly as written to the file
  double l2 = 0;
  double temperature = 1;
  double cv_accuracy = 0;      // out-of-fold, on the training examples
  double cv_nll_raw = 0, cv_nll_calibrated = 0;
  std::string log;             // human-readable account of the choices
};

Result<TrainResult> Train(const std::vector<Example>& examples, const TrainOptions& options);

struct Evaluation {
  int n = 0, correct = 0;
  std::array<std::array<int, kNumClasses>, kNumClasses> confusion{};  // [truth][predicted]
  double nll = 0;    // mean negative log-likelihood of the true class
  double brier = 0;  // mean multi-class Brier score
  double ece = 0;    // expected calibration error over the bins
  struct Bin {
    double lo = 0, hi = 0;
    int n = 0;
    double mean_confidence = 0, accuracy = 0;
  };
  std::vector<Bin> bins;  // reliability of the top class, 10 bins over [0, 1]
  int flagged = 0;                  // answered "other" + needs_review
  std::vector<std::string> errors;  // "id: truth -> predicted (p)"
  double accuracy() const { return n ? static_cast<double>(correct) / n : 0; }
};

// What Classify would answer with model and min_confidence on each example
// (label and confidence as docflow reports them, so the reliability bins
// describe the output). nll and brier use the model's probabilities.
Evaluation Evaluate(const Model& model, const std::vector<Example>& examples,
                    double min_confidence = kDefaultMinConfidence);
std::string FormatEvaluation(const Evaluation& e);

}  // namespace docflow::classifier_train

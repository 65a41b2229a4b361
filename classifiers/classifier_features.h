// Internals of the classifier, exposed for tests and tuning: the v1 keyword
// scoring (whose scores and counts are features of the trained model).
#pragma once

#include <array>
#include <string>
#include <vector>

#include "classifiers/classifier.h"
#include "common/document_model.h"

namespace docflow::classifier_internal {

enum ClassIndex { kInvoice = 0, kContract = 1, kContact = 2, kOther = 3, kNumClasses = 4 };
constexpr const char* kLabels[kNumClasses] = {"invoice", "contract", "contact", "other"};

struct Scores {
  std::array<double, kNumClasses> raw{};    // evidence before squashing
  std::array<double, kNumClasses> score{};  // squashed scores fed to the softmax
  std::array<double, kNumClasses> prob{};
  double credit_note = 0, receipt = 0;      // subtype evidence
  size_t alnum_chars = 0, lines = 0;
  // Layout / pattern counts (head of the document), also model features.
  int amounts = 0, currencies = 0, emails = 0, phones = 0, urls = 0, job_titles = 0;
  bool vcard = false;  // BEGIN:VCARD, jCard, xCard or MECARD text
};

// The page text (or, when a page has only words, its words joined by line).
std::string DocumentText(const std::vector<Page>& pages);

Scores ScoreText(const std::string& text, size_t page_count);

}  // namespace docflow::classifier_internal

namespace docflow::classifier_model {
class Model;
}

namespace docflow::classifier_internal {

// Documents with fewer alphanumeric characters are "other" (needs_review)
// whatever the model says; they are left out of training.
constexpr size_t kMinAlnumChars = 12;

// The decision rule of Classify: from calibrated probabilities and the
// keyword scores (text size, subtype cues) to the label, confidence, subtype.
Classification Decide(const std::array<double, kNumClasses>& probs, const Scores& sc,
                      const ClassifyOptions& options);

// Classify with a given model; probs (optional) receives the calibrated
// class probabilities.
Classification ClassifyWith(const classifier_model::Model& model, const std::vector<Page>& pages,
                            const ClassifyOptions& options, std::array<double, kNumClasses>* probs);

}  // namespace docflow::classifier_internal

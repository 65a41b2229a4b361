// Internals of the rule-based classifier, exposed for tests and tuning.
#pragma once

#include <array>
#include <string>
#include <vector>

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
};

// The page text (or, when a page has only words, its words joined by line).
std::string DocumentText(const std::vector<Page>& pages);

Scores ScoreText(const std::string& text, size_t page_count);

}  // namespace docflow::classifier_internal

// Document classification: invoice / contract / contact / other, with a
// calibrated confidence in 0-1 (and a subtype such as "receipt" or
// "credit_note").
//
// A trained model (multinomial logistic regression over word and character
// n-grams plus layout/keyword features, temperature-calibrated; model.h,
// trained by `docflow train`, shipped in classifiers/model/) gives the class
// probabilities. When the most probable class is below
// options.min_confidence (config key classify.min_confidence), the document
// is "other" with subtype "needs_review" and its confidence is the
// probability of "other".
//
// Never fails: a document with no text is "other" (needs_review) with low
// confidence. Thread safety: Classify is a pure function; call from any thread.
#pragma once

#include <vector>

#include "common/document_model.h"

namespace docflow {

// Subtype of a document classified "other" because the model was not sure.
inline constexpr const char* kNeedsReview = "needs_review";
inline constexpr double kDefaultMinConfidence = 0.5;

struct ClassifyOptions {
  double min_confidence = kDefaultMinConfidence;  // classify.min_confidence
};

Classification Classify(const std::vector<Page>& pages, const ClassifyOptions& options);
Classification Classify(const std::vector<Page>& pages);  // default options

}  // namespace docflow

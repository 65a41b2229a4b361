// The classifier's keyword tables, in one place. Phrases are written in
// folded form (lower case, no accents; see text_norm.h) and matched on word
// boundaries. Weights are per distinct phrase; repeated occurrences add a
// small, saturating bonus (see classifier.cc).
#pragma once

#include <span>

namespace docflow::keywords {

struct Keyword {
  const char* phrase;
  double weight;
};

// Strong / weak evidence for each class (FR, EN and a little DE, since
// European invoices often mix languages).
std::span<const Keyword> Invoice();
std::span<const Keyword> Contract();
std::span<const Keyword> Contact();
// Evidence for "other": articles, manuals, forms, papers.
std::span<const Keyword> Other();

// Subtype cues (checked only when the label is invoice).
std::span<const Keyword> CreditNote();
std::span<const Keyword> Receipt();

// Job-title words for business cards (also used by the contact extractor).
std::span<const char* const> JobTitles();
// Legal-form / company words (also used by the extractors).
std::span<const char* const> CompanyWords();

}  // namespace docflow::keywords

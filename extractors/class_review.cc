// The class reviewed against the fields; see class_review.h.
#include "extractors/class_review.h"

#include <regex>
#include <set>

#include "classifiers/text_norm.h"

namespace docflow {

int CountPlaceholders(const std::string& text) {
  static const std::regex bracketed(R"(\[([A-Za-z][^\]\n]{0,40})\])");
  static const std::regex note(
      R"(^(?:illegible|intentionally|signature|signatures|logo|graphic|reserved|omitted|redacted|confidential)\b)");
  std::set<std::string> distinct;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), bracketed); it != std::sregex_iterator(); ++it) {
    const std::string inner = text::FoldText((*it)[1].str());
    if (!std::regex_search(inner, note)) distinct.insert(inner);
  }
  return static_cast<int>(distinct.size());
}

std::optional<Classification> ReviewClass(const Classification& c, const Fields& fields,
                                          const std::vector<Page>& pages) {
  if (c.label != "contract" || fields.count("parties")) return std::nullopt;
  Classification out = c;
  out.label = "other";
  auto other = c.scores.find("other");
  out.confidence = other != c.scores.end() ? other->second : 1.0 - c.confidence;
  std::string text;
  for (const Page& p : pages) text += p.text + "\n";
  if (CountPlaceholders(text) >= kTemplatePlaceholders) {
    out.subtype = "template";
    out.confidence = kTemplateConfidence;
    return out;
  }
  if (c.confidence >= kContractWithoutPartiesMin) return std::nullopt;
  out.subtype = "needs_review";
  return out;
}

}  // namespace docflow

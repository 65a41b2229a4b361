// Classification with the trained model (model.h), whose features include
// the v1 rule-based keyword scores computed here (ScoreText: weighted keyword
// evidence per class, squashed; keyword tables in keywords.cc). The subtype
// (receipt, credit_note) still comes from keyword cues.
#include "classifiers/classifier.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <regex>

#include "classifiers/classifier_features.h"
#include "classifiers/keywords.h"
#include "classifiers/model.h"
#include "classifiers/text_norm.h"

namespace docflow {
namespace classifier_internal {
namespace {

// Documents identify themselves near the top: keywords in the head count in
// full, keywords seen only further down count for a fraction.
constexpr size_t kHeadChars = 6000;
constexpr double kTailFactor = 0.3;
// Repeats add a little: weight * (1 + kRepeatBonus * min(count - 1, kRepeatCap)).
constexpr double kRepeatBonus = 0.15;
constexpr int kRepeatCap = 4;
// Scores are squashed to [0, kSquashCap) so long documents do not explode.
constexpr double kSquashCap = 14.0;
constexpr double kOtherBaseline = 3.0;
constexpr double kTemperature = 1.4;

double Squash(double raw) { return raw <= 0 ? raw : kSquashCap * (1.0 - std::exp(-raw / kSquashCap)); }

double KeywordEvidence(std::span<const keywords::Keyword> table, std::string_view head,
                       std::string_view tail) {
  double s = 0;
  for (const auto& k : table) {
    int h = text::CountWord(head, k.phrase);
    if (h > 0) {
      s += k.weight * (1.0 + kRepeatBonus * std::min(h - 1, kRepeatCap));
    } else if (!tail.empty() && text::FindWord(tail, k.phrase) != std::string_view::npos) {
      s += k.weight * kTailFactor;
    }
  }
  return s;
}

int CountRegex(const std::string& s, const std::regex& re, int cap) {
  int n = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator();
       ++it)
    if (++n >= cap) break;
  return n;
}

// Strings that carry contact-card text (a QR code's MECARD, BIZCARD or vCard
// payload): in Page::codes, or in a page's preprocess record under any key.
void CollectCardPayloads(const nlohmann::json& j, std::string& out, int depth = 0) {
  if (depth > 4) return;
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    std::string head = text::FoldText(std::string_view(s).substr(0, 16));
    if (head.rfind("mecard:", 0) == 0 || head.rfind("begin:vcard", 0) == 0 || head.rfind("bizcard:", 0) == 0) {
      if (out.find(s) == std::string::npos) out += "\n" + s;
    }
  } else if (j.is_array() || j.is_object()) {
    for (const auto& v : j) CollectCardPayloads(v, out, depth + 1);
  }
}

}  // namespace

std::string DocumentText(const std::vector<Page>& pages) {
  std::string out;
  for (size_t i = 0; i < pages.size(); ++i) {
    if (i) out += "\f";
    const Page& p = pages[i];
    if (!text::Trim(p.text).empty() || p.words.empty()) out += p.text;
    else out += TextFromWords(p);
    CollectCardPayloads(p.preprocess, out);
    for (const auto& code : p.codes) CollectCardPayloads(code, out);  // QR codes on the page
  }
  return out;
}


Scores ScoreText(const std::string& raw_text, size_t page_count) {
  Scores sc;
  const std::string folded = text::FoldText(raw_text);
  for (char c : folded)
    if (std::isalnum(static_cast<unsigned char>(c))) ++sc.alnum_chars;
  std::vector<std::string> lines;
  for (auto& l : text::SplitLines(folded))
    if (!text::Trim(l).empty()) lines.push_back(text::CollapseSpaces(l));
  sc.lines = lines.size();

  std::string_view all(folded);
  std::string_view head = all.substr(0, std::min(all.size(), kHeadChars));
  std::string_view tail = all.size() > kHeadChars ? all.substr(kHeadChars) : std::string_view();

  double inv = KeywordEvidence(keywords::Invoice(), head, tail);
  double con = KeywordEvidence(keywords::Contract(), head, tail);
  double ctc = KeywordEvidence(keywords::Contact(), head, tail);
  double oth = KeywordEvidence(keywords::Other(), head, tail);

  // Amount-like numbers and currency marks support invoices.
  static const std::regex amount_re(R"((\d[\d  .,']*[.,]\d\d)(?!\d))");
  static const std::regex currency_re(R"((€|\$|£|\beur\b|\busd\b|\bgbp\b|\bchf\b|\brm\b))");
  std::string head_s(head);
  int amounts = CountRegex(head_s, amount_re, 30);
  int currencies = CountRegex(head_s, currency_re, 10);
  inv += 0.12 * amounts + 0.3 * currencies;
  // Invoices print money: a form or letter with invoice words but (almost)
  // no amounts is weaker evidence.
  if (amounts < 2 && currencies == 0) inv *= 0.5;

  // Contact cues: e-mail, phone, URL on a short text.
  // OCR puts a space beside the '@' now and then ("test@ example.com"); the
  // contact extractor reads such an address too (contact_text.cc).
  static const std::regex email_re(R"([a-z0-9._%+-]+ ?@ ?[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,})");
  static const std::regex phone_re(R"((\+?\d[\d .()/-]{7,}\d))");
  static const std::regex url_re(R"((https?://|www\.)[a-z0-9.-]+)");
  int emails = CountRegex(head_s, email_re, 5);
  int phones = CountRegex(head_s, phone_re, 5);
  int urls = CountRegex(head_s, url_re, 5);
  double short_factor = 0;
  if (sc.lines <= 15) short_factor = 1.0;
  else if (sc.lines <= 30) short_factor = 0.6;
  else if (sc.lines <= 60) short_factor = 0.25;
  bool vcard = folded.find("begin:vcard") != std::string::npos ||
               folded.find("\"vcard\"") != std::string::npos ||
               folded.find("<vcard") != std::string::npos ||
               folded.find("mecard:") != std::string::npos;
  double card = (emails ? 2.5 : 0) + (phones ? 2.0 : 0) + (urls ? 0.8 : 0);
  int titles = 0;
  for (const char* t : keywords::JobTitles())
    if (text::FindWord(head, t) != std::string_view::npos) ++titles;
  card += std::min(titles, 2) * 0.8;
  sc.amounts = amounts;
  sc.currencies = currencies;
  sc.emails = emails;
  sc.phones = phones;
  sc.urls = urls;
  sc.job_titles = titles;
  sc.vcard = vcard;
  ctc = vcard ? ctc + 10.0 : (ctc + card) * short_factor;

  // Long documents are rarely invoices (manuals about invoicing are).
  size_t pages = std::max<size_t>(page_count, 1);
  if (pages > 6 || sc.alnum_chars > 40000) inv *= 0.4;
  else if (pages > 3) inv *= 0.75;
  // Prose-free or tiny documents: a little more "other".
  if (sc.alnum_chars < 200) oth += 1.0;

  sc.raw = {inv, con, ctc, oth};
  sc.score = {Squash(inv), Squash(con), Squash(ctc), kOtherBaseline + Squash(oth) * 0.6};

  double mx = *std::max_element(sc.score.begin(), sc.score.end());
  double sum = 0;
  for (int i = 0; i < kNumClasses; ++i) {
    sc.prob[i] = std::exp((sc.score[i] - mx) / kTemperature);
    sum += sc.prob[i];
  }
  for (auto& p : sc.prob) p /= sum;

  // Subtypes: credit-note cues only count in the title area (French "avoir"
  // is also a common verb); receipt cues anywhere in the head.
  std::string_view title_zone = head.substr(0, std::min<size_t>(head.size(), 800));
  sc.credit_note = KeywordEvidence(keywords::CreditNote(), title_zone, {});
  sc.receipt = KeywordEvidence(keywords::Receipt(), head, {});
  return sc;
}

Classification Decide(const std::array<double, kNumClasses>& p, const Scores& sc,
                      const ClassifyOptions& options) {
  Classification c;
  if (sc.alnum_chars < kMinAlnumChars) {
    // Nothing to read (blank page, photo without text): other, for review.
    c.label = "other";
    c.confidence = sc.alnum_chars == 0 ? 0.3 : 0.4;
    c.subtype = kNeedsReview;
    return c;
  }
  int best = static_cast<int>(std::max_element(p.begin(), p.end()) - p.begin());
  if (p[best] < options.min_confidence) {
    // Not sure enough: "other", flagged; the confidence is that of "other".
    c.label = "other";
    c.confidence = p[kOther];
    c.subtype = kNeedsReview;
    return c;
  }
  c.label = kLabels[best];
  c.confidence = p[best];
  if (best == kInvoice) {
    if (sc.credit_note >= 2.0) c.subtype = "credit_note";
    else if (sc.receipt >= 3.0) c.subtype = "receipt";
  }
  return c;
}

Classification ClassifyWith(const classifier_model::Model& model, const std::vector<Page>& pages,
                            const ClassifyOptions& options, std::array<double, kNumClasses>* probs) {
  Scores sc;
  classifier_model::SparseVec x = classifier_model::Featurize(classifier_model::DocTextOf(pages), sc);
  classifier_model::Probs p = model.Predict(x);
  if (probs != nullptr) *probs = p;
  Classification c = Decide(p, sc, options);
  if (sc.alnum_chars >= kMinAlnumChars)
    for (int i = 0; i < kNumClasses; ++i) c.scores[kLabels[i]] = std::round(p[i] * 1e4) / 1e4;
  return c;
}

}  // namespace classifier_internal

Classification Classify(const std::vector<Page>& pages, const ClassifyOptions& options) {
  return classifier_internal::ClassifyWith(classifier_model::ShippedModel(), pages, options, nullptr);
}

Classification Classify(const std::vector<Page>& pages) { return Classify(pages, ClassifyOptions{}); }

}  // namespace docflow

// Feature extraction for the trained classifier (see model.h).
#include <algorithm>
#include <cmath>
#include <regex>
#include <unordered_map>

#include "classifiers/model.h"
#include "classifiers/text_norm.h"

namespace docflow::classifier_model {
namespace {

// Documents identify themselves near the top (title, totals) and, for
// contracts, at the end (signatures): the sparse features read the head and
// the tail of long texts only, which also bounds the cost.
constexpr size_t kHeadChars = 12000;
constexpr size_t kTailChars = 3000;
constexpr size_t kMaxTokenBytes = 24;

uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint32_t Bucket(char group, std::string_view s) {
  uint64_t h = Fnv1a(std::string_view(&group, 1));
  h = Fnv1a(s, h);
  h ^= h >> 29;
  return static_cast<uint32_t>(h & (kHashSize - 1));
}

bool IsTokenByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || u >= 0x80;
}

// Tokens of folded text: runs of [a-z0-9] (and non-ASCII bytes). Digits are
// mapped to '0' and pure numbers to their length class, so that amounts and
// dates generalise across documents.
std::vector<std::string> Tokens(std::string_view folded) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && !IsTokenByte(folded[i])) ++i;
    size_t b = i;
    while (i < folded.size() && IsTokenByte(folded[i])) ++i;
    if (i == b) continue;
    std::string t(folded.substr(b, std::min(i - b, kMaxTokenBytes)));
    bool letters = false;
    for (char& c : t) {
      if (c >= '0' && c <= '9') c = '0';
      else letters = true;
    }
    if (!letters) t = std::string(1, '#').append(1, static_cast<char>('0' + std::min<size_t>(t.size(), 6)));
    out.push_back(std::move(t));
  }
  return out;
}

// Counts -> (1 + log count), L2-normalised, appended to x.
void AddGroup(const std::unordered_map<uint32_t, int>& counts, SparseVec& x) {
  if (counts.empty()) return;
  double norm = 0;
  size_t first = x.size();
  for (const auto& [k, n] : counts) {
    double v = 1.0 + std::log(static_cast<double>(n));
    x.emplace_back(k, static_cast<float>(v));
    norm += v * v;
  }
  norm = std::sqrt(norm);
  for (size_t i = first; i < x.size(); ++i) x[i].second = static_cast<float>(x[i].second / norm);
}

double Log1p(double v, double scale) { return std::log1p(std::max(0.0, v)) / scale; }

// The marks of a contract's own form, which texts about contracts (articles,
// alerts, reports, minutes) quote little of: the parties it defines, and the
// signatures that close it. Counts of distinct matches, capped at 3.
std::pair<int, int> ContractForm(const std::string& folded) {
  static const std::regex parties(
      R"(\bby and between\b|\bby and among\b|\bentre les soussigne|\bthe undersigned\b|\bhereinafter\b|)"
      R"(\bci-apres\s+(?:denomme|designe|appele|[«"])|\((?:the\s+|hereinafter\s+)?"[a-z][^"]{0,30}"\)|)"
      R"(\bd'une part\b|\bd'autre part\b|\bparty [ab]\b|\bpartie [ab]\b|\bparties\s*:?\s*\(1\))");
  static const std::regex signatures(
      R"(\bin witness whereof\b|\ben foi de quoi\b|\bfait (?:en [a-z]+ exemplaires? )?a [a-z' -]{1,40},? le\b|)"
      R"(\blu et approuve\b|\bfor and on behalf of\b|\bsigned by\b|\bsignature\s*:|\bby\s*:\s*_|/s/|)"
      R"(\bpour (?:la societe|le client|le prestataire|le bailleur|le preneur)\b|)"
      // A letter that is the agreement once countersigned.
      R"(\baccepted and agreed\b|\bagreed and accepted\b|\bbon pour accord\b|\bsign and return\b)");
  auto count = [&](const std::regex& re) {
    int n = 0;
    for (auto it = std::sregex_iterator(folded.begin(), folded.end(), re); it != std::sregex_iterator() && n < 3; ++it)
      ++n;
    return n;
  };
  return {count(parties), count(signatures)};
}

}  // namespace

DocText DocTextOf(const std::vector<Page>& pages) {
  return DocText{classifier_internal::DocumentText(pages), std::max<size_t>(pages.size(), 1)};
}

SparseVec Featurize(const DocText& doc) {
  classifier_internal::Scores sc;
  return Featurize(doc, sc);
}

SparseVec Featurize(const DocText& doc, classifier_internal::Scores& sc) {
  sc = classifier_internal::ScoreText(doc.text, doc.pages);
  std::string folded = text::FoldText(doc.text);
  if (folded.size() > kHeadChars + kTailChars) {
    size_t tail = folded.size() - kTailChars;
    while (tail < folded.size() && IsTokenByte(folded[tail])) ++tail;  // start on a boundary
    folded = folded.substr(0, kHeadChars) + "\n" + folded.substr(tail);
  }
  std::vector<std::string> toks = Tokens(folded);

  std::unordered_map<uint32_t, int> words, bigrams, chars;
  for (size_t i = 0; i < toks.size(); ++i) {
    const std::string& t = toks[i];
    ++words[Bucket('w', t)];
    if (i + 1 < toks.size()) {
      std::string pair;
      pair.reserve(t.size() + toks[i + 1].size() + 1);
      pair.append(t).push_back(' ');
      pair.append(toks[i + 1]);
      ++bigrams[Bucket('b', pair)];
    }
    if (t[0] == '#') continue;
    std::string padded;
    padded.reserve(t.size() + 2);
    padded.push_back('<');
    padded.append(t);
    padded.push_back('>');
    for (size_t n = 3; n <= 5; ++n)
      for (size_t p = 0; p + n <= padded.size(); ++p)
        ++chars[Bucket('c', std::string_view(padded).substr(p, n))];
  }
  SparseVec x;
  x.reserve(words.size() + bigrams.size() + chars.size() + kNumDense);
  AddGroup(words, x);
  AddGroup(bigrams, x);
  AddGroup(chars, x);
  // Collisions between groups: merge after sorting.
  std::sort(x.begin(), x.end());
  SparseVec merged;
  merged.reserve(x.size() + kNumDense);
  for (const auto& e : x) {
    if (!merged.empty() && merged.back().first == e.first) merged.back().second += e.second;
    else merged.push_back(e);
  }

  const auto [party_marks, signature_marks] = ContractForm(folded);
  size_t digits = 0;
  for (char c : folded)
    if (c >= '0' && c <= '9') ++digits;
  const double alnum = static_cast<double>(sc.alnum_chars);
  const double dense[kNumDense] = {
      Log1p(static_cast<double>(doc.pages), 2.0),
      Log1p(alnum, 10.0),
      Log1p(static_cast<double>(sc.lines), 5.0),
      Log1p(sc.amounts, 3.0),
      Log1p(sc.currencies, 2.0),
      sc.emails > 0 ? 1.0 : 0.0,
      sc.phones > 0 ? 1.0 : 0.0,
      sc.urls > 0 ? 1.0 : 0.0,
      sc.vcard ? 1.0 : 0.0,
      sc.lines <= 15 ? 1.0 : 0.0,
      sc.lines <= 30 ? 1.0 : 0.0,
      sc.score[classifier_internal::kInvoice] / 14.0,
      sc.score[classifier_internal::kContract] / 14.0,
      sc.score[classifier_internal::kContact] / 14.0,
      (sc.score[classifier_internal::kOther] - 3.0) / 14.0,
      std::min(sc.job_titles, 3) / 3.0,
      alnum > 0 ? static_cast<double>(digits) / alnum : 0.0,
      alnum < 60 ? 1.0 : 0.0,
      std::min(sc.receipt, 6.0) / 6.0,
      std::min(sc.credit_note, 6.0) / 6.0,
      (sc.emails > 0 || sc.phones > 0) && sc.lines <= 30 ? 1.0 : 0.0,
      sc.amounts >= 2 && sc.currencies > 0 ? 1.0 : 0.0,
      party_marks / 3.0,
      signature_marks / 3.0,
  };
  for (int k = 0; k < kNumDense; ++k)
    if (dense[k] != 0) merged.emplace_back(kHashSize + k, static_cast<float>(dense[k]));
  return merged;
}

}  // namespace docflow::classifier_model

// Feature extraction for the trained classifier (see model.h).
#include <algorithm>
#include <cmath>
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
// signatures that close it. Counts of matches in the folded text, capped at
// 3. Plain substring searches (std::regex took 25 ms a document here).
bool WordByte(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80; }

// Occurrences of `phrase` starting at a word's start; when `whole`, also
// ending at a word's end.
int Occurrences(const std::string& f, std::string_view phrase, bool whole, int cap) {
  int n = 0;
  for (size_t at = f.find(phrase); at != std::string::npos && n < cap; at = f.find(phrase, at + 1)) {
    if (at > 0 && WordByte(f[at - 1]) && WordByte(phrase.front())) continue;
    const size_t end = at + phrase.size();
    if (whole && end < f.size() && WordByte(f[end]) && WordByte(phrase.back())) continue;
    ++n;
  }
  return n;
}

// "fait a Lyon, le", "fait en deux exemplaires a Nantes le".
int SignedAtPlaceOn(const std::string& f, int cap) {
  int n = 0;
  for (size_t at = f.find("fait "); at != std::string::npos && n < cap; at = f.find("fait ", at + 1)) {
    if (at > 0 && WordByte(f[at - 1])) continue;
    size_t k = at + 5;
    if (f.compare(k, 3, "en ") == 0) {  // "en deux exemplaires "
      const size_t ex = f.find("exemplaire", k);
      if (ex == std::string::npos || ex - k > 14) continue;
      k = f.find(' ', ex);
      if (k == std::string::npos) continue;
      ++k;
    }
    if (f.compare(k, 2, "a ") != 0) continue;
    k += 2;
    size_t j = k;
    while (j < f.size() && j - k <= 40 && (std::isalpha(static_cast<unsigned char>(f[j])) || f[j] == '\'' ||
                                           f[j] == ' ' || f[j] == '-'))
      ++j;
    if (j < f.size() && f[j] == ',') ++j;
    while (j > k && f[j - 1] == ' ') --j;  // back to the end of the place
    if (f.compare(j, 3, " le") == 0 && (j + 3 >= f.size() || !WordByte(f[j + 3]))) ++n;
    else if (j > k && f.compare(j - 3, 3, " le") == 0 && (j >= f.size() || !WordByte(f[j]))) ++n;
  }
  return n;
}

std::pair<int, int> ContractForm(const std::string& f) {
  int parties = 0, signatures = 0;
  for (std::string_view p : {"by and between", "by and among", "the undersigned", "hereinafter", "d'une part",
                             "d'autre part", "party a", "party b", "partie a", "partie b"})
    parties += Occurrences(f, p, true, 3);
  for (std::string_view p : {"entre les soussigne", "ci-apres denomme", "ci-apres designe", "ci-apres appele",
                             "ci-apres \"", "ci-apres \xC2\xAB", "parties (1)", "parties: (1)", "parties : (1)"})
    parties += Occurrences(f, p, false, 3);
  // A defined term: ("Company"), (the "Company"), (hereinafter "Company").
  for (std::string_view p : {"(\"", "(the \"", "(hereinafter \""})
    for (size_t at = f.find(p); at != std::string::npos && parties < 3; at = f.find(p, at + 1))
      if (at + p.size() < f.size() && f[at + p.size()] >= 'a' && f[at + p.size()] <= 'z') ++parties;
  for (std::string_view p : {"in witness whereof", "en foi de quoi", "lu et approuve", "for and on behalf of",
                             "signed by", "pour la societe", "pour le client", "pour le prestataire",
                             "pour le bailleur", "pour le preneur", "accepted and agreed", "agreed and accepted",
                             "bon pour accord", "sign and return"})
    signatures += Occurrences(f, p, true, 3);
  for (std::string_view p : {"signature:", "signature :", "/s/", "by:_", "by: _", "by : _"})
    signatures += Occurrences(f, p, false, 3);
  signatures += SignedAtPlaceOn(f, 3);
  return {std::min(parties, 3), std::min(signatures, 3)};
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

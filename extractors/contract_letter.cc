#include "extractors/contract_letter.h"

#include <cctype>
#include <cstdlib>
#include <regex>

#include "classifiers/text_norm.h"
#include "extractors/parties.h"

namespace docflow::contract_letter {
namespace {

using extract::Line;

constexpr size_t kHeadLines = 80;     // the salutation stands among the first lines of page 1
constexpr size_t kDateAbove = 30;     // the date line stands at most this far above it
constexpr int kRightColumn = 30;      // a run starting this far right is the right-hand column

bool StartsWithCivility(const std::string& folded) {
  static const std::regex civility(
      R"(^(?:mr|mrs|ms|miss|dr|prof|m|mme|mlle|monsieur|madame|mademoiselle|maitre|me|messrs)\.?\s+[a-z])");
  return std::regex_search(folded, civility);
}

std::string WithoutCivility(const std::string& s) {
  static const std::regex civility(
      R"(^\s*(?:Mr|Mrs|Ms|Miss|Dr|Prof|M|Mme|Mlle|Monsieur|Madame|Mademoiselle|Maître|Maitre|Me|Messrs)\.?\s+)",
      std::regex::icase);
  return text::Trim(std::regex_replace(s, civility, "", std::regex_constants::format_first_only));
}

// A line of the letterhead or address block that can be a name: no digits,
// no e-mail or web address, a few words.
bool NameShaped(const std::string& s) {
  if (s.size() < 2 || s.size() > 80 || text::HasDigit(s)) return false;
  if (s.find('@') != std::string::npos || s.find("www.") != std::string::npos) return false;
  if (!std::isupper(static_cast<unsigned char>(s[0])) && static_cast<unsigned char>(s[0]) < 0x80) return false;
  return text::SplitWords(s).size() <= 8;
}

// Lines of a letter's head that are neither the sender nor the addressee.
bool FramingLine(const std::string& folded) {
  static const std::regex framing(
      R"(^(?:private|personal|strictly|confidential|personnel|by (?:e-?mail|post|hand|courier)|par (?:e-?mail|courriel)|)"
      R"(lettre recommandee|recommande|registered|our ref|your ref|ref\b|objet|subject|re\b|n/ref|v/ref|)"
      R"(a l'attention|attn|fao|letter of|lettre de|engagement|proposition)\b)");
  return std::regex_search(folded, framing);
}

struct Run {
  size_t line;
  std::string text;
};

// The runs of text of lines [from, to) in one column: the left one (runs
// starting left of kRightColumn) or the right one.
std::vector<std::vector<Run>> ColumnBlocks(const std::vector<Line>& lines, size_t from, size_t to, bool right) {
  std::vector<std::vector<Run>> blocks(1);
  for (size_t i = from; i < to; ++i) {
    std::string found;
    for (const auto& seg : parties::Segments(lines[i].text))
      if ((seg.col >= kRightColumn) == right) {
        found = text::Trim(seg.text);
        break;
      }
    if (found.empty()) {
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    blocks.back().push_back({i, found});
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

// The addressee named by the address lines (the runs of one column after
// the letterhead, as OCR may split them into blocks): its company (a line
// with a legal form) within three lines of the address's first mark (a
// civility, "À l'attention de", a postcode line), else its person (civility
// removed). "" when there is no such mark.
std::string AddresseeOf(const std::vector<Run>& runs) {
  size_t mark = runs.size();
  for (size_t k = 0; k < runs.size() && mark == runs.size(); ++k) {
    const std::string f = text::FoldText(runs[k].text);
    if (StartsWithCivility(f) || parties::AttentionLine(f) || parties::IsPostcodeLine(runs[k].text)) mark = k;
  }
  if (mark == runs.size()) return "";
  const size_t from = mark > 3 ? mark - 3 : 0, to = std::min(runs.size(), mark + 4);
  for (size_t k = from; k < to; ++k) {
    const std::string& t = runs[k].text;
    if (parties::HasLegalForm(t) && NameShaped(t) && !FramingLine(text::FoldText(t))) return t;
  }
  for (size_t k = from; k < to; ++k) {
    std::string t = runs[k].text;
    const std::string f = text::FoldText(t);
    if (parties::AttentionLine(f)) {
      static const std::regex attention(R"(^\s*(?:a|\xC3\x80|\xC3\xA0)\s+l'attention\s+de\s*:?\s*|^\s*(?:attn\.?|fao)\s*:?\s*)", std::regex::icase);
      t = std::regex_replace(t, attention, "");
      t = t.substr(0, t.find(','));
    }
    if (StartsWithCivility(text::FoldText(t))) {
      std::string name = WithoutCivility(t);
      if (NameShaped(name)) return name;
    }
  }
  return "";
}

// The name a signature line signs for, cut at a bracket, a comma or "by":
// after "(for and) on behalf of" / "pour le compte de" anywhere, or after a
// "For" / "Pour" opening the line when `bare` (under the closing only).
std::string SignedFor(const std::string& run, bool bare) {
  static const std::regex behalf(R"((?:^|\s)(?:for\s+and\s+)?on\s+behalf\s+of\s*:?\s+(?=\S)|)"
                                 R"((?:^|\s)(?:au\s+nom\s+et\s+)?pour\s+le\s+compte\s+de\s*:?\s+(?=\S))",
                                 std::regex::icase);
  static const std::regex opening(R"(^\s*(?:for|pour)\s*:?\s+(?=\S))", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(run, m, behalf) && !(bare && std::regex_search(run, m, opening))) return "";
  std::string rest = run.substr(static_cast<size_t>(m.position(0) + m.length(0)));
  for (const char* end : {"(", ",", " by ", " par ", ":", " represented", " represente"}) {
    const size_t at = rest.find(end);
    if (at != std::string::npos) rest = rest.substr(0, at);
  }
  rest = text::Trim(rest);
  while (!rest.empty() && (rest.back() == '.' || rest.back() == ';')) rest.pop_back();
  // "for the Company", "pour la société": a defined term, not a name.
  const std::string f = text::FoldText(rest);
  for (const char* article : {"the ", "la ", "le ", "les ", "l'", "each ", "and "})
    if (f.rfind(article, 0) == 0) return "";
  return NameShaped(rest) ? rest : "";
}

bool ClosingLine(const std::string& folded) {
  static const std::regex closing(
      R"(^(?:yours (?:sincerely|faithfully|truly)|sincerely|kind regards|best regards|regards|)"
      R"(veuillez agreer|je vous prie|nous vous prions|recevez|cordialement|bien cordialement|)"
      R"(salutations|avec nos)\b)");
  return std::regex_search(folded, closing);
}

bool AcceptanceLine(const std::string& folded) {
  static const std::regex accepted(
      R"(\b(?:agreed|accepted|acknowledged|approved|confirmed|bon pour accord|lu et approuve|accepte|accord)\b)");
  return std::regex_search(folded, accepted);
}

}  // namespace

bool IsSalutation(const std::string& folded_in) {
  const std::string f = text::Trim(folded_in);
  if (f.empty() || f.size() > 60) return false;
  static const std::regex salutation(
      R"(^(?:dear\s+\S.*|(?:cher|chere|chers|cheres)\s+\S.*,|)"
      R"((?:madame|monsieur|mesdames|messieurs|madame,?\s+monsieur|mesdames,?\s+messieurs)(?:\s+[a-z'-]+){0,3}\s*,|)"
      R"(to whom it may concern:?)$)");
  return std::regex_match(f, salutation);
}

std::optional<Letter> ReadLetter(const std::vector<Line>& lines, dates::DateOrder order) {
  size_t first = 0;
  while (first < lines.size() && text::Trim(lines[first].text).empty()) ++first;
  if (first >= lines.size()) return std::nullopt;
  const int page = lines[first].page;
  Letter letter;
  bool found = false;
  for (size_t i = first + 1; i < lines.size() && i < first + kHeadLines && lines[i].page == page; ++i)
    if (IsSalutation(lines[i].folded)) {
      letter.salutation = i;
      found = true;
      break;
    }
  if (!found) return std::nullopt;
  const size_t s = letter.salutation;

  // The date line: a date alone, after at most a place ("Manchester, 12
  // February 2024", "Lyon, le 3 mars 2024", "Date : 12/02/2024").
  for (size_t i = s; i-- > first && i + kDateAbove >= s;) {
    for (const auto& seg : parties::Segments(lines[i].text)) {
      const std::string t = text::Trim(seg.text);
      auto ds = dates::FindDates(t, order);
      if (ds.size() != 1 || ds[0].compact || ds[0].short_year) continue;
      const std::string before = t.substr(0, ds[0].begin);
      if (before.size() > 40 || text::HasDigit(before) || t.size() - ds[0].end > 2) continue;
      const std::string bf = text::FoldText(before);
      if (bf.find("ref") != std::string::npos || bf.find("ne le") != std::string::npos) continue;
      letter.date = ds[0];
      letter.date_page = lines[i].page;
      break;
    }
    if (letter.date) break;
  }

  // The addressee: an address block of either column that is not the
  // letterhead (the block holding the first line).
  for (bool right : {true, false}) {
    std::vector<Run> runs;
    for (const auto& block : ColumnBlocks(lines, first, s, right))
      if (block.front().line != first) runs.insert(runs.end(), block.begin(), block.end());
    letter.addressee = AddresseeOf(runs);
    if (!letter.addressee.empty()) break;
  }

  // The subject line ("Objet : Lettre de mission - Présentation des
  // comptes", "Re: Terms of engagement"), up to a dash.
  static const std::regex subject(R"(^\s*(?:objet|subject|re|concerne)\s*:\s*)");
  for (size_t i = first; i < lines.size() && i <= s + 2 && letter.subject.empty(); ++i) {
    std::smatch m;
    if (!std::regex_search(lines[i].folded, m, subject)) continue;
    std::string t = lines[i].text;
    const size_t colon = t.find(':');
    if (colon == std::string::npos) continue;
    t = text::Trim(t.substr(colon + 1));
    for (const char* dash : {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "}) t = t.substr(0, t.find(dash));
    letter.subject = text::Trim(t);
  }

  // The signatures: "for and on behalf of X" names the sender; one under
  // "Agreed and accepted", or a second signatory, names the addressee (its
  // company, where the address block may give only a person).
  static const std::regex behalf_at_end(R"(on behalf of\s*:?\s*$)");
  bool closed = false;
  std::string countersigned;
  for (size_t i = s + 1; i < lines.size(); ++i) {
    const std::string& f = lines[i].folded;
    if (!closed && ClosingLine(text::Trim(f))) closed = true;
    for (const auto& seg : parties::Segments(lines[i].text)) {
      std::string run = seg.text;
      std::string name = SignedFor(run, closed);
      // "Signed for and on behalf of" over the name on the next line.
      if (name.empty() && i + 1 < lines.size() &&
          std::regex_search(text::FoldText(run), behalf_at_end)) {
        for (const auto& below : parties::Segments(lines[i + 1].text))
          if (std::abs(below.col - seg.col) <= 12) name = SignedFor(run + " " + below.text, closed);
      }
      if (name.empty()) continue;
      const bool accepting = AcceptanceLine(text::FoldText(run)) || (i > 0 && AcceptanceLine(lines[i - 1].folded));
      if (letter.sender.empty() && !accepting) {
        letter.sender = name;
      } else if (countersigned.empty() && text::FoldText(name) != text::FoldText(letter.sender)) {
        countersigned = name;
      }
    }
  }
  if (!countersigned.empty()) letter.addressee = countersigned;
  // No signature names the sender: the letterhead's name (a line with a
  // legal form, else its first line).
  if (letter.sender.empty()) {
    std::vector<std::vector<Run>> head;
    for (bool right : {false, true})
      for (auto& block : ColumnBlocks(lines, first, s, right))
        if (block.front().line == first) head.push_back(block);
    for (const auto& block : head)
      for (const Run& r : block)
        if (letter.sender.empty() && parties::HasLegalForm(r.text) && NameShaped(r.text)) letter.sender = r.text;
    if (letter.sender.empty() && !head.empty() && NameShaped(head.front().front().text) &&
        !FramingLine(text::FoldText(head.front().front().text)))
      letter.sender = head.front().front().text;
  }
  return letter;
}

}  // namespace docflow::contract_letter

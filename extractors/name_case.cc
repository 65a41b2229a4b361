#include "extractors/name_case.h"

#include <array>
#include <cctype>
#include <vector>

namespace docflow::contact {
namespace {

constexpr std::array<std::string_view, 14> kParticles{"de", "du",  "des", "la", "le", "van", "von",
                                                      "der", "den", "di",  "da", "d'", "l'",  "d’"};

// A byte sequence for one character starting at s[i] (UTF-8), its length.
size_t CharLen(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  return i + n <= s.size() ? n : 1;
}

// Latin-1 capitals À-Þ (U+00C0-U+00DE, but not ×) are C3 80-9E in UTF-8.
bool IsLatin1Upper(std::string_view ch) {
  return ch.size() == 2 && static_cast<unsigned char>(ch[0]) == 0xC3 &&
         static_cast<unsigned char>(ch[1]) >= 0x80 && static_cast<unsigned char>(ch[1]) <= 0x9E &&
         static_cast<unsigned char>(ch[1]) != 0x97;
}
bool IsLatin1Lower(std::string_view ch) {
  return ch.size() == 2 && static_cast<unsigned char>(ch[0]) == 0xC3 &&
         static_cast<unsigned char>(ch[1]) >= 0x9F && static_cast<unsigned char>(ch[1]) != 0xB7;
}

std::string Lower(std::string_view ch) {
  if (ch.size() == 1) return std::string(1, static_cast<char>(std::tolower(static_cast<unsigned char>(ch[0]))));
  if (IsLatin1Upper(ch)) return std::string{ch[0], static_cast<char>(ch[1] + 0x20)};
  return std::string(ch);
}

bool IsBreak(std::string_view ch) { return ch == " " || ch == "-" || ch == "'" || ch == "’"; }

}  // namespace

std::string PersonNameCase(std::string_view name) {
  // Split into characters; any lower-case letter: as printed.
  std::vector<std::string_view> chars;
  int upper = 0;
  for (size_t i = 0; i < name.size();) {
    size_t n = CharLen(name, i);
    std::string_view ch = name.substr(i, n);
    if (n == 1 && std::islower(static_cast<unsigned char>(ch[0]))) return std::string(name);
    if (IsLatin1Lower(ch)) return std::string(name);
    if ((n == 1 && std::isupper(static_cast<unsigned char>(ch[0]))) || IsLatin1Upper(ch)) ++upper;
    chars.push_back(ch);
    i += n;
  }
  if (upper < 2) return std::string(name);

  // Lower everything, then capitalise each word's first letter.
  std::string out;
  bool word_start = true;
  for (std::string_view ch : chars) {
    if (IsBreak(ch)) {
      out += ch;
      word_start = true;
    } else if (word_start) {
      out += ch;  // the printed capital
      word_start = false;
    } else {
      out += Lower(ch);
    }
  }

  // Particles after the first word back to lower case.
  std::string result;
  size_t i = 0;
  bool first = true;
  while (i < out.size()) {
    size_t sp = out.find(' ', i);
    std::string word = out.substr(i, sp == std::string::npos ? std::string::npos : sp - i);
    std::string folded;
    for (size_t k = 0; k < word.size();) {
      size_t n = CharLen(word, k);
      folded += Lower(std::string_view(word).substr(k, n));
      k += n;
    }
    bool particle = false;
    for (auto p : kParticles)
      if (folded == p) particle = true;
    // "D'ARTAGNAN" -> "d'Artagnan" when not first: the particle is the prefix.
    for (std::string_view p : {std::string_view("d'"), std::string_view("l'")})
      if (!first && folded.size() > p.size() && folded.compare(0, p.size(), p) == 0) {
        word[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(word[0])));
      }
    result += (!first && particle) ? folded : word;
    first = false;
    if (sp == std::string::npos) break;
    result += ' ';
    i = sp + 1;
  }
  return result;
}

}  // namespace docflow::contact

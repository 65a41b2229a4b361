// IMAP response reader; see imap_response.h.
#include "pipeline/mail/imap_response.h"

#include <algorithm>
#include <cctype>

namespace docflow::mail {
namespace {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
         });
}

bool AtomChar(char c) {
  return c != ' ' && c != '(' && c != ')' && c != '"' && c != '\r' && c != '\n' && c != '{' &&
         static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
}

class Reader {
 public:
  explicit Reader(std::string_view raw) : s_(raw) {}

  bool Done() const { return pos_ >= s_.size(); }

  ImapResponse Next() {
    ImapResponse r;
    size_t start = pos_;
    size_t eol = s_.find('\n', pos_);
    r.line = std::string(s_.substr(start, std::min<size_t>((eol == std::string_view::npos ? s_.size() : eol) - start,
                                                           300)));
    while (!r.line.empty() && (r.line.back() == '\r' || r.line.back() == '\n')) r.line.pop_back();
    if (!ReadResponse(r)) {
      r.malformed = true;
      SkipToNextLine();
    }
    return r;
  }

 private:
  bool ReadResponse(ImapResponse& r) {
    size_t sp = pos_;
    while (sp < s_.size() && s_[sp] != ' ' && s_[sp] != '\r' && s_[sp] != '\n') ++sp;
    r.tag = std::string(s_.substr(pos_, sp - pos_));
    pos_ = sp;
    if (r.tag.empty()) return false;
    int atoms = 0;
    while (true) {
      if (AtEol()) return ConsumeEol();
      if (s_[pos_] != ' ') return false;
      ++pos_;
      if (AtEol()) return ConsumeEol();
      ImapValue v;
      if (!ReadValue(v, 0)) return false;
      bool status = v.kind == ImapValue::kAtom && atoms <= 1 &&
                    (v.IsAtom("OK") || v.IsAtom("NO") || v.IsAtom("BAD") || v.IsAtom("BYE") || v.IsAtom("PREAUTH"));
      if (v.kind == ImapValue::kAtom) ++atoms;
      r.values.push_back(std::move(v));
      if (status) {
        if (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
        size_t eol = pos_;
        while (eol < s_.size() && s_[eol] != '\r' && s_[eol] != '\n') ++eol;
        r.text = std::string(s_.substr(pos_, eol - pos_));
        pos_ = eol;
        return ConsumeEol();
      }
    }
  }

  bool AtEol() const { return pos_ >= s_.size() || s_[pos_] == '\r' || s_[pos_] == '\n'; }
  bool ConsumeEol() {
    if (pos_ < s_.size() && s_[pos_] == '\r') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
    return true;
  }
  void SkipToNextLine() {
    size_t eol = s_.find('\n', pos_);
    pos_ = eol == std::string_view::npos ? s_.size() : eol + 1;
  }

  bool ReadValue(ImapValue& v, int depth) {
    if (pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '(') {
      if (depth >= kMaxImapDepth) return false;
      ++pos_;
      v.kind = ImapValue::kList;
      while (true) {
        if (pos_ >= s_.size()) return false;
        if (s_[pos_] == ')') {
          ++pos_;
          return true;
        }
        if (s_[pos_] == ' ') {
          ++pos_;
          continue;
        }
        if (s_[pos_] == '\r' || s_[pos_] == '\n') return false;
        ImapValue item;
        if (!ReadValue(item, depth + 1)) return false;
        v.items.push_back(std::move(item));
      }
    }
    if (c == '"') {
      ++pos_;
      v.kind = ImapValue::kString;
      while (pos_ < s_.size()) {
        char d = s_[pos_++];
        if (d == '"') return true;
        if (d == '\r' || d == '\n') return false;
        if (d == '\\') {
          if (pos_ >= s_.size()) return false;
          d = s_[pos_++];
        }
        v.text.push_back(d);
      }
      return false;
    }
    if (c == '{') {
      size_t close = s_.find('}', pos_);
      if (close == std::string_view::npos || close - pos_ > 21) return false;
      std::string_view digits = s_.substr(pos_ + 1, close - pos_ - 1);
      if (!digits.empty() && digits.back() == '+') digits.remove_suffix(1);  // LITERAL+
      if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char d) { return d >= '0' && d <= '9'; }))
        return false;
      unsigned long long n = std::stoull(std::string(digits));
      pos_ = close + 1;
      if (pos_ < s_.size() && s_[pos_] == '\r') ++pos_;
      if (pos_ >= s_.size() || s_[pos_] != '\n') return false;
      ++pos_;
      if (n > s_.size() - pos_) return false;
      v.kind = ImapValue::kString;
      v.text = std::string(s_.substr(pos_, n));
      pos_ += n;
      return true;
    }
    // Atom, possibly with [...] sections (which may hold spaces and lists).
    size_t start = pos_;
    while (pos_ < s_.size()) {
      char d = s_[pos_];
      if (d == '[') {
        int nest = 0;
        while (pos_ < s_.size()) {
          char e = s_[pos_];
          if (e == '\r' || e == '\n') return false;
          ++pos_;
          if (e == '[') ++nest;
          if (e == ']' && --nest == 0) break;
        }
        if (nest != 0) return false;
        continue;
      }
      if (!AtomChar(d)) break;
      ++pos_;
    }
    if (pos_ == start) return false;
    v.text = std::string(s_.substr(start, pos_ - start));
    v.kind = EqualsNoCase(v.text, "NIL") ? ImapValue::kNil : ImapValue::kAtom;
    if (v.kind == ImapValue::kNil) v.text.clear();
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

bool ImapValue::IsAtom(std::string_view name) const { return kind == kAtom && EqualsNoCase(text, name); }

long long ImapValue::Number() const {
  if (kind != kAtom || text.empty() || text.size() > 18) return -1;
  for (char c : text)
    if (c < '0' || c > '9') return -1;
  return std::stoll(text);
}

std::vector<ImapResponse> ParseImapResponses(std::string_view raw) {
  std::vector<ImapResponse> out;
  Reader reader(raw);
  while (!reader.Done()) out.push_back(reader.Next());
  return out;
}

std::string LastTaggedStatus(const std::vector<ImapResponse>& responses) {
  for (auto it = responses.rbegin(); it != responses.rend(); ++it) {
    if (it->tag == "*" || it->tag == "+" || it->values.empty()) continue;
    const ImapValue& status = it->values.front();
    if (status.IsAtom("OK") || status.IsAtom("NO") || status.IsAtom("BAD"))
      return status.text + (it->text.empty() ? "" : " " + it->text);
  }
  return "";
}

Result<std::string> ImapMailboxName(std::string_view utf8) {
  // Decode UTF-8 to code points, then encode runs of non-printable-ASCII as
  // modified BASE64 of UTF-16BE.
  static const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";
  std::vector<char32_t> cps;
  for (size_t i = 0; i < utf8.size();) {
    unsigned char c = utf8[i];
    char32_t cp;
    int len;
    if (c < 0x80) cp = c, len = 1;
    else if ((c & 0xE0) == 0xC0) cp = c & 0x1F, len = 2;
    else if ((c & 0xF0) == 0xE0) cp = c & 0x0F, len = 3;
    else if ((c & 0xF8) == 0xF0) cp = c & 0x07, len = 4;
    else return Permanent("mailbox name is not valid UTF-8");
    if (i + len > utf8.size()) return Permanent("mailbox name is not valid UTF-8");
    for (int k = 1; k < len; ++k) {
      unsigned char d = utf8[i + k];
      if ((d & 0xC0) != 0x80) return Permanent("mailbox name is not valid UTF-8");
      cp = (cp << 6) | (d & 0x3F);
    }
    static const char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return Permanent("mailbox name is not valid UTF-8");
    if (cp < 0x20 || cp == 0x7f) return Permanent("mailbox name holds a control character");
    cps.push_back(cp);
    i += len;
  }
  std::string out;
  for (size_t i = 0; i < cps.size();) {
    if (cps[i] >= 0x20 && cps[i] < 0x7f) {
      out += cps[i] == '&' ? std::string("&-") : std::string(1, static_cast<char>(cps[i]));
      ++i;
      continue;
    }
    std::vector<unsigned char> bytes;  // UTF-16BE of the run
    while (i < cps.size() && !(cps[i] >= 0x20 && cps[i] < 0x7f)) {
      char32_t cp = cps[i++];
      auto put16 = [&](char32_t u) {
        bytes.push_back(static_cast<unsigned char>(u >> 8));
        bytes.push_back(static_cast<unsigned char>(u & 0xFF));
      };
      if (cp >= 0x10000) {
        cp -= 0x10000;
        put16(0xD800 + (cp >> 10));
        put16(0xDC00 + (cp & 0x3FF));
      } else {
        put16(cp);
      }
    }
    out += '&';
    unsigned int acc = 0;
    int bits = 0;
    for (unsigned char b : bytes) {
      acc = (acc << 8) | b;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += kB64[(acc >> bits) & 0x3F];
      }
    }
    if (bits > 0) out += kB64[(acc << (6 - bits)) & 0x3F];
    out += '-';
  }
  return out;
}

Result<std::string> ImapQuoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\r' || c == '\n' || c == '\0') return Permanent("text holds CR, LF or NUL");
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace docflow::mail

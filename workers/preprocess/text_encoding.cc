// Text encodings of contact-card files; see text_encoding.h.
#include "workers/preprocess/text_encoding.h"

#include <cstdint>

namespace docflow {
namespace {

std::string FromUtf16(std::string_view b, bool little_endian) {
  std::string out;
  out.reserve(b.size());
  auto unit = [&](size_t i) -> char32_t {
    const auto lo = static_cast<unsigned char>(b[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(b[little_endian ? i + 1 : i]);
    return static_cast<char32_t>(hi) << 8 | lo;
  };
  size_t i = 2;  // after the byte-order mark
  while (i + 1 < b.size()) {
    char32_t u = unit(i);
    i += 2;
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 1 < b.size()) {
        const char32_t v = unit(i);
        if (v >= 0xDC00 && v <= 0xDFFF) {
          i += 2;
          AppendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
          continue;
        }
      }
      u = 0xFFFD;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    AppendUtf8(out, u);
  }
  if (i < b.size()) AppendUtf8(out, 0xFFFD);  // an odd last byte
  return out;
}

// Windows-1252 bytes 0x80-0x9F (0: unassigned).
constexpr char16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string FromWindows1252(std::string_view b) {
  std::string out;
  out.reserve(b.size() + b.size() / 4);
  for (char c : b) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out.push_back(c);
    } else if (byte < 0xA0) {
      const char16_t cp = kCp1252High[byte - 0x80];
      AppendUtf8(out, cp == 0 ? 0xFFFD : cp);
    } else {
      AppendUtf8(out, byte);
    }
  }
  return out;
}

}  // namespace

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

char32_t DecodeUtf8(std::string_view s, size_t& i, bool* ok) {
  if (ok != nullptr) *ok = false;
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    if (ok != nullptr) *ok = true;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms, surrogates and out-of-range values.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  if (ok != nullptr) *ok = true;
  return cp;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  bool ok = true;
  while (i < s.size() && ok) DecodeUtf8(s, i, &ok);
  return ok;
}

std::string TextToUtf8(std::string_view b) {
  if (b.size() >= 2) {
    const auto b0 = static_cast<unsigned char>(b[0]), b1 = static_cast<unsigned char>(b[1]);
    if (b0 == 0xFF && b1 == 0xFE) return FromUtf16(b, true);
    if (b0 == 0xFE && b1 == 0xFF) return FromUtf16(b, false);
  }
  if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  if (IsValidUtf8(b)) return std::string(b);
  return FromWindows1252(b);
}

}  // namespace docflow

#include "pipeline/mail/attachment_name.h"

#include <array>
#include <utility>

#include "common/paths.h"

namespace docflow::mail {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kTypes = {{
    {"application/pdf", ".pdf"},
    {"image/jpeg", ".jpg"},
    {"image/jpg", ".jpg"},
    {"image/png", ".png"},
    {"image/gif", ".gif"},
    {"image/tiff", ".tif"},
    {"image/bmp", ".bmp"},
    {"image/webp", ".webp"},
    {"text/plain", ".txt"},
    {"text/html", ".html"},
    {"text/csv", ".csv"},
    {"text/calendar", ".ics"},
    {"text/xml", ".xml"},
    {"application/xml", ".xml"},
    {"application/zip", ".zip"},
    {"application/msword", ".doc"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
    {"application/vnd.ms-excel", ".xls"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
    {"application/vnd.oasis.opendocument.text", ".odt"},
    {"application/rtf", ".rtf"},
    {"message/rfc822", ".eml"},
}};

// Extra spellings for TypeForFilename only.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kMoreExtensions = {{
    {".jpeg", "image/jpeg"},
    {".tiff", "image/tiff"},
    {".htm", "text/html"},
}};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0 when invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto u = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = u(i);
  if (c < 0x80) return 1;
  size_t n;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((u(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (u(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;  // overlong / too big
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;                                              // surrogate
  return n;
}

}  // namespace

std::string ToValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\0') {
      ++i;
      continue;
    }
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string_view ExtensionForType(std::string_view content_type) {
  std::string t = Lower(content_type);
  for (const auto& [type, ext] : kTypes)
    if (t == type) return ext;
  return "";
}

std::string_view TypeForFilename(std::string_view name) {
  size_t dot = name.find_last_of('.');
  if (dot == std::string_view::npos) return "application/octet-stream";
  std::string ext = Lower(name.substr(dot));
  for (const auto& [type, e] : kTypes)
    if (ext == e) return type;
  for (const auto& [e, type] : kMoreExtensions)
    if (ext == e) return type;
  return "application/octet-stream";
}

std::string AttachmentFileName(std::string_view name, std::string_view content_type, std::string_view part_path) {
  if (!name.empty()) return SanitizeFilename(ToValidUtf8(name));
  std::string_view ext = ExtensionForType(content_type);
  return SanitizeFilename("part-" + std::string(part_path) + std::string(ext.empty() ? ".bin" : ext));
}

}  // namespace docflow::mail

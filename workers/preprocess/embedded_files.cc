#include "workers/preprocess/embedded_files.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-embedded-file.h>

#include <algorithm>
#include <cctype>
#include <new>
#include <string>

namespace docflow {
namespace {

// File names in a PDF are PDF text strings: PDFDocEncoding or UTF-16BE with
// a byte order mark. Keeps a safe ASCII base name.
std::string SafeName(const std::string& raw) {
  std::string s;
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFE &&
      static_cast<unsigned char>(raw[1]) == 0xFF) {
    for (size_t i = 2; i + 1 < raw.size(); i += 2)
      s.push_back(raw[i] == 0 ? raw[i + 1] : '_');
  } else {
    s = raw;
  }
  size_t slash = s.find_last_of("/\\:");
  if (slash != std::string::npos) s = s.substr(slash + 1);
  std::string out;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    out.push_back(std::isalnum(u) || c == '.' || c == '-' || c == '_' ? c : '_');
    if (out.size() >= 100) break;
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Known structured-invoice names rank first (lower is earlier).
int Rank(const std::string& name) {
  const std::string n = Lower(name);
  for (const char* known : {"factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "order-x.xml"})
    if (n == known) return 0;
  return 1;
}

bool LooksLikeXml(const std::string& data) {
  size_t i = 0;
  if (data.compare(0, 3, "\xEF\xBB\xBF") == 0) i = 3;
  while (i < data.size() && std::isspace(static_cast<unsigned char>(data[i]))) ++i;
  return i < data.size() && data[i] == '<';
}

}  // namespace

bool IsXmlAttachment(const std::string& name, const std::string& mime) {
  const std::string n = Lower(name), m = Lower(mime);
  if (n.size() > 4 && n.compare(n.size() - 4, 4, ".xml") == 0) return true;
  return m == "text/xml" || m == "application/xml" || (m.size() > 4 && m.compare(m.size() - 4, 4, "+xml") == 0);
}

std::vector<EmbeddedFile> EmbeddedXmlFiles(const poppler::document& doc) {
  std::vector<EmbeddedFile> out;
  try {
    if (!doc.has_embedded_files()) return out;
    for (poppler::embedded_file* f : doc.embedded_files()) {
      if (out.size() >= kMaxEmbeddedFiles) break;
      if (f == nullptr || !f->is_valid()) continue;
      EmbeddedFile e;
      e.name = SafeName(f->name());
      e.mime = f->mime_type();
      if (!IsXmlAttachment(e.name, e.mime)) continue;
      if (f->size() > 0 && static_cast<size_t>(f->size()) > kMaxEmbeddedBytes) continue;
      poppler::byte_array data = f->data();
      if (data.empty() || data.size() > kMaxEmbeddedBytes) continue;
      e.xml.assign(data.begin(), data.end());
      if (!LooksLikeXml(e.xml)) continue;
      out.push_back(std::move(e));
    }
  } catch (const std::bad_alloc&) {
    return out;  // what was read so far; the pages still matter more
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const EmbeddedFile& a, const EmbeddedFile& b) { return Rank(a.name) < Rank(b.name); });
  return out;
}

}  // namespace docflow

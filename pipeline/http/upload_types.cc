#include "pipeline/http/upload_types.h"

#include <array>
#include <cctype>

#include "workers/preprocess/preprocess.h"

namespace docflow::http {
namespace {

// The same test as the preprocess stage's for contact cards in text form:
// vCard (text/vcard, or text starting with BEGIN:VCARD), jCard (JSON starting
// with ["vcard") and xCard (XML in the vCard 4.0 namespace).
bool IsContactCardText(const std::string& mime, std::string_view bytes) {
  if (mime == "text/vcard" || mime == "text/x-vcard" || mime == "text/directory") return true;
  if (mime.rfind("text/", 0) != 0 && mime != "application/json" && mime != "application/xml") return false;
  std::string_view head = bytes.substr(0, 4096);
  size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) return false;
  head = head.substr(start);
  constexpr std::string_view kBegin = "BEGIN:VCARD";
  if (head.size() >= kBegin.size()) {
    bool same = true;
    for (size_t i = 0; i < kBegin.size() && same; ++i)
      same = std::toupper(static_cast<unsigned char>(head[i])) == kBegin[i];
    if (same) return true;
  }
  if (head.rfind("[\"vcard\"", 0) == 0 || (head[0] == '[' && head.find("\"vcard\"") < 64)) return true;
  return head.find("urn:ietf:params:xml:ns:vcard-4.0") != std::string_view::npos;
}

}  // namespace

SniffedType SniffUpload(std::string_view bytes) {
  static constexpr std::array<std::string_view, 8> kImages = {
      "application/pdf", "image/tiff", "image/png", "image/jpeg",
      "image/bmp",       "image/x-ms-bmp", "image/gif", "image/webp"};
  SniffedType t;
  t.mime = SniffMime(bytes);
  for (auto m : kImages)
    if (t.mime == m) t.accepted = true;
  if (!t.accepted) t.accepted = IsContactCardText(t.mime, bytes);
  return t;
}

}  // namespace docflow::http

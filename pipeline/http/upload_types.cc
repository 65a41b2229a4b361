#include "pipeline/http/upload_types.h"

#include <array>

#include "workers/preprocess/preprocess.h"

namespace docflow::http {

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

// What the HTTP upload accepts: the types the preprocess stage reads
// (workers/preprocess/preprocess.h), decided from the bytes with the same
// SniffMime (libmagic), never from a declared Content-Type or a file name.
// A type outside this list is answered 415 at once instead of becoming a job
// that fails in preprocess.
//
// Thread safety: reentrant (SniffMime keeps one libmagic handle per thread).
#pragma once

#include <string>
#include <string_view>

namespace docflow::http {

struct SniffedType {
  std::string mime;       // as libmagic sees it, e.g. application/pdf
  bool accepted = false;  // PDF, TIFF, PNG, JPEG, BMP, GIF, WebP, vCard/jCard/xCard text
};

SniffedType SniffUpload(std::string_view bytes);

}  // namespace docflow::http

// Machine-readable codes on a page image: QR codes.
//
// Debian's OpenCV is built without QUIRC, so cv::QRCodeDetector can locate
// codes but not decode them; decoding uses OpenCV contrib's WeChatQRCode
// (without its optional CNN models). To stay cheap on ordinary pages:
//  - images whose longest side is at most whole_max_side (card photos,
//    cropped codes): unless neither the image nor its sharpened 2x copy
//    shows three QR finder patterns that agree (qr_finder.h, pass
//    "finder-gate": WeChatQRCode costs 30-80 ms on a small image of text
//    even when it holds no code), WeChatQRCode on the whole image; for the smallest
//    (small_side) once more after an unsharp mask and a 2x upscale (soft
//    phone photos of a dense vCard code);
//  - larger pages: cv::QRCodeDetector locates codes on a copy downscaled to
//    locate_max_side, and each located region is decoded from the
//    full-resolution page; when nothing is located, once more at
//    locate_max_side_2 (small codes on a big page); when still nothing is
//    found, each region the caller's finder patterns span (hints) is cut out
//    and decoded.
// Every pass is timed and recorded in steps["codes"]:
//   {"found": N, "ms": total, "tries": [{"pass": "finder-gate"|"whole"|"whole-sharpened"|"locate"|"finder-region", "scale",
//    "candidates", "found", "ms"}, ...]}.
//
// Returns the decoded payloads (UTF-8 as stored in the code; non-empty,
// duplicates removed) in reading order (top to bottom, then left to right);
// an empty list when the page has none. Never throws: library exceptions are
// caught here and recorded as steps["codes"]["error"].
//
// Thread safety: reentrant (detectors are per call).
#pragma once

#include <leptonica/allheaders.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "workers/preprocess/qr_finder.h"

namespace docflow {

struct CodeOptions {
  int whole_max_side = 1000;    // up to this longest side: decode the whole image
  int locate_max_side = 1200;   // first locator pass: downscaled to this longest side
  int locate_max_side_2 = 2400; // second locator pass when the first finds nothing
  int small_side = 500;         // up to this longest side, a failed whole pass is retried sharpened at 2x
  bool finder_gate = true;      // whole images: decode only when finder patterns are seen
};

// pix: any depth Leptonica can turn into 8-bit gray (1, 2, 4, 8, 16, 32 bpp,
// colour-mapped). `steps` gets the "codes" record.
// hints: where qr_finder.h saw a code's three corners on this image; on a
// large page whose locator finds nothing, each is decoded as cut out
// (pass "finder-region": the locator misses dense codes in soft photos).
std::vector<std::string> DecodeCodes(PIX* pix, nlohmann::json& steps, const CodeOptions& options = {},
                                     const std::vector<QrRegion>& hints = {});

}  // namespace docflow

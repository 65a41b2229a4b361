// Conversions between Leptonica images and OpenCV matrices, for the steps
// that use OpenCV (QR codes, the document in a photo). Leptonica packs the
// bytes of a row in 32-bit words, most significant first, so both copy.
// Thread safety: reentrant. Errors: an empty Mat / nullptr.
#pragma once

#include <leptonica/allheaders.h>

#include <opencv2/core.hpp>

#include "workers/preprocess/image_enhance.h"

namespace docflow {

// 8-bit gray copy of `pix` (any depth; colour by luminance), owning its data.
cv::Mat GrayMat(PIX* pix);

// An 8-bpp PIX copy of an 8-bit single-channel matrix.
PixPtr PixFromGray(const cv::Mat& m);

}  // namespace docflow

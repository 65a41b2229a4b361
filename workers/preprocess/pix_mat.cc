// Leptonica <-> OpenCV copies; see pix_mat.h.
#include "workers/preprocess/pix_mat.h"

namespace docflow {

cv::Mat GrayMat(PIX* pix) {
  if (pix == nullptr) return {};
  PixPtr gray(pixGetDepth(pix) == 32 ? pixConvertRGBToLuminance(pix) : pixConvertTo8(pix, 0));
  if (!gray) return {};
  const int w = pixGetWidth(gray.get()), h = pixGetHeight(gray.get());
  const int wpl = pixGetWpl(gray.get());
  const l_uint32* data = pixGetData(gray.get());
  cv::Mat m(h, w, CV_8UC1);
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    unsigned char* row = m.ptr<unsigned char>(y);
    for (int x = 0; x < w; ++x) row[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
  }
  return m;
}

PixPtr PixFromGray(const cv::Mat& m) {
  if (m.empty() || m.type() != CV_8UC1) return nullptr;
  PixPtr p(pixCreate(m.cols, m.rows, 8));
  if (!p) return nullptr;
  const int wpl = pixGetWpl(p.get());
  l_uint32* data = pixGetData(p.get());
  for (int y = 0; y < m.rows; ++y) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    const unsigned char* row = m.ptr<unsigned char>(y);
    for (int x = 0; x < m.cols; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return p;
}

}  // namespace docflow

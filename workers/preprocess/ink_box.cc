// The ink box of a mostly blank page; see ink_box.h.
#include "workers/preprocess/ink_box.h"

#include <opencv2/core.hpp>

#include <algorithm>

#include "workers/preprocess/image_enhance.h"

namespace docflow {
namespace {

constexpr int kMinPaper = 180;
constexpr int kInkBelowPaper = 48;
constexpr int kGrid = 32;

// The darkest pixel of each 4x4 block (the last partial block of a row or a
// column is left out). Leptonica keeps 4 pixels in each 32-bit word in an
// order that depends on the machine, but a block's 4 columns are always one
// word: the minimum over a word's bytes is the same in any order, so rows are
// combined with OpenCV's vectorised minimum over the raw words.
PixPtr MinReduce4(PIX* g) {
  const int rw = pixGetWidth(g) / 4, rh = pixGetHeight(g) / 4;
  if (rw < 16 || rh < 16) return nullptr;
  PixPtr out(pixCreate(rw, rh, 8));
  if (!out) return nullptr;
  const size_t bytes = static_cast<size_t>(pixGetWpl(g)) * 4;
  auto* src = reinterpret_cast<unsigned char*>(pixGetData(g));
  l_uint32* dst = pixGetData(out.get());
  const int dwpl = pixGetWpl(out.get());
  cv::Mat acc(1, rw * 4, CV_8UC1);
  for (int ry = 0; ry < rh; ++ry) {
    unsigned char* r = src + static_cast<size_t>(4 * ry) * bytes;
    cv::min(cv::Mat(1, rw * 4, CV_8UC1, r), cv::Mat(1, rw * 4, CV_8UC1, r + bytes), acc);
    cv::min(acc, cv::Mat(1, rw * 4, CV_8UC1, r + 2 * bytes), acc);
    cv::min(acc, cv::Mat(1, rw * 4, CV_8UC1, r + 3 * bytes), acc);
    const unsigned char* a = acc.ptr();
    l_uint32* line = dst + static_cast<size_t>(ry) * dwpl;
    for (int j = 0; j < rw; ++j) SET_DATA_BYTE(line, j, std::min({a[4 * j], a[4 * j + 1], a[4 * j + 2], a[4 * j + 3]}));
  }
  return out;
}

}  // namespace

std::optional<InkBox> FindSmallInkBox(PIX* gray, int pad, double max_share) {
  if (gray == nullptr || pixGetDepth(gray) != 8 || pixGetColormap(gray) != nullptr) return std::nullopt;
  const int w = pixGetWidth(gray), h = pixGetHeight(gray);
  PixPtr reduced = MinReduce4(gray);
  if (!reduced) return std::nullopt;
  l_uint32 median = 0;
  if (pixGetRankValue(reduced.get(), 1, 0.5f, &median) != 0 || static_cast<int>(median) < kMinPaper) {
    return std::nullopt;
  }
  PixPtr ink(pixThresholdToBinary(reduced.get(), static_cast<int>(median) - kInkBelowPaper));
  BOX* b = nullptr;
  if (!ink || pixClipBoxToForeground(ink.get(), nullptr, nullptr, &b) != 0 || b == nullptr) return std::nullopt;
  l_int32 bx, by, bw, bh;
  boxGetGeometry(b, &bx, &by, &bw, &bh);
  boxDestroy(&b);
  auto down = [](int v) { return std::max(0, v) / kGrid * kGrid; };
  InkBox box;
  box.x = down(4 * bx - pad);
  box.y = down(4 * by - pad);
  box.w = w - down(w - (4 * (bx + bw) + pad)) - box.x;
  box.h = h - down(h - (4 * (by + bh) + pad)) - box.y;
  box.paper = static_cast<int>(median);
  box.share = static_cast<double>(box.w) * box.h / (static_cast<double>(w) * h);
  if (box.w <= 0 || box.h <= 0 || box.share > max_share) return std::nullopt;
  return box;
}

}  // namespace docflow

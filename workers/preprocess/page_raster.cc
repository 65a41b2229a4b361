// Poppler's raster of a one-image page, without Poppler; see page_raster.h.
#include "workers/preprocess/page_raster.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <vector>

namespace docflow {
namespace {

using Matrix = std::array<double, 6>;

// Poppler's gray of an RGB sample: components to 16.16 fixed point by
// truncation, weighted 0.3 / 0.59 / 0.11, rounded, clipped, back to a byte.
struct RgbToGray {
  std::array<double, 256> r{}, g{}, b{};
  RgbToGray() {
    for (int k = 0; k < 256; ++k) {
      const double c = static_cast<int>(static_cast<double>(k) / 255.0 * 65536.0);
      r[k] = 0.3 * c;
      g[k] = 0.59 * c;
      b[k] = 0.11 * c;
    }
  }
  int operator()(int red, int green, int blue) const {
    int gray = static_cast<int>(r[red] + g[green] + b[blue] + 0.5);
    gray = std::clamp(gray, 0, 65536);
    return ((gray << 8) - gray + 0x8000) >> 16;
  }
};

// Fills out[0, width) with row y of the image as gray bytes.
using RowSource = std::function<void(int y, unsigned char* out)>;

// Rows of a gray image enlarged to sw x sh as Splash does (page_raster.h),
// produced top to bottom.
class ScaledRows {
 public:
  ScaledRows(RowSource source, int w, int h, int sw, int sh)
      : source_(std::move(source)), w_(w), h_(h), sw_(sw), y_step_(static_cast<double>(h) / sh),
        at_(sw), frac_(sw), src_(w + 1), upper_(sw), lower_(sw) {
    const double x_step = static_cast<double>(w) / sw;
    double xs = 0;
    for (int x = 0; x < sw; ++x) {  // where each output column reads: the same for every row
      double whole;
      frac_[x] = std::modf(xs, &whole);
      at_[x] = static_cast<int>(whole);
      xs += x_step;
    }
    Expand(0, lower_);
  }

  // The next row, columns [from, from + n) of the scaled image, into out.
  void Next(int from, int n, unsigned char* out) {
    double whole;
    const double f = std::modf(ys_, &whole);
    ys_ += y_step_;
    if (static_cast<int>(whole) > current_) {
      ++current_;
      upper_.swap(lower_);
      if (current_ < h_ - 1) Expand(next_++, lower_);
      else lower_ = upper_;
    }
    const unsigned char* a = upper_.data() + from;
    const unsigned char* b = lower_.data() + from;
    // The same products and sum as a * (1 - f) + b * f, read from tables.
    std::array<double, 256> wa, wb;
    for (int v = 0; v < 256; ++v) {
      wa[v] = v * (1.0 - f);
      wb[v] = v * f;
    }
    if (std::memcmp(a, b, n) == 0) {  // the same row twice: one table
      std::array<unsigned char, 256> same;
      for (int v = 0; v < 256; ++v) same[v] = static_cast<unsigned char>(wa[v] + wb[v]);
      for (int i = 0; i < n; ++i) out[i] = same[a[i]];
    } else {
      for (int i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(wa[a[i]] + wb[b[i]]);
    }
  }

 private:
  // Source row `row` expanded across into dst. A row of one value (blank
  // paper) expands the same way every time: computed once per value, then
  // copied.
  void Expand(int row, std::vector<unsigned char>& dst) {
    source_(row, src_.data());
    src_[w_] = src_[w_ - 1];  // the bilinear step reads one past the last position
    const unsigned char first = src_[0];
    const bool flat = std::all_of(src_.begin(), src_.end(), [first](unsigned char v) { return v == first; });
    if (flat && !flat_rows_[first].empty()) {
      dst = flat_rows_[first];
      return;
    }
    for (int x = 0; x < sw_; ++x) {
      dst[x] = static_cast<unsigned char>(src_[at_[x]] * (1.0 - frac_[x]) + src_[at_[x] + 1] * frac_[x]);
    }
    if (flat) flat_rows_[first] = dst;
  }

  RowSource source_;
  const int w_, h_, sw_;
  const double y_step_;
  std::vector<int> at_;
  std::vector<double> frac_;
  std::vector<unsigned char> src_, upper_, lower_;
  std::array<std::vector<unsigned char>, 256> flat_rows_;
  double ys_ = 0;
  int current_ = -1, next_ = 1;
};

// Splash's division of a product of two bytes by 255.
inline int Div255(int x) { return (x + (x >> 8) + 0x80) >> 8; }

// The image's soft mask as rows, or an empty source when it has none.
RowSource AlphaRows(const PageImage& image) {
  if (image.alpha.empty()) return {};
  const auto* mask = reinterpret_cast<const unsigned char*>(image.alpha.data());
  const int w = image.width;
  return [mask, w](int y, unsigned char* out) { std::memcpy(out, mask + static_cast<size_t>(y) * w, w); };
}

// The raster (see page_raster.h) of an image whose gray rows `gray` gives
// and whose alpha rows `alpha` gives (empty: opaque).
PixPtr Place(const RowSource& gray, const RowSource& alpha, const PageImage& image, int dpi) {
  const auto& [px1, py1, px2, py2] = image.crop;
  const double k = dpi / 72.0;
  // The device matrix, concatenated as Poppler's GfxState does.
  Matrix ctm = {k, 0, 0, -k, -k * px1, k * py2};
  for (const Matrix& m : image.cms) {
    const double a1 = ctm[0], b1 = ctm[1], c1 = ctm[2], d1 = ctm[3];
    ctm = {m[0] * a1 + m[1] * c1,         m[0] * b1 + m[1] * d1,         m[2] * a1 + m[3] * c1,
           m[2] * b1 + m[3] * d1,         m[4] * a1 + m[5] * c1 + ctm[4], m[4] * b1 + m[5] * d1 + ctm[5]};
  }
  // The image's matrix in Splash (unit square, first row at the top).
  const Matrix mat = {ctm[0], ctm[1], -ctm[2], -ctm[3], ctm[2] + ctm[4], ctm[3] + ctm[5]};
  if (!(mat[0] > 0 && mat[3] > 0 && mat[1] == 0 && mat[2] == 0)) return nullptr;
  const double limit = 1e6;  // pixels across: anything larger is no page (and would overflow an int)
  if (std::fabs(mat[4]) > limit || std::fabs(mat[5]) > limit || mat[0] > limit || mat[3] > limit) return nullptr;
  const int x0 = static_cast<int>(std::floor(mat[4])), y0 = static_cast<int>(std::floor(mat[5]));
  int x1 = static_cast<int>(std::floor(mat[0] + mat[4])) + 1, y1 = static_cast<int>(std::floor(mat[3] + mat[5])) + 1;
  const int sw = x1 - x0, sh = y1 - y0, w = image.width, h = image.height;
  if (sw < w || sh < h || sw / w >= 4 || sh / h >= 4) return nullptr;  // Splash samples these differently
  const int width = static_cast<int>(k * (px2 - px1) + 0.5), height = static_cast<int>(k * (py2 - py1) + 0.5);
  if (width <= 0 || height <= 0 || width > limit || height > limit) return nullptr;

  PixPtr out(pixCreate(width, height, 8));
  if (!out) return nullptr;
  pixSetAllArbitrary(out.get(), 255);  // the paper (rows the image misses)
  ScaledRows image_rows(gray, w, h, sw, sh);
  std::optional<ScaledRows> alpha_rows;
  if (alpha) alpha_rows.emplace(alpha, w, h, sw, sh);
  // Rows are written as bytes in order, then swapped into Leptonica's
  // 32-bit big-endian words once.
  l_uint32* data = pixGetData(out.get());
  const int wpl = pixGetWpl(out.get());
  const int cx0 = std::max(0, x0), cx1 = std::min(width, x1), n = cx1 - cx0;
  std::vector<unsigned char> row(static_cast<size_t>(wpl) * 4, 0);  // the padding past width stays 0
  std::fill(row.begin(), row.begin() + width, 255);
  std::vector<unsigned char> mask(alpha ? std::max(n, 0) : 0);
  for (int y = 0; y < sh; ++y) {
    const int dy = y0 + y;
    unsigned char* o = row.data() + cx0;
    // Every row is scaled, also those off the raster: each step depends on the last.
    image_rows.Next(cx0 - x0, std::max(n, 0), o);
    if (alpha_rows) {
      alpha_rows->Next(cx0 - x0, std::max(n, 0), mask.data());
      for (int i = 0; i < n; ++i) o[i] = static_cast<unsigned char>(Div255(mask[i] * o[i] + (255 - mask[i]) * 255));
    }
    if (dy < 0 || dy >= height) continue;
    std::memcpy(data + static_cast<size_t>(dy) * wpl, row.data(), row.size());
  }
  pixEndianByteSwap(out.get());
  return out;
}

}  // namespace

PixPtr PageRaster(PIX* decoded, const PageImage& image, int dpi) {
  if (!decoded || dpi <= 0 || image.width <= 0 || image.height <= 0) return nullptr;
  if (pixGetWidth(decoded) != image.width || pixGetHeight(decoded) != image.height) return nullptr;
  if (pixGetColormap(decoded) || pixGetDepth(decoded) != (image.rgb ? 32 : 8)) return nullptr;
  if (!image.alpha.empty() && image.alpha.size() != static_cast<size_t>(image.width) * image.height) return nullptr;
  static const RgbToGray kGray;
  const l_uint32* pixels = pixGetData(decoded);
  const int wpl = pixGetWpl(decoded), w = image.width;
  const bool rgb = image.rgb;
  RowSource gray = [&](int y, unsigned char* out) {
    const l_uint32* line = pixels + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < w; ++x) {
      if (rgb) {
        const l_uint32 v = line[x];
        out[x] = static_cast<unsigned char>(kGray(GET_DATA_BYTE(&v, COLOR_RED), GET_DATA_BYTE(&v, COLOR_GREEN),
                                                  GET_DATA_BYTE(&v, COLOR_BLUE)));
      } else {
        out[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
      }
    }
  };
  return Place(gray, AlphaRows(image), image, dpi);
}

PixPtr PageRaster(const PageImage& image, int dpi) {
  if (dpi <= 0 || image.width <= 0 || image.height <= 0) return nullptr;
  const size_t pixels = static_cast<size_t>(image.width) * image.height;
  if (image.data.size() != pixels * (image.rgb ? 3 : 1)) return nullptr;
  if (!image.alpha.empty() && image.alpha.size() != pixels) return nullptr;
  static const RgbToGray kGray;
  const auto* samples = reinterpret_cast<const unsigned char*>(image.data.data());
  const int w = image.width;
  const bool rgb = image.rgb;
  RowSource gray = [&](int y, unsigned char* out) {
    const unsigned char* line = samples + static_cast<size_t>(y) * w * (rgb ? 3 : 1);
    if (!rgb) {
      std::memcpy(out, line, w);
      return;
    }
    for (int x = 0; x < w; ++x) out[x] = static_cast<unsigned char>(kGray(line[3 * x], line[3 * x + 1], line[3 * x + 2]));
  };
  return Place(gray, AlphaRows(image), image, dpi);
}

}  // namespace docflow

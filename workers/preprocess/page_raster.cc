// Poppler's raster of a one-JPEG page, without Poppler; see page_raster.h.
#include "workers/preprocess/page_raster.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
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

// Row y of the image as gray bytes, plus a copy of the last sample past the
// end (the bilinear step reads one beyond the last position).
void SourceRow(PIX* pix, bool rgb, int y, std::vector<unsigned char>& out) {
  static const RgbToGray kGray;
  const int w = pixGetWidth(pix);
  const l_uint32* line = pixGetData(pix) + static_cast<size_t>(y) * pixGetWpl(pix);
  for (int x = 0; x < w; ++x) {
    if (rgb) {
      const l_uint32 v = line[x];
      out[x] = static_cast<unsigned char>(kGray(GET_DATA_BYTE(&v, COLOR_RED), GET_DATA_BYTE(&v, COLOR_GREEN),
                                                GET_DATA_BYTE(&v, COLOR_BLUE)));
    } else {
      out[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
    }
  }
  out[w] = out[w - 1];
}

}  // namespace

PixPtr PageRaster(PIX* decoded, const PageJpeg& jpeg, int dpi) {
  if (!decoded || dpi <= 0 || jpeg.width <= 0 || jpeg.height <= 0) return nullptr;
  if (pixGetWidth(decoded) != jpeg.width || pixGetHeight(decoded) != jpeg.height) return nullptr;
  if (pixGetColormap(decoded) || pixGetDepth(decoded) != (jpeg.rgb ? 32 : 8)) return nullptr;
  const auto& [px1, py1, px2, py2] = jpeg.crop;
  const double k = dpi / 72.0;
  // The device matrix, concatenated as Poppler's GfxState does.
  Matrix ctm = {k, 0, 0, -k, -k * px1, k * py2};
  for (const Matrix& m : jpeg.cms) {
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
  const int sw = x1 - x0, sh = y1 - y0, w = jpeg.width, h = jpeg.height;
  if (sw < w || sh < h || sw / w >= 4 || sh / h >= 4) return nullptr;  // Splash samples these differently
  const int width = static_cast<int>(k * (px2 - px1) + 0.5), height = static_cast<int>(k * (py2 - py1) + 0.5);
  if (width <= 0 || height <= 0 || width > limit || height > limit) return nullptr;

  PixPtr out(pixCreate(width, height, 8));
  if (!out) return nullptr;
  pixSetAllArbitrary(out.get(), 255);  // the paper (rows the image misses)
  // Where each output column reads: the same for every row.
  std::vector<int> at(sw);
  std::vector<double> frac(sw);
  const double x_step = static_cast<double>(w) / sw;
  double xs = 0;
  for (int x = 0; x < sw; ++x) {
    double whole;
    frac[x] = std::modf(xs, &whole);
    at[x] = static_cast<int>(whole);
    xs += x_step;
  }
  std::vector<unsigned char> src(w + 1), upper(sw), lower(sw);
  // A source row of one value (blank paper) expands the same way every
  // time: computed once per value, then copied.
  std::array<std::vector<unsigned char>, 256> flat_rows;
  auto expand = [&](int row, std::vector<unsigned char>& dst) {
    SourceRow(decoded, jpeg.rgb, row, src);
    const unsigned char first = src[0];
    const bool flat = std::all_of(src.begin(), src.end(), [first](unsigned char v) { return v == first; });
    if (flat && !flat_rows[first].empty()) {
      dst = flat_rows[first];
      return;
    }
    for (int x = 0; x < sw; ++x) {
      dst[x] = static_cast<unsigned char>(src[at[x]] * (1.0 - frac[x]) + src[at[x] + 1] * frac[x]);
    }
    if (flat) flat_rows[first] = dst;
  };
  const double y_step = static_cast<double>(h) / sh;
  double ys = 0;
  int current = -1, next = 1;
  expand(0, lower);
  // Rows are written as bytes in order, then swapped into Leptonica's
  // 32-bit big-endian words once.
  l_uint32* data = pixGetData(out.get());
  const int wpl = pixGetWpl(out.get());
  const int cx0 = std::max(0, x0), cx1 = std::min(width, x1);
  std::vector<unsigned char> row(static_cast<size_t>(wpl) * 4, 0);  // the padding past width stays 0
  std::fill(row.begin(), row.begin() + width, 255);
  for (int y = 0; y < sh; ++y) {
    double whole;
    const double f = std::modf(ys, &whole);
    ys += y_step;
    if (static_cast<int>(whole) > current) {
      ++current;
      upper.swap(lower);
      if (current < h - 1) expand(next++, lower);
      else lower = upper;
    }
    const int dy = y0 + y;
    if (dy < 0 || dy >= height) continue;
    const unsigned char* a = upper.data() + (cx0 - x0);
    const unsigned char* b = lower.data() + (cx0 - x0);
    unsigned char* o = row.data() + cx0;
    // The same products and sum as a * (1 - f) + b * f, read from tables.
    std::array<double, 256> wa, wb;
    for (int v = 0; v < 256; ++v) {
      wa[v] = v * (1.0 - f);
      wb[v] = v * f;
    }
    const int n = cx1 - cx0;
    if (std::memcmp(a, b, n) == 0) {  // the same row twice: one table
      std::array<unsigned char, 256> same;
      for (int v = 0; v < 256; ++v) same[v] = static_cast<unsigned char>(wa[v] + wb[v]);
      for (int i = 0; i < n; ++i) o[i] = same[a[i]];
    } else {
      for (int i = 0; i < n; ++i) o[i] = static_cast<unsigned char>(wa[a[i]] + wb[b[i]]);
    }
    std::memcpy(data + static_cast<size_t>(dy) * wpl, row.data(), row.size());
  }
  pixEndianByteSwap(out.get());
  return out;
}

}  // namespace docflow

// QR finder-pattern pre-check; see qr_finder.h.
#include "workers/preprocess/qr_finder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>

namespace docflow {
namespace {

struct PixFree {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixHolder = std::unique_ptr<PIX, PixFree>;

// Dark, light, dark, light, dark runs in the proportions 1:1:3:1:1 (the
// tolerances of ZXing's finder: half a module on each run).
bool IsFinderCross(const int r[5], double* module) {
  int total = r[0] + r[1] + r[2] + r[3] + r[4];
  if (total < 7) return false;
  double m = total / 7.0, v = m / 2.0;
  if (std::fabs(m - r[0]) >= v || std::fabs(m - r[1]) >= v || std::fabs(m - r[3]) >= v ||
      std::fabs(m - r[4]) >= v || std::fabs(3.0 * m - r[2]) >= 3.0 * v) {
    return false;
  }
  *module = m;
  return true;
}

bool Dark(const l_uint32* data, int wpl, int x, int y) {
  return GET_DATA_BIT(data + static_cast<size_t>(y) * wpl, x) != 0;
}

// The vertical runs through (x, y), which lies in the centre square: fills
// r (up to max_run pixels each) and the centre's y.
void VerticalCross(const l_uint32* data, int wpl, int h, int x, int y, int max_run, int r[5], double* cy) {
  auto run = [&](int& yy, int step, bool dark) {
    int n = 0;
    while (yy >= 0 && yy < h && Dark(data, wpl, x, yy) == dark && n <= max_run) {
      ++n;
      yy += step;
    }
    return n;
  };
  int up = y, down = y + 1;
  int c_up = run(up, -1, true);
  int l_up = run(up, -1, false);
  int d_up = run(up, -1, true);
  int c_down = run(down, 1, true);
  int l_down = run(down, 1, false);
  int d_down = run(down, 1, true);
  r[0] = d_up, r[1] = l_up, r[2] = c_up + c_down, r[3] = l_down, r[4] = d_down;
  *cy = (y - c_up + 1) + r[2] / 2.0;
}

}  // namespace

std::vector<FinderPattern> FindQrFinderPatterns(PIX* binary, int row_step) {
  std::vector<FinderPattern> found;
  if (binary == nullptr || pixGetDepth(binary) != 1) return found;
  const int w = pixGetWidth(binary), h = pixGetHeight(binary), wpl = pixGetWpl(binary);
  const l_uint32* data = pixGetData(binary);
  row_step = std::max(1, row_step);
  std::vector<int> runs;  // alternating light, dark, light, ... from x = 0
  for (int y = 0; y < h; y += row_step) {
    const l_uint32* line = data + static_cast<size_t>(y) * wpl;
    runs.clear();
    bool dark = false;
    int len = 0;
    for (int word = 0; word < wpl; ++word) {
      l_uint32 bits = line[word];
      int x0 = word * 32;
      if (bits == 0 && !dark) {  // 32 light pixels: the common case
        len += std::min(32, w - x0);
        continue;
      }
      int end = std::min(32, w - x0);
      for (int b = 0; b < end; ++b) {
        bool d = (bits >> (31 - b)) & 1;
        if (d == dark) {
          ++len;
        } else {
          runs.push_back(len);
          dark = d;
          len = 1;
        }
      }
    }
    runs.push_back(len);
    // Dark runs are at odd indices; a cross needs five runs from a dark one.
    int x_end = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
      x_end += runs[i];
      if (i < 5 || i % 2 == 0) continue;  // runs[i] must be the last (dark) run
      int r[5] = {runs[i - 4], runs[i - 3], runs[i - 2], runs[i - 1], runs[i]};
      double m = 0;
      if (!IsFinderCross(r, &m)) continue;
      int cx = x_end - r[4] - r[3] - (r[2] + 1) / 2;
      int v[5];
      double cy = 0, vm = 0;
      int max_run = static_cast<int>(m * 4) + 2;
      VerticalCross(data, wpl, h, cx, y, max_run, v, &cy);
      if (!IsFinderCross(v, &vm)) continue;
      if (vm > 1.6 * m || m > 1.6 * vm) continue;
      double module = (m + vm) / 2;
      bool merged = false;
      for (FinderPattern& f : found) {
        if (std::fabs(f.x - cx) <= 2 * module && std::fabs(f.y - cy) <= 2 * module) {
          f.x = (f.x * f.hits + cx) / (f.hits + 1);
          f.y = (f.y * f.hits + cy) / (f.hits + 1);
          f.module = (f.module * f.hits + module) / (f.hits + 1);
          ++f.hits;
          merged = true;
          break;
        }
      }
      if (!merged) found.push_back({static_cast<double>(cx), cy, module, 1});
    }
  }
  return found;
}

namespace {

// Triples of patterns that can be one code's corners, most-crossed first.
std::vector<std::array<FinderPattern, 3>> CornerTriples(const std::vector<FinderPattern>& all, size_t max) {
  std::vector<std::array<FinderPattern, 3>> out;
  // A real pattern is crossed by most rows through its 3-module centre.
  std::vector<FinderPattern> p;
  for (const FinderPattern& f : all)
    if (f.hits >= 2) p.push_back(f);
  std::sort(p.begin(), p.end(), [](const FinderPattern& a, const FinderPattern& b) { return a.hits > b.hits; });
  if (p.size() > 60) p.resize(60);
  auto dist = [](const FinderPattern& a, const FinderPattern& b) { return std::hypot(a.x - b.x, a.y - b.y); };
  std::vector<bool> used(p.size(), false);
  for (size_t i = 0; i < p.size(); ++i)
    for (size_t j = i + 1; j < p.size(); ++j)
      for (size_t k = j + 1; k < p.size(); ++k) {
        if (used[i] || used[j] || used[k]) continue;
        double mmin = std::min({p[i].module, p[j].module, p[k].module});
        double mmax = std::max({p[i].module, p[j].module, p[k].module});
        if (mmax > 1.5 * mmin) continue;
        double m = (p[i].module + p[j].module + p[k].module) / 3;
        double a = dist(p[i], p[j]), b = dist(p[j], p[k]), c = dist(p[i], p[k]);
        double lo = std::min({a, b, c}), hi = std::max({a, b, c});
        // Corners of a version 1..40 code: 14 to 170 modules apart; the
        // diagonal about 1.41 times a side (loose: photos are in perspective).
        if (lo < 12 * m || hi > 250 * m || hi > 2.0 * lo) continue;
        out.push_back({p[i], p[j], p[k]});
        used[i] = used[j] = used[k] = true;
        if (out.size() >= max) return out;
      }
  return out;
}

std::vector<FinderPattern> PatternsOf(PIX* pix) {
  if (pix == nullptr) return {};
  PixHolder gray(pixGetDepth(pix) == 8 && pixGetColormap(pix) == nullptr ? pixClone(pix) : pixConvertTo8(pix, 0));
  if (!gray) return {};
  l_int32 thresh = 128;
  pixSplitDistributionFgBg(gray.get(), 0.1f, 4, &thresh, nullptr, nullptr, nullptr);
  if (thresh < 40 || thresh > 230) thresh = 128;
  PixHolder bin(pixThresholdToBinary(gray.get(), thresh));
  if (!bin) return {};
  return FindQrFinderPatterns(bin.get());
}

}  // namespace

bool MayHaveQrCode(const std::vector<FinderPattern>& all) { return !CornerTriples(all, 1).empty(); }

bool MayHaveQrCode(PIX* pix) { return MayHaveQrCode(PatternsOf(pix)); }

std::vector<QrRegion> QrCodeRegions(PIX* pix, size_t max_regions) {
  std::vector<QrRegion> out;
  if (pix == nullptr) return out;
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  for (const auto& t : CornerTriples(PatternsOf(pix), max_regions)) {
    // The corner opposite the longest side is the right angle; the fourth
    // corner completes the parallelogram.
    auto d2 = [](const FinderPattern& a, const FinderPattern& b) {
      return (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y);
    };
    int right = 0;
    const double s01 = d2(t[0], t[1]), s12 = d2(t[1], t[2]), s02 = d2(t[0], t[2]);
    if (s01 >= s12 && s01 >= s02) right = 2;
    else if (s02 >= s01 && s02 >= s12) right = 1;
    const FinderPattern& c = t[right];
    const FinderPattern& a = t[(right + 1) % 3];
    const FinderPattern& b = t[(right + 2) % 3];
    const double fx = a.x + b.x - c.x, fy = a.y + b.y - c.y;
    const double pad = 8 * (a.module + b.module + c.module) / 3;
    const double x0 = std::min({a.x, b.x, c.x, fx}) - pad, x1 = std::max({a.x, b.x, c.x, fx}) + pad;
    const double y0 = std::min({a.y, b.y, c.y, fy}) - pad, y1 = std::max({a.y, b.y, c.y, fy}) + pad;
    QrRegion r;
    r.x = std::max(0, static_cast<int>(x0));
    r.y = std::max(0, static_cast<int>(y0));
    r.w = std::min(w, static_cast<int>(std::ceil(x1))) - r.x;
    r.h = std::min(h, static_cast<int>(std::ceil(y1))) - r.y;
    if (r.w > 0 && r.h > 0) out.push_back(r);
  }
  return out;
}

}  // namespace docflow

// Page image enhancement for OCR; see image_enhance.h for the steps.
#include "workers/preprocess/image_enhance.h"
#include "workers/preprocess/dark_bands.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/stopwatch.h"
#include "workers/preprocess/document_crop.h"
#include "workers/preprocess/ink_box.h"

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

constexpr float kDegToRad = 3.14159265358979f / 180.0f;
// Glyphs on a page with a page of text: enough for Tesseract's OSD, and
// OCR then takes long enough that a second orientation check costs little.
constexpr int kPageOfText = 150;
// Up/down confidence for a decision: Leptonica's own minimum.
constexpr float kStrongUpDown = 8.0f;

struct BoxaDeleter {
  void operator()(BOXA* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<BOXA, BoxaDeleter>;

// Experiment switches (DOCFLOW_ENHANCE="nodenoise,nobgnorm,..."): lets
// bench/ measure each step's contribution without a rebuild.
bool Disabled(const char* what) {
  static const std::string env = [] {
    const char* v = std::getenv("DOCFLOW_ENHANCE");
    return std::string(v ? v : "");
  }();
  return env.find(std::string("no") + what) != std::string::npos;
}

// ---------------------------------------------------------------------------
// Measurements.

struct Background {
  int p05 = 255, p50 = 255, p95 = 255;  // ranks of per-tile maxima
};

// Per 32x32 tile maxima approximate the paper's brightness across the page.
Background MeasureBackground(PIX* g) {
  Background b;
  PixPtr tiles(pixScaleGrayMinMax(g, 32, 32, L_CHOOSE_MAX));
  if (!tiles) return b;
  l_uint32 v = 0;
  if (pixGetRankValue(tiles.get(), 1, 0.05f, &v) == 0) b.p05 = static_cast<int>(v);
  if (pixGetRankValue(tiles.get(), 1, 0.50f, &v) == 0) b.p50 = static_cast<int>(v);
  if (pixGetRankValue(tiles.get(), 1, 0.95f, &v) == 0) b.p95 = static_cast<int>(v);
  return b;
}

// Noise sigma from second differences 2p(x) - p(x-1) - p(x+1) on background
// pixels of every 4th row (sigma_d = sqrt(6) sigma; robust via the median).
double EstimateNoise(PIX* g, int threshold) {
  int w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
  l_uint32* data = pixGetData(g);
  std::vector<int> hist(512, 0);
  long long n = 0;
  for (int y = 2; y < h - 2; y += 4) {
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    int a = GET_DATA_BYTE(line, 0), b = GET_DATA_BYTE(line, 1);
    for (int x = 2; x < w; ++x) {
      int c = GET_DATA_BYTE(line, x);
      if (a > threshold && b > threshold && c > threshold) {
        ++hist[std::abs(2 * b - a - c)];
        ++n;
      }
      a = b;
      b = c;
    }
  }
  if (n < 1000) return 0;
  long long half = n / 2, acc = 0;
  int med = 0;
  for (; med < 511; ++med) {
    acc += hist[med];
    if (acc >= half) break;
  }
  return 1.4826 * med / 2.449;
}

struct Glyphs {
  int specks = 0;      // components of at most 2x2 pixels (salt-and-pepper dust)
  int count = 0;       // character-like components
  double xheight = 0;  // 35th percentile of their heights, in pixels
  double median_h = 0;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // bounding box of those components
};

// Leptonica's split of the gray levels into ink and paper, with the split
// point in *thresh. On a page that is nearly all paper (a signature page,
// a cover) the split falls inside the paper's own grain (measured: paper
// 200-250, "ink" 197, threshold 209), and the grain's thousands of dots are
// then taken for small print. When the two levels are closer than ink
// ever is to its paper (48 levels, as ink_box.h), the ink is the pixels at
// least 48 levels darker than the paper, and the split is halfway; a page
// without such pixels keeps Leptonica's split.
void SplitInkAndPaper(PIX* g, l_int32* thresh, l_int32* fgval, l_int32* bgval) {
  pixSplitDistributionFgBg(g, 0.1f, 4, thresh, fgval, bgval, nullptr);
  constexpr int kInkContrast = 48;
  if (*bgval - *fgval >= kInkContrast) return;
  NUMA* hist = pixGetGrayHistogram(g, 1);
  if (hist == nullptr) return;
  std::array<double, 256> count{};
  for (int v = 0; v < 256 && v < numaGetCount(hist); ++v) {
    l_float32 c = 0;
    numaGetFValue(hist, v, &c);
    count[v] = c;
  }
  numaDestroy(&hist);
  const int darkest_ink = *bgval - kInkContrast;
  double total = 0;
  for (int v = 0; v <= darkest_ink && v < 256; ++v) total += count[v];
  if (total < 50) return;
  double acc = 0;
  for (int v = 0; v <= darkest_ink && v < 256; ++v) {
    acc += count[v];
    if (acc >= total / 2) {
      *fgval = v;
      break;
    }
  }
  *thresh = (*fgval + *bgval) / 2;
}

struct GlyphBox {
  int x, y, w, h;
};
long long CellKey(int cx, int cy) {  // cx, cy >= -4
  return (static_cast<long long>(cx + 4) << 32) | static_cast<long long>(cy + 4);
}

// Whether candidate c has a neighbour as a letter has in its word: another
// candidate sharing some of its rows, at most 1.5 times the taller one's
// height (6 px at least) to its left or right. `cells` buckets the
// candidates by 32-px cells.
bool HasWordNeighbour(const std::vector<GlyphBox>& cands, size_t c,
                      const std::unordered_map<long long, std::vector<int>>& cells) {
  const GlyphBox& a = cands[c];
  const int reach = 16;  // >= the largest gap looked for (1.5 x 10 px)
  for (int cy = (a.y - reach) / 32 - 1; cy <= (a.y + a.h + reach) / 32; ++cy) {
    for (int cx = (a.x - reach) / 32 - 1; cx <= (a.x + a.w + reach) / 32; ++cx) {
      auto it = cells.find(CellKey(cx, cy));
      if (it == cells.end()) continue;
      for (int k : it->second) {
        if (static_cast<size_t>(k) == c) continue;
        const GlyphBox& b = cands[k];
        if (b.y >= a.y + a.h || a.y >= b.y + b.h) continue;
        const int gap = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
        if (gap <= std::max(6.0, 1.5 * std::max(a.h, b.h))) return true;
      }
    }
  }
  return false;
}

// The glyph statistics of the candidates for which keep(i) holds.
template <typename Keep>
Glyphs GlyphStats(const std::vector<GlyphBox>& cands, int specks, Keep keep) {
  Glyphs gl;
  gl.specks = specks;
  std::vector<int> hs;
  hs.reserve(cands.size());
  gl.x0 = gl.y0 = INT32_MAX;
  for (size_t c = 0; c < cands.size(); ++c) {
    if (!keep(c)) continue;
    const GlyphBox& b = cands[c];
    hs.push_back(b.h);
    gl.x0 = std::min(gl.x0, b.x);
    gl.y0 = std::min(gl.y0, b.y);
    gl.x1 = std::max(gl.x1, b.x + b.w);
    gl.y1 = std::max(gl.y1, b.y + b.h);
  }
  gl.count = static_cast<int>(hs.size());
  if (gl.count < 5) return gl;
  std::sort(hs.begin(), hs.end());
  gl.xheight = hs[hs.size() * 35 / 100];
  gl.median_h = hs[hs.size() / 2];
  return gl;
}

// page_h: the height of the whole page when bin is a cut of it (0: bin's own).
// Small print (an x-height under 10 px) is confirmed on the components that
// stand in words: a speckled page's dark dots (4-10 px, each alone) would
// otherwise set the x-height of a page with a few lines of 11-pt text, which
// is then despeckled no more and upscaled 2.5 times, and Tesseract's layout
// analysis spends minutes on it (measured: over 120 s for one A4 page).
Glyphs MeasureGlyphs(PIX* bin, int page_h = 0) {
  BoxaPtr boxa(pixConnCompBB(bin, 8));
  if (!boxa) return Glyphs{};
  int n = boxaGetCount(boxa.get());
  if (page_h <= 0) page_h = pixGetHeight(bin);
  std::vector<GlyphBox> cands;
  cands.reserve(n);
  int specks = 0;
  for (int i = 0; i < n; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &w, &h) != 0) continue;
    if (w <= 2 && h <= 2) ++specks;
    if (h < 4 || w < 2 || h > page_h / 8 || w > 6 * h || h > 8 * w) continue;
    cands.push_back({x, y, w, h});
  }
  Glyphs all = GlyphStats(cands, specks, [](size_t) { return true; });
  if (all.count < 5 || all.xheight >= 10) return all;
  std::unordered_map<long long, std::vector<int>> cells;
  for (size_t c = 0; c < cands.size(); ++c)
    cells[CellKey(cands[c].x / 32, cands[c].y / 32)].push_back(static_cast<int>(c));
  Glyphs in_words = GlyphStats(cands, specks, [&](size_t c) {
    return cands[c].h > 10 || cands[c].w > 10 || HasWordNeighbour(cands, c, cells);
  });
  return in_words.count >= 5 && in_words.xheight >= 10 ? in_words : all;
}

struct Skew {
  float angle = 0, conf = 0;
  bool found = false;
};

Skew FindSkew(PIX* bin, float range, int redsweep, int redsearch) {
  Skew s;
  if (pixFindSkewSweepAndSearch(bin, &s.angle, &s.conf, redsweep, redsearch, range, 1.0f, 0.01f) == 0) {
    s.found = true;
  }
  return s;
}

// Leptonica calls a skew confidence above 3 good. Sparse pages (a few lines,
// a table, a page of totals) give 2-3 even when clearly turned: 10 of the 56
// pages of a set of 120-150 dpi scans turned by up to 3 degrees were left
// turned by 0.8-3 degrees although Leptonica's angle was within 0.05 degrees
// of the true turn on every page (measured; 7 of the 10 pass this check). Such a weak skew is applied when the top and the bottom
// half of the page, measured on their own (different lines: independent
// evidence), both find it again, each within kHalvesAgreeDeg. A page with no
// real skew gives halves that scatter, or fail to find one.
constexpr float kWeakSkewConf = 1.8f;
constexpr float kHalvesAgreeDeg = 0.3f;

// The angles of the top and bottom halves of `bin`, when both agree with
// `whole`; nullopt otherwise.
std::optional<std::pair<float, float>> HalvesConfirm(PIX* bin, const Skew& whole, float range, int redsweep,
                                                     int redsearch) {
  const int w = pixGetWidth(bin), h = pixGetHeight(bin);
  float angles[2];
  for (int i = 0; i < 2; ++i) {
    BOX* box = boxCreate(0, i * (h / 2), w, i == 0 ? h / 2 : h - h / 2);
    PixPtr half(pixClipRectangle(bin, box, nullptr));
    boxDestroy(&box);
    if (!half) return std::nullopt;
    Skew s = FindSkew(half.get(), range, redsweep, redsearch);
    if (!s.found || s.conf < kWeakSkewConf || std::fabs(s.angle - whole.angle) > kHalvesAgreeDeg) {
      return std::nullopt;
    }
    angles[i] = s.angle;
  }
  return std::make_pair(angles[0], angles[1]);
}

// Whether rotating the glyphs' bounding box by +-angle about the page centre
// keeps it inside the page (then the canvas need not grow).
bool RotationFits(const Glyphs& gl, int w, int h, float angle_deg) {
  if (gl.count == 0) return true;
  double a = std::fabs(angle_deg) * kDegToRad, c = std::cos(a), s = std::sin(a);
  double cx = w / 2.0, cy = h / 2.0;
  double hw = std::max(cx - gl.x0, gl.x1 - cx), hh = std::max(cy - gl.y0, gl.y1 - cy);
  constexpr double kMargin = 8;
  return hw * c + hh * s + kMargin <= cx && hw * s + hh * c + kMargin <= cy;
}

// Leptonica's up/down confidence (> 0: upright, < 0: upside down) for a
// binary image whose glyphs have the given x-height, after turning it by
// angle_deg (0: as is). pixUpDownDetect wants 150-300 ppi text: only
// x-heights of 36+ px (450+ ppi) are halved first (measured: halving
// 300-ppi text loses most of the confidence).
float UpDownOf(PIX* bin, double xheight, float angle_deg) {
  PixPtr reduced;
  PIX* d = bin;
  if (xheight >= 36) {
    reduced.reset(pixReduceRankBinary2(d, 2, nullptr));
    if (reduced) d = reduced.get();
  }
  PixPtr turned;
  if (std::fabs(angle_deg) > 1.0f) {
    turned.reset(pixRotate(d, kDegToRad * angle_deg, L_ROTATE_SAMPLING, L_BRING_IN_WHITE, 0, 0));
    if (turned) d = turned.get();
  }
  l_float32 up = 0;
  pixUpDownDetect(d, &up, 0, 0, 0);
  return up;
}

// The same for a whole page, cheaper: the middle 40 % band of the page is
// asked first (a page of text answers confidently from it at 40 % of the
// cost, turning included); only a weak answer there costs the whole page.
float UpDownConfidence(PIX* bin, double xheight, float angle_deg) {
  constexpr float kConfidentFromBand = 12.0f;  // 1.5x the decision threshold (8)
  const int w = pixGetWidth(bin), h = pixGetHeight(bin);
  if (!Disabled("updownband") && h >= 400) {
    BOX* band = boxCreate(0, h * 3 / 10, w, h * 4 / 10);
    PixPtr crop(band ? pixClipRectangle(bin, band, nullptr) : nullptr);
    boxDestroy(&band);
    if (crop) {
      float up = UpDownOf(crop.get(), xheight, angle_deg);
      if (std::fabs(up) >= kConfidentFromBand) return up;
    }
  }
  return UpDownOf(bin, xheight, angle_deg);
}

// The box around every dark pixel of a finished page, padded by a quarter of
// an inch and clipped to the page, as [x, y, w, h]; found on a half-size
// copy (a few ms). Tesseract spends time on blank margins too (8 % of a page
// whose lower third is empty, measured): the OCR engine reads only this box.
// Nothing when the page is blank or the box is nearly the whole page.
constexpr double kContentBoxMaxShare = 0.75;

std::optional<std::array<int, 4>> ContentBox(PIX* page, int thresh) {
  const int w = pixGetWidth(page), h = pixGetHeight(page);
  PixPtr bin;
  int f = 1;
  if (pixGetDepth(page) == 1) {
    bin.reset(pixClone(page));
  } else if (pixGetDepth(page) == 8) {
    // The darkest pixel of each 2x2 (averaging would fade thin strokes), and
    // anything clearly darker than the paper counts: faint print at a page's
    // edge (thermal receipts) must stay inside.
    PixPtr half(pixScaleGrayMinMax(page, 2, 2, L_CHOOSE_MIN));
    if (!half) return std::nullopt;
    bin.reset(pixThresholdToBinary(half.get(), std::min(245, thresh + (255 - thresh) / 2)));
    f = 2;
  }
  if (!bin) return std::nullopt;
  BOX* b = nullptr;
  if (pixClipBoxToForeground(bin.get(), nullptr, nullptr, &b) != 0 || b == nullptr) return std::nullopt;
  l_int32 x, y, bw, bh;
  boxGetGeometry(b, &x, &y, &bw, &bh);
  boxDestroy(&b);
  const int pad = std::max(24, pixGetXRes(page) / 4);
  int x0 = std::max(0, x * f - pad), y0 = std::max(0, y * f - pad);
  int x1 = std::min(w, (x + bw) * f + pad), y1 = std::min(h, (y + bh) * f + pad);
  if (x1 <= x0 || y1 <= y0) return std::nullopt;
  if (static_cast<double>(x1 - x0) * (y1 - y0) > 0.95 * w * h) return std::nullopt;
  return std::array<int, 4>{x0, y0, x1 - x0, y1 - y0};
}

// The binary page cut to the box around its ink, padded by at least 32 px
// (so a deskew sweep's shears stay on white); nothing when that box is blank
// or holds more than 80 % of the page (the cut would save little).
// Each edge of the cut keeps its distance to the page's own edge a multiple
// of 32 px: Leptonica's detectors reduce by powers of two, and their answers
// depend on where a glyph falls on that grid (pixUpDownDetect's confidence
// on the same text ranges from 2.7 to 12 with a shift of a few pixels), so
// the cut, turned or not, must sit on the page's grid to answer as the
// whole page does.
PixPtr CropToInk(PIX* bin) {
  BOX* b = nullptr;
  if (pixClipBoxToForeground(bin, nullptr, nullptr, &b) != 0 || b == nullptr) return nullptr;
  l_int32 x, y, bw, bh;
  boxGetGeometry(b, &x, &y, &bw, &bh);
  boxDestroy(&b);
  const int w = pixGetWidth(bin), h = pixGetHeight(bin);
  constexpr int kPad = 32, kGrid = 32;
  auto down = [](int v) { return std::max(0, v) / kGrid * kGrid; };
  const int x0 = down(x - kPad), y0 = down(y - kPad);
  const int x1 = w - down(w - (x + bw + kPad)), y1 = h - down(h - (y + bh + kPad));
  if (static_cast<double>(x1 - x0) * (y1 - y0) > 0.8 * w * h) return nullptr;
  BOX* cut = boxCreate(x0, y0, x1 - x0, y1 - y0);
  if (cut == nullptr) return nullptr;
  PixPtr out(pixClipRectangle(bin, cut, nullptr));
  boxDestroy(&cut);
  return out;
}

// ---------------------------------------------------------------------------
// Clean-up.

// 3x3 median (OpenCV's is vectorised: ~15 ms on an A4 page at 300 dpi against
// ~200 ms for Leptonica's pixMedianFilter).
PixPtr Median3(PIX* g) {
  PixPtr out(pixCopy(nullptr, g));
  if (!out) return nullptr;
  int w = pixGetWidth(out.get()), h = pixGetHeight(out.get()), wpl = pixGetWpl(out.get());
  pixEndianByteSwap(out.get());  // bytes in image order
  auto* data = reinterpret_cast<unsigned char*>(pixGetData(out.get()));
  cv::Mat src(h, w, CV_8UC1, data, static_cast<size_t>(wpl) * 4);
  cv::Mat dst;
  cv::medianBlur(src, dst, 3);
  for (int y = 0; y < h; ++y) std::memcpy(data + static_cast<size_t>(y) * wpl * 4, dst.ptr(y), w);
  pixEndianByteSwap(out.get());
  return out;
}

// Paints white the large dark regions that touch the page edge (scanner
// borders, the shadow around a photographed sheet); returns how many.
int RemoveDarkBorders(PIX* g, PIX* bin, int reduction) {
  int w = pixGetWidth(bin), h = pixGetHeight(bin);
  PixPtr border(pixExtractBorderConnComps(bin, 8));
  if (!border) return 0;
  l_int32 changed = 0;
  // Only regions spanning a tenth of the page: text touching the edge stays.
  PixPtr big(pixSelectBySize(border.get(), w / 10, h / 10, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GT, &changed));
  if (!big) return 0;
  BoxaPtr boxa(pixConnCompBB(big.get(), 8));
  int n = boxa ? boxaGetCount(boxa.get()) : 0;
  if (n == 0) return 0;
  PixPtr mask(pixDilateBrick(nullptr, big.get(), 7, 7));
  if (!mask) return 0;
  pixSetMasked(bin, mask.get(), 0);
  if (reduction > 1) {
    PixPtr full(pixExpandReplicate(mask.get(), reduction));
    if (!full) return 0;
    mask = std::move(full);
  }
  pixSetMasked(g, mask.get(), 255);
  return n;
}

}  // namespace

// A table lookup is the same for every byte whatever their order in
// Leptonica's words, so it runs over the raw buffer (OpenCV's vectorised LUT).
void StretchGray(PIX* g, int lo, int hi) {
  if (g == nullptr || pixGetDepth(g) != 8 || hi <= lo) return;
  cv::Mat lut(1, 256, CV_8UC1);
  for (int v = 0; v < 256; ++v) {
    // Leptonica's own arithmetic (a float fraction), so values agree exactly.
    const float x = static_cast<float>(v - lo) / static_cast<float>(hi - lo);
    int out = v <= lo ? 0 : v >= hi ? 255 : static_cast<int>(255.0 * x + 0.5);
    lut.at<unsigned char>(0, v) = static_cast<unsigned char>(out);
  }
  const int rows = pixGetHeight(g), bytes_per_row = pixGetWpl(g) * 4;
  cv::Mat data(rows, bytes_per_row, CV_8UC1, pixGetData(g));
  cv::LUT(data, lut, data);
}

namespace {

// The size of the whole page, when the image enhanced is a cut of it.
struct PageSize {
  int w = 0, h = 0;
};

// Steps 0-5 of image_enhance.h on `input`. When `page` is given, input is the
// ink box of a larger page (EnhancePage): the steps that need the page's
// edges (the document crop, dark borders, the content box) are left out, and
// size rules (glyph height, large pages) use the page's size.
EnhanceResult EnhanceImpl(PIX* input, int dpi, bool dpi_known, const EnhanceOptions& options,
                          nlohmann::json& steps, const PageSize* page) {
  EnhanceResult out;
  out.dpi = dpi;
  if (pixGetWidth(input) < 200 || pixGetHeight(input) < 200) {
    out.pix.reset(pixClone(input));
    return out;
  }
  const bool was_binary = pixGetDepth(input) == 1;
  PixPtr g(was_binary ? pixConvertTo8(input, 0) : pixCopy(nullptr, input));
  if (!g) {
    out.pix.reset(pixClone(input));
    steps["enhance_error"] = "gray conversion failed";
    return out;
  }
  bool changed = false;  // anything beyond the gray conversion of a 1-bit page

  // 0. A document photographed on a table: cut it out (document_crop.h).
  if (options.cleanup && !was_binary && page == nullptr && !Disabled("doccrop")) {
    if (PixPtr doc = CropToDocument(g.get(), steps)) {
      g = std::move(doc);
      changed = true;
    }
  }
  const int w0 = pixGetWidth(g.get()), h0 = pixGetHeight(g.get());
  const int page_w = page ? page->w : w0, page_h = page ? page->h : h0;
  auto measure_glyphs = [page_h](PIX* b) { return MeasureGlyphs(b, page_h); };

  // 1. Analysis: background, noise.
  auto t = Clock::now();
  nlohmann::json an;
  l_int32 thresh = 128, fgval = 0, bgval = 255;
  SplitInkAndPaper(g.get(), &thresh, &fgval, &bgval);
  // Pure black-and-white input (or salt-and-pepper dust) puts the split at an
  // extreme: take the middle instead.
  if (thresh < 40 || thresh > 230) thresh = (fgval + bgval) / 2 > 40 ? (fgval + bgval) / 2 : 128;
  Background bg = MeasureBackground(g.get());
  // Light text on a dark ground (dark business cards, inverted slides): on a
  // mostly dark page, when the light components look more like letters than
  // the dark ones, the page is turned into dark on light, which every later
  // step (and Tesseract's layout analysis) expects.
  if (options.cleanup && bg.p50 < 128 && !Disabled("invert")) {
    PixPtr dark_bin(pixThresholdToBinary(g.get(), thresh));
    PixPtr light_bin(dark_bin ? pixInvert(nullptr, dark_bin.get()) : nullptr);
    if (light_bin) {
      Glyphs dark = measure_glyphs(dark_bin.get()), light = measure_glyphs(light_bin.get());
      an["glyphs_dark_on_light"] = dark.count;
      an["glyphs_light_on_dark"] = light.count;
      if (light.count >= 10 && 2 * light.count > 3 * dark.count) {
        pixInvert(g.get(), g.get());
        changed = true;
        an["inverted"] = true;
        SplitInkAndPaper(g.get(), &thresh, &fgval, &bgval);
        if (thresh < 40 || thresh > 230) thresh = (fgval + bgval) / 2 > 40 ? (fgval + bgval) / 2 : 128;
        bg = MeasureBackground(g.get());
      }
    }
  }
  // Light text on dark bands (a card's coloured header): each band is
  // inverted where it lies (dark_bands.h).
  if (options.cleanup && !an.contains("inverted") && !Disabled("bands")) {
    nlohmann::json bands = nlohmann::json::array();
    if (InvertDarkBands(g.get(), thresh, bands) > 0) {
      changed = true;
      an["dark_bands_inverted"] = std::move(bands);
      SplitInkAndPaper(g.get(), &thresh, &fgval, &bgval);
      if (thresh < 40 || thresh > 230) thresh = (fgval + bgval) / 2 > 40 ? (fgval + bgval) / 2 : 128;
      bg = MeasureBackground(g.get());
    }
  }
  double noise = EstimateNoise(g.get(), thresh);
  an["threshold"] = thresh;
  an["fg"] = fgval;
  an["bg"] = bgval;
  an["bg_p05"] = bg.p05;
  an["bg_p50"] = bg.p50;
  an["bg_p95"] = bg.p95;
  an["noise"] = Round2(noise);

  // 2. Clean-up on the gray page.
  nlohmann::json cl;
  if (options.cleanup) {
    // Uneven or dim paper (photos, shadows): flatten the background.
    bool uneven = bg.p95 - bg.p05 > 40 || bg.p50 < 170;
    if (uneven && !Disabled("bgnorm")) {
      auto tb = Clock::now();
      PixPtr norm(pixBackgroundNormSimple(g.get(), nullptr, nullptr));  // background -> 200
      if (norm) {
        StretchGray(norm.get(), 0, 200);  // ... -> 255
        g = std::move(norm);
        changed = true;
        cl["background_normalized"] = true;
        cl["background_ms"] = Round2(MsSince(tb));
        SplitInkAndPaper(g.get(), &thresh, &fgval, &bgval);
      }
    }
    // Noise (sensor grain, JPEG artefacts): 3x3 smoothing keeps glyph edges
    // but takes the speckle out of Tesseract's global threshold.
    if (noise >= 12.0 && !Disabled("denoise")) {
      auto tn = Clock::now();
      PixPtr smooth(Disabled("blockconv") ? pixMedianFilter(g.get(), 3, 3) : pixBlockconvGray(g.get(), nullptr, 1, 1));
      if (smooth) {
        g = std::move(smooth);
        changed = true;
        cl["denoised"] = true;
        cl["denoise_ms"] = Round2(MsSince(tn));
      }
    }
    // Contrast stretch: paper to white, ink to black.
    if (!Disabled("stretch") && bgval - fgval > 40 && (bgval < 250 || fgval > 5)) {
      int lo = std::min(255, fgval + (bgval - fgval) / 8), hi = std::max(0, bgval - (bgval - fgval) / 8);
      if (hi > lo) {
        StretchGray(g.get(), lo, hi);
        changed = true;
        cl["stretched"] = {lo, hi};
        SplitInkAndPaper(g.get(), &thresh, &fgval, &bgval);
      }
    }
  }
  PixPtr bin(pixThresholdToBinary(g.get(), thresh));
  if (!bin) {
    out.pix.reset(pixClone(input));
    steps["enhance_error"] = "binarization failed";
    return out;
  }
  const int ared = 1;
  Glyphs glyphs = measure_glyphs(bin.get());
  // Salt-and-pepper dust (fax, photocopier): a 3x3 median takes it out.
  // Not on small print (x-height under 10 px, upscaled below): its strokes
  // are a pixel or two wide and the median erases them with the dust (the
  // dots of receipt printers count as specks too).
  const double specks_per_mpx = glyphs.specks * 1e6 / (static_cast<double>(w0) * h0);
  an["specks_per_mpx"] = std::lround(specks_per_mpx);
  const bool small_print = glyphs.count >= 5 && glyphs.xheight > 0 && glyphs.xheight < 10;
  if (options.cleanup && specks_per_mpx > 1000 && small_print) cl["despeckle_skipped"] = "small print";
  if (options.cleanup && specks_per_mpx > 1000 && !small_print && !Disabled("median")) {
    auto tm = Clock::now();
    PixPtr med = Median3(g.get());
    PixPtr medbin(med ? pixThresholdToBinary(med.get(), thresh) : nullptr);
    if (medbin) {
      g = std::move(med);
      bin = std::move(medbin);
      glyphs = measure_glyphs(bin.get());
      changed = true;
      cl["despeckled"] = true;
      cl["despeckle_ms"] = Round2(MsSince(tm));
    }
  }
  if (options.cleanup && page == nullptr && !Disabled("border")) {
    int n = RemoveDarkBorders(g.get(), bin.get(), ared);
    if (n > 0) {
      changed = true;
      cl["dark_borders_removed"] = n;
      glyphs = measure_glyphs(bin.get());
    }
  }
  an["glyphs"] = glyphs.count;
  an["xheight"] = glyphs.xheight;
  an["median_glyph_h"] = glyphs.median_h;
  an["ms"] = Round2(MsSince(t));
  steps["analysis"] = std::move(an);
  if (!cl.empty()) steps["cleanup"] = std::move(cl);

  // 3. Orientation and 4. skew, measured on the binary page.
  // Skew search reductions relative to a 300 dpi page: sweep at 1/4, search at 1/2.
  const bool small = glyphs.count >= 30 && glyphs.xheight < 14;
  int redsweep = small ? 2 : 4, redsearch = small ? 1 : 2;

  double orient_crop_share = 1.0;
  int quads = 0;  // clockwise quarter turns applied
  // The x-height as the page came, kept when a quarter turn is uncertain:
  // the OCR engine may undo that turn (ocr_engine.h), and then a rescale for
  // the turned glyphs' widths would have been wrong.
  double xheight_unturned = 0;
  Skew skew;
  if (options.deskew || options.orientation) {
    t = Clock::now();
    // Skew and orientation are found on the part of the page that holds ink:
    // blank margins add nothing to projections or letter shapes but cost
    // shears and turns of the whole page (70 ms of a 300-dpi A4 page that
    // holds two lines, measured).
    if (!Disabled("inkcrop")) {
      if (PixPtr ink = CropToInk(bin.get())) {
        orient_crop_share = double(pixGetWidth(ink.get())) * pixGetHeight(ink.get()) / (double(w0) * h0);
        bin = std::move(ink);
      }
    }
    float range = options.deskew ? options.max_skew_deg : 3.0f;
    skew = FindSkew(bin.get(), range, redsweep, redsearch);
    nlohmann::json orient;
    bool vertical_conflict = false;  // projections say vertical, letters say not
    std::optional<float> up_known;    // the up/down answer, when already measured
    double xheight_before_turn = 0;
    if (options.orientation && glyphs.count >= 30) {
      // Vertical text lines: the 90-degree turn projects better. Checked
      // when the horizontal projection is weak and on every page with a
      // page of text: a sideways page of dense prose can project well enough
      // horizontally too (conf 16.8 against 65.9 turned, measured), and
      // there the check's 20-40 ms are small beside the OCR's seconds.
      const bool projects_well = skew.found && skew.conf >= 8.0f;
      if (!projects_well || glyphs.count >= kPageOfText) {
        PixPtr rot(pixRotate90(bin.get(), 1));
        Skew s90 = rot ? FindSkew(rot.get(), range, redsweep, redsearch) : Skew{};
        orient["conf_horizontal"] = Round2(skew.conf);
        orient["conf_vertical"] = Round2(s90.conf);
        if (s90.found && s90.conf >= 3.0f && s90.conf > 1.5f * std::max(skew.conf, 0.0f)) {
          const double xheight_before = glyphs.xheight;
          xheight_before_turn = xheight_before;
          // Projections alone are fooled by columns of aligned characters
          // (tables, repeated lines): the letters must also read better
          // turned (ascenders / descenders found) than as they are - clearly
          // better when the page projected well as it stood (a page of
          // repeated lines: 14.5 turned against 11.5, while sideways prose
          // gives 41 against 13 and more).
          float up_h = UpDownConfidence(bin.get(), glyphs.xheight, 0);
          float up_v = UpDownConfidence(rot.get(), glyphs.xheight, 0);  // same reduction: like with like
          orient["up_conf_horizontal"] = Round2(up_h);
          orient["up_conf_vertical"] = Round2(up_v);
          const float needed = projects_well ? std::max(2.0f * std::fabs(up_h), kStrongUpDown) : std::fabs(up_h);
          if (std::fabs(up_v) > needed) {
            quads = 1;
            skew = s90;
            bin = std::move(rot);
            // Glyph heights were widths while the lines stood upright.
            Glyphs turned = measure_glyphs(bin.get());
            glyphs.xheight = turned.xheight;
            glyphs.median_h = turned.median_h;
            orient["xheight_turned"] = turned.xheight;
            // The same question as up_v unless a skew turn or a reduction differs.
            if (!(skew.found && skew.conf >= 2.5f && std::fabs(skew.angle) > 1.0f) &&
                (xheight_before >= 36) == (glyphs.xheight >= 36)) {
              up_known = up_v;
            }
          } else {
            vertical_conflict = true;
          }
        }
      }
      // Up or down, on the deskewed text.
      float up = up_known ? *up_known
                          : UpDownConfidence(bin.get(), glyphs.xheight,
                                             skew.found && skew.conf >= 2.5f ? skew.angle : 0.0f);
      orient["up_conf"] = Round2(up);
      bool certain = true;
      constexpr float kStrong = kStrongUpDown;
      if (quads == 1) {
        // Lines are vertical for sure; which way up is up?
        if (up < 0) quads = 3;
        certain = std::fabs(up) >= kStrong * 0.75f;
        if (!certain) xheight_unturned = xheight_before_turn;
      } else if (up <= -kStrong) {
        quads = 2;
      } else if (up < 1.0f || vertical_conflict) {
        certain = false;  // weak: stay as is, the OCR engine may ask Tesseract OSD
      }
      orient["rotation_deg"] = 90 * quads;  // clockwise, applied before deskew
      orient["certain"] = certain;
      // Tesseract OSD needs some text too (it gives up under ~50 characters):
      // only worth its ~0.3 s when there is a page of it.
      orient["ask_osd"] = !certain && glyphs.count >= kPageOfText;
      if (orient_crop_share < 1.0) orient["ink_share"] = Round2(orient_crop_share);
      orient["ms"] = Round2(MsSince(t));
      steps["orientation"] = std::move(orient);
    }
  }

  if (quads != 0) {
    PixPtr r(pixRotateOrth(g.get(), quads));
    if (r) {
      g = std::move(r);
      changed = true;
    }
  }

  if (options.deskew) {
    t = Clock::now();
    nlohmann::json info = {{"angle_deg", Round2(skew.angle)}, {"conf", Round2(skew.conf)}, {"applied", false}};
    if (!skew.found) info = {{"found", false}};
    bool apply = skew.found && skew.conf >= 3.0f;
    if (skew.found && !apply && skew.conf >= kWeakSkewConf && std::fabs(skew.angle) > 0.3f &&
        !Disabled("weakskew")) {
      const float range = options.max_skew_deg;
      if (auto halves = HalvesConfirm(bin.get(), skew, range, redsweep, redsearch)) {
        apply = true;
        info["halves_deg"] = {Round2(halves->first), Round2(halves->second)};
      }
    }
    if (apply && std::fabs(skew.angle) > 0.3f) {
      PixPtr rot;
      int type = Disabled("amrot") ? L_ROTATE_SAMPLING : L_ROTATE_AREA_MAP;
      // Glyph boxes were measured before any quarter turn (the test is
      // symmetric about the centre, so only odd turns swap the axes).
      bool fits = quads % 2 == 0 ? RotationFits(glyphs, w0, h0, skew.angle)
                                 : RotationFits(Glyphs{.count = glyphs.count, .x0 = glyphs.y0, .y0 = glyphs.x0,
                                                                    .x1 = glyphs.y1, .y1 = glyphs.x1},
                                                h0, w0, skew.angle);
      info["canvas_grown"] = !fits;
      if (fits) {
        rot.reset(type == L_ROTATE_AREA_MAP ? pixRotateAMGray(g.get(), kDegToRad * skew.angle, 255)
                                            : pixRotate(g.get(), kDegToRad * skew.angle, type, L_BRING_IN_WHITE, 0, 0));
      } else {  // larger angles: grow the canvas so no corner is cut off
        rot.reset(pixRotate(g.get(), kDegToRad * skew.angle, type, L_BRING_IN_WHITE,
                            pixGetWidth(g.get()), pixGetHeight(g.get())));
      }
      if (rot) {
        g = std::move(rot);
        changed = true;
        info["applied"] = true;
      }
    }
    info["ms"] = Round2(MsSince(t));
    steps["deskew"] = std::move(info);
  }

  // 5. Resolution.
  if (options.rescale && !Disabled("rescale")) {
    t = Clock::now();
    double scale = 1.0;
    const char* why = nullptr;
    // After an uncertain quarter turn, glyphs small both ways.
    const double xheight = std::max<double>(glyphs.xheight, xheight_unturned);
    if (glyphs.count >= 5 && glyphs.xheight > 0) {
      // Measured: 150-dpi pages (x-height 10-11 px) read as well unscaled and
      // 2x upscaling costs 40 % more OCR time; tiny glyphs do need it.
      if (xheight < 10) {
        scale = std::min(2.5, 16.0 / glyphs.xheight);
        why = "small glyphs";
      } else if (glyphs.xheight > 50 && ((dpi_known && dpi >= 450) || std::max(page_w, page_h) > 3600)) {
        scale = std::max(0.25, 28.0 / glyphs.xheight);
        why = "large glyphs";
      }
    }
    // Fewer than 5 measurable glyphs: nothing worth rescaling for.
    double px = page ? static_cast<double>(page_w) * page_h
                     : static_cast<double>(pixGetWidth(g.get())) * pixGetHeight(g.get());
    if (scale > 1.0 && px * scale * scale > static_cast<double>(options.max_pixels)) {
      scale = std::max(1.0, std::sqrt(static_cast<double>(options.max_pixels) / px) * 0.99);
    }
    if (std::fabs(scale - 1.0) >= 0.1) {
      auto s = static_cast<float>(scale);
      PixPtr scaled(scale > 1.0 ? pixScaleGrayLI(g.get(), s, s) : pixScaleAreaMap(g.get(), s, s));
      if (scaled) {
        g = std::move(scaled);
        changed = true;
        int new_dpi = static_cast<int>(std::lround(dpi * scale));
        steps["rescale"] = {{"factor", Round2(scale)}, {"reason", why}, {"from_dpi", dpi},
                            {"to_dpi", new_dpi}, {"ms", Round2(MsSince(t))}};
        out.dpi = new_dpi;
        out.scale = s;
      }
    }
  }

  if (was_binary && !changed) {
    out.pix.reset(pixClone(input));
  } else {
    out.pix = std::move(g);
  }
  pixSetResolution(out.pix.get(), out.dpi, out.dpi);
  if (options.cleanup && page == nullptr && !Disabled("contentbox")) {
    auto tc = Clock::now();
    // Only a box that leaves a good part of the page out is worth it: a
    // rectangle changes what Tesseract thresholds and lays out, and on
    // receipt photos whose box is most of the frame (a dark table edge cut
    // off) that cost 4 points of field F1 for no time saved (measured on the
    // corpus's 60 receipt photos: 0.746 -> 0.703).
    auto box = ContentBox(out.pix.get(), thresh);
    const double page_area = double(pixGetWidth(out.pix.get())) * pixGetHeight(out.pix.get());
    if (box && double((*box)[2]) * (*box)[3] <= kContentBoxMaxShare * page_area) {
      steps["content_box"] = {{"box", *box}, {"ms", Round2(MsSince(tc))}};
    }
  }
  return out;
}

// Pages whose ink box (ink_box.h) is at most this share of the page are
// enhanced on that box alone.
constexpr double kInkFirstMaxShare = 0.25;

// Enhances the ink box of a mostly blank page and pastes the result over the
// page (scaled as the box was); nothing when the box was turned a quarter,
// grew its canvas for a rotation, or failed: the caller then enhances the
// whole page.
std::optional<EnhanceResult> EnhanceInkBox(PIX* input, const InkBox& ink, int dpi, bool dpi_known,
                                           const EnhanceOptions& options, nlohmann::json& steps) {
  BOX* b = boxCreate(ink.x, ink.y, ink.w, ink.h);
  PixPtr cut(b ? pixClipRectangle(input, b, nullptr) : nullptr);
  boxDestroy(&b);
  if (!cut) return std::nullopt;
  nlohmann::json sub = nlohmann::json::object();
  const PageSize page{pixGetWidth(input), pixGetHeight(input)};
  EnhanceResult r = EnhanceImpl(cut.get(), dpi, dpi_known, options, sub, &page);
  if (!r.pix || pixGetDepth(r.pix.get()) != 8 || sub.contains("enhance_error")) return std::nullopt;
  if (sub.contains("orientation") && sub["orientation"].value("rotation_deg", 0) != 0) return std::nullopt;
  if (sub.contains("deskew") && sub["deskew"].value("canvas_grown", false)) return std::nullopt;
  const float s = static_cast<float>(r.scale);
  PixPtr whole(s == 1.0f ? pixCopy(nullptr, input)
                         : s > 1.0f ? pixScaleGrayLI(input, s, s) : pixScaleAreaMap(input, s, s));
  if (!whole) return std::nullopt;
  const int x = static_cast<int>(s * ink.x + 0.5f), y = static_cast<int>(s * ink.y + 0.5f);
  const int w = pixGetWidth(r.pix.get()), h = pixGetHeight(r.pix.get());
  pixRasterop(whole.get(), x, y, w, h, PIX_SRC, r.pix.get(), 0, 0);
  pixSetResolution(whole.get(), r.dpi, r.dpi);
  steps.update(sub);
  steps["content_box"] = {{"box", {x, y, std::min(w, pixGetWidth(whole.get()) - x),
                                   std::min(h, pixGetHeight(whole.get()) - y)}},
                          {"ms", 0}};
  r.pix = std::move(whole);
  r.ink_box = std::array<int, 4>{ink.x, ink.y, ink.w, ink.h};
  return r;
}

}  // namespace

EnhanceResult EnhancePage(PIX* input, int dpi, bool dpi_known, const EnhanceOptions& options,
                          nlohmann::json& steps) {
  auto t_all = Clock::now();
  if (options.cleanup && pixGetDepth(input) == 8 && pixGetColormap(input) == nullptr &&
      pixGetWidth(input) >= 200 && pixGetHeight(input) >= 200 && !Disabled("inkfirst")) {
    auto t = Clock::now();
    // Padding: a third of an inch, enough for a deskew's turn of the lines.
    if (auto ink = FindSmallInkBox(input, std::max(32, dpi / 3), kInkFirstMaxShare)) {
      nlohmann::json found = {{"box", {ink->x, ink->y, ink->w, ink->h}}, {"share", Round2(ink->share)},
                              {"paper", ink->paper}, {"ms", Round2(MsSince(t))}};
      if (auto r = EnhanceInkBox(input, *ink, dpi, dpi_known, options, steps)) {
        steps["ink_first"] = std::move(found);
        steps["enhance_ms"] = Round2(MsSince(t_all));
        return std::move(*r);
      }
      found["whole_page"] = "turned or grown";
      steps["ink_first"] = std::move(found);
    }
  }
  EnhanceResult out = EnhanceImpl(input, dpi, dpi_known, options, steps, nullptr);
  steps["enhance_ms"] = Round2(MsSince(t_all));
  return out;
}

}  // namespace docflow

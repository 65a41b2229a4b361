// Image-text probe; see image_text_probe.h.
#include "workers/preprocess/image_text_probe.h"

#include <qpdf/QPDF.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>

#include <algorithm>
#include <cmath>
#include <memory>

namespace docflow {
namespace {

struct PixFree {
  void operator()(PIX* p) const { pixDestroy(&p); }
};
struct BoxaFree {
  void operator()(BOXA* b) const { boxaDestroy(&b); }
};

struct Comp {
  int x, y, w, h;
  double cy() const { return y + h / 2.0; }
};

// A row of glyphs: components of similar height, side by side.
struct Row {
  std::vector<Comp> comps;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double height() const { return y1 - y0; }
  void Add(const Comp& c) {
    if (comps.empty()) {
      x0 = c.x, y0 = c.y, x1 = c.x + c.w, y1 = c.y + c.h;
    } else {
      x0 = std::min(x0, c.x), y0 = std::min(y0, c.y);
      x1 = std::max(x1, c.x + c.w), y1 = std::max(y1, c.y + c.h);
    }
    comps.push_back(c);
  }
};

}  // namespace

bool PdfMayHaveImages(std::string_view pdf) {
  // "/Subtype/Image", "/Subtype /Image", "/Subtype\n/Image"...
  static const std::string_view kKey = "/Subtype";
  for (size_t at = pdf.find(kKey); at != std::string_view::npos; at = pdf.find(kKey, at + 1)) {
    size_t i = at + kKey.size();
    while (i < pdf.size() && (pdf[i] == ' ' || pdf[i] == '\t' || pdf[i] == '\r' || pdf[i] == '\n')) ++i;
    if (pdf.compare(i, 6, "/Image") == 0) return true;
  }
  return false;
}

std::vector<bool> PdfPagesWithImages(std::string_view pdf, int min_width, int min_height) {
  std::vector<bool> out;
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("document", pdf.data(), pdf.size());
    for (QPDFPageObjectHelper& page : QPDFPageDocumentHelper(q).getAllPages()) {
      bool big = false;
      page.forEachImage(true, [&](QPDFObjectHandle& image, QPDFObjectHandle&, std::string const&) {
        QPDFObjectHandle dict = image.getDict();
        QPDFObjectHandle w = dict.getKey("/Width"), h = dict.getKey("/Height");
        if (w.isInteger() && h.isInteger() && w.getIntValue() >= min_width && h.getIntValue() >= min_height)
          big = true;
      });
      out.push_back(big);
    }
  } catch (const std::exception&) {
    out.clear();  // unreadable for qpdf: the caller probes every page
  }
  return out;
}

ImageTextProbe ProbeImageText(PIX* gray, int dpi, const std::vector<Word>& layer_words) {
  ImageTextProbe out;
  if (gray == nullptr || dpi <= 0) return out;
  std::unique_ptr<PIX, PixFree> bin(pixThresholdToBinary(gray, 160));
  if (!bin) return out;
  const double s = dpi / 72.0;
  // Blank the layer's words (padded: anti-aliasing and accents spill over).
  for (const Word& w : layer_words) {
    int pad = 2 + static_cast<int>(w.box.h * s * 0.15);
    pixRasterop(bin.get(), static_cast<int>(w.box.x * s) - pad, static_cast<int>(w.box.y * s) - pad,
                static_cast<int>(std::ceil(w.box.w * s)) + 2 * pad, static_cast<int>(std::ceil(w.box.h * s)) + 2 * pad,
                PIX_CLR, nullptr, 0, 0);
  }
  std::unique_ptr<BOXA, BoxaFree> boxa(pixConnCompBB(bin.get(), 8));
  if (!boxa) return out;
  // Glyph-sized: 5 pt to 24 pt tall at this dpi, not a rule, not a bar.
  const int min_h = std::max(4, static_cast<int>(dpi * 5 / 72.0 * 0.5));
  const int max_h = static_cast<int>(dpi * 24 / 72.0);
  std::vector<Comp> comps;
  for (int i = 0, n = boxaGetCount(boxa.get()); i < n; ++i) {
    l_int32 x, y, w, h;
    if (boxaGetBoxGeometry(boxa.get(), i, &x, &y, &w, &h) != 0) continue;
    if (h < min_h || h > max_h || w > 3 * h || h > 6 * w) continue;
    comps.push_back({x, y, w, h});
  }
  if (comps.size() < 5) return out;
  // Rows: by x, each component joins the row whose vertical centre it shares
  // and whose right end is near (within two glyph heights).
  std::sort(comps.begin(), comps.end(), [](const Comp& a, const Comp& b) { return a.x < b.x; });
  std::vector<Row> rows;
  for (const Comp& c : comps) {
    Row* best = nullptr;
    for (Row& r : rows) {
      double rh = r.height();
      if (std::fabs(c.cy() - (r.y0 + r.y1) / 2.0) > rh * 0.5) continue;
      if (c.h > 2.2 * rh || rh > 2.2 * c.h + 2) continue;
      if (c.x - r.x1 > 2.0 * std::max<double>(rh, c.h)) continue;
      best = &r;
      break;
    }
    if (best == nullptr) {
      rows.emplace_back();
      best = &rows.back();
    }
    best->Add(c);
  }
  for (const Row& r : rows) {
    // A word or more: five glyphs, wider than tall several times over.
    if (r.comps.size() < 5 || r.x1 - r.x0 < 3 * r.height()) continue;
    out.glyphs += static_cast<int>(r.comps.size());
    out.regions.push_back(Box{r.x0, r.y0, r.x1 - r.x0, r.y1 - r.y0});
  }
  return out;
}

}  // namespace docflow

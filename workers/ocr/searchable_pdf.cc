// Searchable PDF writer (see searchable_pdf.h). qpdf builds and writes the
// PDF objects; Leptonica decodes the page images and encodes them as JPEG or
// CCITT G4. This file is the one adapter for both: their exceptions and
// failures become Errors here.
#include "workers/ocr/searchable_pdf.h"

#include <leptonica/allheaders.h>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "common/paths.h"

namespace docflow {
namespace {

using QOH = QPDFObjectHandle;

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Glyph advance of every CID, in 1/1000 of the font size: a word of n
// characters at font size fs is n * fs / 2 wide before horizontal scaling.
constexpr int kGlyphWidth = 500;

// ---------------------------------------------------------------- numbers, text

// A PDF number: fixed notation, at most 3 decimals, no trailing zeros.
std::string Num(double v) {
  if (!std::isfinite(v)) v = 0;
  double r = std::round(v * 1000.0) / 1000.0;
  if (r == 0) r = 0;  // no "-0"
  char buf[48];
  auto res = std::to_chars(buf, buf + sizeof buf, r, std::chars_format::fixed, 3);
  std::string s(buf, res.ptr);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// Code points of UTF-8 text; invalid sequences become U+FFFD, control
// characters are dropped.
std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0xFFFD;
    size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xC2 && c <= 0xF4) {
      size_t need = c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
      char32_t v = c & (c < 0xE0 ? 0x1F : c < 0xF0 ? 0x0F : 0x07);
      bool ok = i + need < s.size();
      for (size_t k = 1; ok && k <= need; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) ok = false;
        else v = (v << 6) | (cc & 0x3F);
      }
      bool overlong = (need == 2 && v < 0x800) || (need == 3 && v < 0x10000);
      if (ok && !overlong && v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF)) {
        cp = v;
        len = need + 1;
      }
    }
    i += len;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;
    out.push_back(cp);
  }
  return out;
}

// UTF-16BE hex of one code point (a surrogate pair outside the BMP).
std::string Utf16Hex(char32_t cp) {
  char buf[16];
  if (cp < 0x10000) {
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cp));
  } else {
    unsigned a = static_cast<unsigned>(cp) - 0x10000;
    std::snprintf(buf, sizeof buf, "%04X%04X", 0xD800 + (a >> 10), 0xDC00 + (a & 0x3FF));
  }
  return buf;
}

std::string CidHex(int cid) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cid));
  return buf;
}

// ---------------------------------------------------------------- the font

// Tesseract's glyph-less TrueType font (pdf.ttf), read once per path.
Result<std::string> GlyphlessFont(const std::string& tessdata_dir) {
  static std::mutex mu;
  static std::map<std::string, std::string> cache;
  std::vector<std::string> dirs;
  if (!tessdata_dir.empty()) {
    dirs.push_back(tessdata_dir);
    dirs.push_back(tessdata_dir + "/tessdata");
  }
  if (const char* p = std::getenv("TESSDATA_PREFIX"); p && *p) {
    dirs.push_back(p);
    dirs.push_back(std::string(p) + "/tessdata");
  }
  for (const char* d : {"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                        "/usr/share/tessdata", "/usr/local/share/tessdata"})
    dirs.push_back(d);
  std::lock_guard<std::mutex> lock(mu);
  for (const auto& d : dirs) {
    std::string path = d + "/pdf.ttf";
    if (auto it = cache.find(path); it != cache.end()) return it->second;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    auto bytes = ReadFile(path);
    if (!bytes || bytes->size() < 12) continue;
    cache[path] = *bytes;
    return *bytes;
  }
  return Permanent("searchable PDF: the glyph-less font pdf.ttf (package libtesseract5) was not found in " +
                   (tessdata_dir.empty() ? std::string("the tessdata directories") : tessdata_dir));
}

// One Type0 font for the whole document: CID k+1 stands for the k-th code
// point of `cps` (sorted); the ToUnicode CMap says so.
class TextFont {
 public:
  TextFont(QPDF& pdf, const std::set<char32_t>& cps, const std::string& ttf) {
    int cid = 1;
    for (char32_t cp : cps) cid_[cp] = cid++;

    std::string cmap =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<std::pair<int, char32_t>> entries;
    for (const auto& [cp, c] : cid_) entries.emplace_back(c, cp);
    for (size_t i = 0; i < entries.size(); i += 100) {  // at most 100 entries per block
      size_t n = std::min<size_t>(100, entries.size() - i);
      cmap += std::to_string(n) + " beginbfchar\n";
      for (size_t k = i; k < i + n; ++k)
        cmap += "<" + CidHex(entries[k].first) + "> <" + Utf16Hex(entries[k].second) + ">\n";
      cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    QOH to_unicode = QOH::newStream(&pdf, cmap);

    // Every CID shows glyph 1 of pdf.ttf (Acrobat refuses glyph 0).
    std::string gid_map(2 * (cid_.size() + 1), '\0');
    for (size_t i = 1; i < gid_map.size(); i += 2) gid_map[i] = 1;
    QOH cid_to_gid = QOH::newStream(&pdf, gid_map);

    QOH font_file = QOH::newStream(&pdf, ttf);
    font_file.getDict().replaceKey("/Length1", QOH::newInteger(static_cast<long long>(ttf.size())));

    QOH descriptor = pdf.makeIndirectObject(QOH::parse(
        "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 /FontBBox [0 0 " + std::to_string(kGlyphWidth) +
        " 1000] /ItalicAngle 0 /Ascent 1000 /Descent -1 /CapHeight 1000 /StemV 80 >>"));
    descriptor.replaceKey("/FontFile2", font_file);

    QOH cid_font = pdf.makeIndirectObject(QOH::parse(
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont"
        " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW " +
        std::to_string(kGlyphWidth) + " >>"));
    cid_font.replaceKey("/FontDescriptor", descriptor);
    cid_font.replaceKey("/CIDToGIDMap", cid_to_gid);

    font_ = pdf.makeIndirectObject(
        QOH::parse("<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H >>"));
    font_.replaceKey("/DescendantFonts", QOH::newArray({cid_font}));
    font_.replaceKey("/ToUnicode", to_unicode);
  }

  QOH handle() const { return font_; }

  // The hex string (without <>) of the CIDs of cps.
  std::string Hex(const std::u32string& cps) const {
    std::string out;
    for (char32_t cp : cps) out += CidHex(cid_.at(cp));
    return out;
  }

 private:
  std::map<char32_t, int> cid_;
  QOH font_;
};

// ---------------------------------------------------------------- page images

struct EncodedImage {
  std::string data;
  int width = 0, height = 0;
  std::string filter;  // /DCTDecode | /CCITTFaxDecode | /FlateDecode
  bool png_rows = false;  // Flate data with PNG row filters (Predictor 15)
  int bits = 8;
  bool rgb = false;
  bool black_is_1 = false;  // G4 photometry
};

// Quarter turns (clockwise) the OCR stage applied to the page image.
int OcrQuarterTurns(const Page& page) {
  if (!page.preprocess.is_object() || !page.preprocess.contains("ocr")) return 0;
  const auto& o = page.preprocess["ocr"];
  if (!o.is_object() || !o.contains("rotation_deg") || !o["rotation_deg"].is_number()) return 0;
  int deg = o["rotation_deg"].get<int>();
  return ((deg / 90) % 4 + 4) % 4;
}

// True when an 8-bit gray image holds only pure black and pure white.
bool OnlyBlackAndWhite(Pix* pix) {
  NUMA* hist = pixGetGrayHistogram(pix, 1);
  if (hist == nullptr) return false;
  bool bw = true;
  int n = numaGetCount(hist);
  for (int i = 1; i < n - 1 && bw; ++i) {
    l_float32 v = 0;
    numaGetFValue(hist, i, &v);
    if (v > 0) bw = false;
  }
  numaDestroy(&hist);
  return bw;
}

uint32_t BigEndian32(std::string_view s, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// The PNG's own compressed rows as a PDF image (FlateDecode with PNG
// predictors), without decoding or re-encoding: only for 8-bit gray or RGB,
// non-interlaced PNGs without transparency; nullopt for anything else.
std::optional<EncodedImage> PngAsFlate(std::string_view png) {
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (png.size() < 8 + 25 || png.substr(0, 8) != kSignature) return std::nullopt;
  EncodedImage img;
  bool header = false;
  size_t at = 8;
  while (at + 12 <= png.size()) {
    uint32_t len = BigEndian32(png, at);
    std::string_view type = png.substr(at + 4, 4);
    if (len > png.size() - at - 12) return std::nullopt;
    std::string_view body = png.substr(at + 8, len);
    if (type == "IHDR") {
      if (len != 13) return std::nullopt;
      img.width = static_cast<int>(BigEndian32(body, 0));
      img.height = static_cast<int>(BigEndian32(body, 4));
      int depth = static_cast<unsigned char>(body[8]), color = static_cast<unsigned char>(body[9]);
      bool interlaced = body[12] != 0;
      if (depth != 8 || (color != 0 && color != 2) || body[10] != 0 || body[11] != 0 || interlaced) return std::nullopt;
      img.rgb = color == 2;
      header = true;
    } else if (type == "tRNS" || type == "PLTE") {
      return std::nullopt;
    } else if (type == "IDAT") {
      if (!header) return std::nullopt;
      img.data.append(body);
    } else if (type == "IEND") {
      break;
    }
    at += 12 + len;
  }
  if (!header || img.data.empty() || img.width <= 0 || img.height <= 0) return std::nullopt;
  img.filter = "/FlateDecode";
  img.png_rows = true;
  img.bits = 8;
  return img;
}

std::optional<std::string> Deflate(const l_uint8* data, size_t size, int level) {
  uLongf cap = compressBound(size);
  std::string out(cap, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &cap, data, size, level) != Z_OK) return std::nullopt;
  out.resize(cap);
  return out;
}

// The pixels deflated (lossless), when that promises to be clearly smaller
// than `than` bytes: a sample of the rows (one band of 8 in 64) is
// compressed first (a few ms), the whole image (~80 ms for a 300-dpi A4
// page) only when the sample says it is worth it.
std::optional<EncodedImage> LosslessIfSmaller(Pix* pix, bool rgb, size_t than) {
  l_uint8* raw = nullptr;
  size_t size = 0;
  if (pixGetRasterData(pix, &raw, &size) != 0 || raw == nullptr) return std::nullopt;
  std::unique_ptr<l_uint8, void (*)(void*)> owned(raw, lept_free);
  const int w = pixGetWidth(pix), h = pixGetHeight(pix);
  const size_t row = static_cast<size_t>(w) * (rgb ? 3 : 1);
  if (size != row * h) return std::nullopt;
  std::string sample;
  for (int y = 0; y < h; y += 64) sample.append(reinterpret_cast<const char*>(raw) + row * y, row * std::min(8, h - y));
  auto estimate = Deflate(reinterpret_cast<const l_uint8*>(sample.data()), sample.size(), Z_DEFAULT_COMPRESSION);
  if (!estimate || static_cast<double>(estimate->size()) * size / sample.size() > 0.85 * than) return std::nullopt;
  auto all = Deflate(raw, size, Z_DEFAULT_COMPRESSION);
  if (!all || all->size() >= than) return std::nullopt;
  EncodedImage img;
  img.data = std::move(*all);
  img.width = w;
  img.height = h;
  img.filter = "/FlateDecode";
  img.rgb = rgb;
  return img;
}

// The page image as a PDF image: 1-bit (or pure black-and-white) as CCITT
// G4; otherwise JPEG, or the PNG's own lossless rows when those are smaller
// (clean, synthetic pages) and the image needed no conversion.
Result<EncodedImage> EncodePageImage(const Page& page, int jpeg_quality) {
  const std::string where = "page " + std::to_string(page.index + 1);
  PixPtr pix(pixReadMem(reinterpret_cast<const l_uint8*>(page.image.data()), page.image.size()));
  if (!pix) return Permanent("searchable PDF: cannot decode the image of " + where);
  bool converted = false;  // pix no longer has page.image's pixels
  if (int quads = OcrQuarterTurns(page); quads != 0) {
    // Turn only an image still in its original orientation (the OCR stage
    // turns a copy and reports the turned size as page.width x height).
    bool turned_already = pixGetWidth(pix.get()) == page.width && pixGetHeight(pix.get()) == page.height &&
                          page.width != page.height;
    if (!turned_already) {
      PixPtr r(pixRotateOrth(pix.get(), quads));
      if (!r) return Permanent("searchable PDF: cannot turn the image of " + where);
      pix = std::move(r);
      converted = true;
    }
  }
  if (pixGetColormap(pix.get()) != nullptr) {
    PixPtr r(pixRemoveColormap(pix.get(), REMOVE_CMAP_BASED_ON_SRC));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
    converted = true;
  }
  if (pixGetDepth(pix.get()) == 32 && pixGetSpp(pix.get()) == 4) {
    PixPtr r(pixRemoveAlpha(pix.get()));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
    converted = true;
  }
  int depth = pixGetDepth(pix.get());
  if (depth != 1 && depth != 8 && depth != 32) {
    PixPtr r(pixConvertTo8(pix.get(), 0));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
    depth = 8;
    converted = true;
  }
  if (depth == 8 && OnlyBlackAndWhite(pix.get())) {
    PixPtr r(pixThresholdToBinary(pix.get(), 128));
    if (r) {
      pix = std::move(r);
      depth = 1;
    }
  }
  EncodedImage img;
  img.width = pixGetWidth(pix.get());
  img.height = pixGetHeight(pix.get());
  if (depth == 1) {  // lossless
    L_COMP_DATA* cid = nullptr;
    if (pixGenerateCIData(pix.get(), L_G4_ENCODE, 0, 0, &cid) != 0 || cid == nullptr) {
      l_CIDataDestroy(&cid);
      return Permanent("searchable PDF: cannot encode the image of " + where + " as G4");
    }
    img.data.assign(reinterpret_cast<const char*>(cid->datacomp), cid->nbytescomp);
    img.black_is_1 = cid->minisblack != 0;
    l_CIDataDestroy(&cid);
    img.filter = "/CCITTFaxDecode";
    img.bits = 1;
    return img;
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMemJpeg(&data, &size, pix.get(), std::clamp(jpeg_quality, 1, 100), 0) != 0 || data == nullptr) {
    if (data) lept_free(data);
    return Permanent("searchable PDF: cannot encode the image of " + where + " as JPEG");
  }
  img.data.assign(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  img.filter = "/DCTDecode";
  img.rgb = depth == 32;
  if (!converted) {  // the PNG's own rows, free when page.image is such a PNG
    auto rows = PngAsFlate(page.image);
    if (rows && rows->width == img.width && rows->height == img.height && rows->rgb == img.rgb)
      return rows->data.size() <= img.data.size() ? std::move(*rows) : img;
  }
  if (auto lossless = LosslessIfSmaller(pix.get(), img.rgb, img.data.size())) return std::move(*lossless);
  return img;
}

QOH ImageXObject(QPDF& pdf, const EncodedImage& img) {
  QOH stream = QOH::newStream(&pdf);
  QOH dict = stream.getDict();
  dict.replaceKey("/Type", QOH::newName("/XObject"));
  dict.replaceKey("/Subtype", QOH::newName("/Image"));
  dict.replaceKey("/Width", QOH::newInteger(img.width));
  dict.replaceKey("/Height", QOH::newInteger(img.height));
  dict.replaceKey("/ColorSpace", QOH::newName(img.rgb ? "/DeviceRGB" : "/DeviceGray"));
  dict.replaceKey("/BitsPerComponent", QOH::newInteger(img.bits));
  QOH parms = QOH::newNull();
  if (img.filter == "/CCITTFaxDecode") {
    parms = QOH::parse("<< /K -1 /Columns " + std::to_string(img.width) + " /Rows " + std::to_string(img.height) +
                       (img.black_is_1 ? " /BlackIs1 true" : "") + " >>");
  } else if (img.png_rows) {
    parms = QOH::parse("<< /Predictor 15 /Colors " + std::string(img.rgb ? "3" : "1") +
                       " /BitsPerComponent 8 /Columns " + std::to_string(img.width) + " >>");
  }
  stream.replaceStreamData(img.data, QOH::newName(img.filter), parms);
  return stream;
}

// ---------------------------------------------------------------- the text layer

// The content stream of an OCR'd page: the image over the whole page, then
// every word in invisible text. sx, sy: image pixels -> points.
std::string PageContent(const Page& page, const TextFont& font, double width_pt, double height_pt, double sx,
                        double sy) {
  std::string c = "q " + Num(width_pt) + " 0 0 " + Num(height_pt) + " 0 0 cm /Im0 Do Q\n";
  const auto& words = page.words;
  size_t i = 0;
  bool in_text = false;
  while (i < words.size()) {
    // One line: consecutive words with the same (block, line); line 0 means
    // unknown, so such a word is a line of its own.
    size_t end = i + 1;
    if (words[i].line > 0)
      while (end < words.size() && words[end].line == words[i].line && words[end].block == words[i].block) ++end;
    int top = INT32_MAX, bottom = INT32_MIN;
    for (size_t k = i; k < end; ++k) {
      const Box& b = words[k].box;
      if (b.w <= 0 || b.h <= 0) continue;
      top = std::min(top, b.y);
      bottom = std::max(bottom, b.y + b.h);
    }
    if (top < bottom) {
      double font_size = std::max(1.0, (bottom - top) * sy);
      double baseline = height_pt - bottom * sy;
      if (!in_text) {
        c += "BT 3 Tr\n";
        in_text = true;
      }
      c += "/F0 " + Num(font_size) + " Tf\n";
      // The last placeable word of the line gets no trailing space.
      size_t last = end;
      for (size_t k = i; k < end; ++k)
        if (words[k].box.w > 0 && words[k].box.h > 0 && !CodePoints(words[k].text).empty()) last = k;
      for (size_t k = i; k < end; ++k) {
        const Word& w = words[k];
        std::u32string cps = CodePoints(w.text);
        if (w.box.w <= 0 || w.box.h <= 0 || cps.empty()) continue;
        double scale = 100.0 * (w.box.w * sx) / (static_cast<double>(cps.size()) * font_size * kGlyphWidth / 1000.0);
        if (k != last) cps.push_back(U' ');
        c += "1 0 0 1 " + Num(w.box.x * sx) + " " + Num(baseline) + " Tm " + Num(scale) + " Tz <" + font.Hex(cps) +
             "> Tj\n";
      }
    }
    i = end;
  }
  if (in_text) c += "ET\n";
  return c;
}

Status CheckPages(const std::vector<Page>& pages, std::string_view original_pdf) {
  if (pages.empty()) return Permanent("searchable PDF: the document has no pages");
  for (const Page& p : pages) {
    const std::string where = "page " + std::to_string(p.index + 1);
    if (p.source == "ocr") {
      if (p.image.empty()) return Permanent("searchable PDF: " + where + " was OCR'd but its image is missing");
    } else if (p.source == "text-layer") {
      if (original_pdf.empty())
        return Permanent("searchable PDF: " + where + " has a text layer but there is no original PDF to copy it from");
    } else {
      return Permanent("searchable PDF: " + where + " has source '" + p.source + "' (not OCR'd, no text layer)");
    }
  }
  return Ok();
}

Result<SearchablePdf> Build(const std::vector<Page>& pages, std::string_view original_pdf,
                            const SearchablePdfOptions& options) {
  if (auto s = CheckPages(pages, original_pdf); !s) return s.error();

  // Every code point of the text layer, for the font's CIDs.
  std::set<char32_t> cps;
  bool any_ocr = false;
  for (const Page& p : pages) {
    if (p.source != "ocr") continue;
    any_ocr = true;
    for (const Word& w : p.words)
      for (char32_t cp : CodePoints(w.text)) cps.insert(cp);
  }
  cps.insert(U' ');
  if (cps.size() > 65000) return Permanent("searchable PDF: too many distinct characters");

  QPDF pdf;
  pdf.setSuppressWarnings(true);
  pdf.emptyPDF();
  QPDFPageDocumentHelper doc(pdf);

  std::unique_ptr<TextFont> font;
  if (any_ocr) {
    auto ttf = GlyphlessFont(options.tessdata_dir);
    if (!ttf) return ttf.error();
    font = std::make_unique<TextFont>(pdf, cps, *ttf);
  }

  // The original is opened only when a page is copied from it; it must
  // outlive the write (qpdf copies foreign stream data lazily).
  QPDF original;
  std::vector<QPDFPageObjectHelper> original_pages;
  bool original_open = false;

  SearchablePdf out;
  for (const Page& p : pages) {
    const std::string where = "page " + std::to_string(p.index + 1);
    if (p.source == "text-layer") {
      if (!original_open) {
        original.setSuppressWarnings(true);
        original.processMemoryFile("original PDF", original_pdf.data(), original_pdf.size());
        original_pages = QPDFPageDocumentHelper(original).getAllPages();
        original_open = true;
      }
      if (p.index < 0 || static_cast<size_t>(p.index) >= original_pages.size())
        return Permanent("searchable PDF: " + where + " is not in the original PDF (" +
                         std::to_string(original_pages.size()) + " pages)");
      doc.addPage(original_pages[p.index], false);
      ++out.copied_pages;
      ++out.pages;
      continue;
    }
    auto img = EncodePageImage(p, options.jpeg_quality);
    if (!img) return img.error();
    int dpi = p.dpi >= 10 ? p.dpi : 300;
    double pt_per_px = 72.0 / dpi;
    double width_pt = img->width * pt_per_px, height_pt = img->height * pt_per_px;
    // Word boxes are in page.width x page.height pixels: normally the image's own size.
    double sx = pt_per_px * (p.width > 0 ? static_cast<double>(img->width) / p.width : 1.0);
    double sy = pt_per_px * (p.height > 0 ? static_cast<double>(img->height) / p.height : 1.0);

    QOH image = ImageXObject(pdf, *img);
    QOH content = QOH::newStream(&pdf, PageContent(p, *font, width_pt, height_pt, sx, sy));
    QOH resources = QOH::newDictionary();
    QOH xobjects = QOH::newDictionary();
    xobjects.replaceKey("/Im0", image);
    resources.replaceKey("/XObject", xobjects);
    QOH fonts = QOH::newDictionary();
    fonts.replaceKey("/F0", font->handle());
    resources.replaceKey("/Font", fonts);
    QOH page = pdf.makeIndirectObject(QOH::parse("<< /Type /Page /MediaBox [0 0 " + Num(width_pt) + " " +
                                                 Num(height_pt) + "] >>"));
    page.replaceKey("/Resources", resources);
    page.replaceKey("/Contents", content);
    doc.addPage(QPDFPageObjectHelper(page), false);
    ++out.ocr_pages;
    ++out.pages;
  }

  QOH info = pdf.makeIndirectObject(QOH::newDictionary());
  info.replaceKey("/Producer", QOH::newUnicodeString("docflow"));
  if (!options.title.empty()) info.replaceKey("/Title", QOH::newUnicodeString(options.title));
  pdf.getTrailer().replaceKey("/Info", info);

  QPDFWriter writer(pdf);
  writer.setOutputMemory();
  writer.setObjectStreamMode(qpdf_o_generate);
  writer.setDeterministicID(true);
  writer.setDecodeLevel(qpdf_dl_none);  // copied pages' streams stay as they are
  writer.write();
  auto buffer = writer.getBufferSharedPointer();
  out.bytes.assign(reinterpret_cast<const char*>(buffer->getBuffer()), buffer->getSize());
  return out;
}

}  // namespace

bool CanBuildSearchablePdf(const std::vector<Page>& pages, bool has_original_pdf) {
  if (pages.empty()) return false;
  for (const Page& p : pages) {
    if (p.source == "ocr") continue;
    if (p.source == "text-layer" && has_original_pdf) continue;
    return false;
  }
  return true;
}

Result<SearchablePdf> BuildSearchablePdf(const std::vector<Page>& pages, std::string_view original_pdf,
                                         const SearchablePdfOptions& options) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });  // failures are reported as Errors
  try {
    return Build(pages, original_pdf, options);
  } catch (const std::bad_alloc&) {
    return Transient("searchable PDF: out of memory");
  } catch (const std::exception& e) {  // QPDFExc, std::runtime_error, std::logic_error from qpdf
    return Permanent(std::string("searchable PDF: ") + e.what());
  }
}

}  // namespace docflow

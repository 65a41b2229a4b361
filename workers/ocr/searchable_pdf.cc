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

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
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
  std::string filter;  // /DCTDecode | /CCITTFaxDecode
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

Result<EncodedImage> EncodePageImage(const Page& page, int jpeg_quality) {
  const std::string where = "page " + std::to_string(page.index + 1);
  PixPtr pix(pixReadMem(reinterpret_cast<const l_uint8*>(page.image.data()), page.image.size()));
  if (!pix) return Permanent("searchable PDF: cannot decode the image of " + where);
  if (int quads = OcrQuarterTurns(page); quads != 0) {
    // Turn only an image still in its original orientation (the OCR stage
    // turns a copy and reports the turned size as page.width x height).
    bool turned_already = pixGetWidth(pix.get()) == page.width && pixGetHeight(pix.get()) == page.height &&
                          page.width != page.height;
    if (!turned_already) {
      PixPtr r(pixRotateOrth(pix.get(), quads));
      if (!r) return Permanent("searchable PDF: cannot turn the image of " + where);
      pix = std::move(r);
    }
  }
  if (pixGetColormap(pix.get()) != nullptr) {
    PixPtr r(pixRemoveColormap(pix.get(), REMOVE_CMAP_BASED_ON_SRC));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
  }
  if (pixGetDepth(pix.get()) == 32 && pixGetSpp(pix.get()) == 4) {
    PixPtr r(pixRemoveAlpha(pix.get()));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
  }
  int depth = pixGetDepth(pix.get());
  if (depth != 1 && depth != 8 && depth != 32) {
    PixPtr r(pixConvertTo8(pix.get(), 0));
    if (!r) return Permanent("searchable PDF: cannot convert the image of " + where);
    pix = std::move(r);
    depth = 8;
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

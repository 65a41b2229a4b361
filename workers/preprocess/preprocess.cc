// Preprocess stage implementation: libmagic sniffing, Poppler for PDFs,
// Leptonica for raster images (decode, gray conversion, deskew, PNG encode).
//
// Nothing here throws: every library call is made inside Preprocess()'s
// try/catch, and library failures are turned into Error values.
#include "workers/preprocess/preprocess.h"

#include <magic.h>

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include "common/stopwatch.h"
#include "workers/preprocess/embedded_files.h"
#include "workers/preprocess/text_encoding.h"

#include "workers/preprocess/image_text_probe.h"
#include "workers/preprocess/page_image.h"
#include "workers/preprocess/page_raster.h"
#include "workers/preprocess/output_intent.h"
#include "workers/preprocess/codes.h"
#include "workers/preprocess/tiff_pages.h"
#include "workers/preprocess/qr_finder.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <atomic>
#include <new>
#include <string>
#include <utility>

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;



// ---------------------------------------------------------------------------
// Library-global setup (once per process): silence Poppler's and Leptonica's
// stderr chatter; errors are reported through Result values instead.
void NoopPopplerDebug(const std::string&, void*) {}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function(&NoopPopplerDebug, nullptr);
    setMsgSeverity(L_SEVERITY_NONE);
  });
}

// ---------------------------------------------------------------------------
// libmagic: one cookie per thread (magic_t is not thread-safe).
class MagicCookie {
 public:
  MagicCookie() {
    cookie_ = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
    if (cookie_ != nullptr && magic_load(cookie_, nullptr) != 0) {
      magic_close(cookie_);
      cookie_ = nullptr;
    }
  }
  ~MagicCookie() {
    if (cookie_ != nullptr) magic_close(cookie_);
  }
  MagicCookie(const MagicCookie&) = delete;
  MagicCookie& operator=(const MagicCookie&) = delete;
  magic_t get() const { return cookie_; }

 private:
  magic_t cookie_ = nullptr;
};

// ---------------------------------------------------------------------------
// UTF-8 helpers.

// Valid UTF-8 out: invalid sequences become U+FFFD, NUL and C0/C1 control
// characters other than \n and \t are dropped (form feeds too: JoinedText()
// puts form feeds between pages). Trailing blanks are trimmed per line.
std::string CleanUtf8(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    char32_t cp = DecodeUtf8(in, i);
    if (cp == '\r') cp = '\n';
    if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0)) continue;
    if (cp == '\n') {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
    }
    AppendUtf8(out, cp);
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t' || out.back() == '\n')) out.pop_back();
  return out;
}

std::string ToUtf8(const poppler::ustring& u) {
  poppler::byte_array b = u.to_utf8();
  return std::string(b.data(), b.size());
}

struct TextStats {
  int non_space = 0;
  int alnum = 0;
  int bad = 0;  // U+FFFD, private use, controls
};

TextStats AnalyzeText(std::string_view s) {
  TextStats st;
  size_t i = 0;
  while (i < s.size()) {
    char32_t cp = DecodeUtf8(s, i);
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0 ||
        (cp >= 0x2000 && cp <= 0x200B) || cp == 0x3000)
      continue;
    ++st.non_space;
    if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
      ++st.alnum;
    } else if (cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || cp < 0x20 ||
               (cp >= 0x7F && cp < 0xA0)) {
      ++st.bad;
    } else if (cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x2BFF) && cp != 0xD7 && cp != 0xF7) {
      ++st.alnum;  // letters of Latin-1 supplement and other scripts
    }
  }
  return st;
}

// ---------------------------------------------------------------------------
// Image finishing: gray conversion, deskew, PNG encoding.

constexpr int kDefaultDpi = 300;

bool IsPlausibleDpi(int dpi, int w, int h) {
  if (dpi < 70 || dpi > 2400) return false;
  // 72 and 96 dpi tags are often defaults written by cameras and editors: a
  // 2481x3508 scan tagged 96 dpi would be a 26-inch page. Documents here are
  // at most A3 (16.5 in), so a tag implying more than 17.5 in is ignored.
  return std::max(w, h) / static_cast<double>(dpi) <= 17.5;
}

// Converts to 8-bit gray (alpha composited over white); 1-bpp stays 1-bpp.
PixPtr ToGrayOrBinary(PIX* pix, nlohmann::json& steps) {
  PixPtr cur(pixClone(pix));
  if (pixGetColormap(cur.get()) != nullptr) {
    cur.reset(pixRemoveColormap(cur.get(), REMOVE_CMAP_BASED_ON_SRC));
    if (!cur) return nullptr;
  }
  int d = pixGetDepth(cur.get());
  if (d == 32 && pixGetSpp(cur.get()) == 4) {
    cur.reset(pixAlphaBlendUniform(cur.get(), 0xffffff00));
    if (!cur) return nullptr;
    steps["alpha_flattened"] = true;
  }
  d = pixGetDepth(cur.get());
  if (d == 1 || d == 8) return cur;
  PixPtr gray(pixConvertTo8(cur.get(), 0));
  if (gray) steps["to_gray_from_bpp"] = d;
  return gray;
}

Result<std::string> EncodePage(PIX* pix, PageImageFormat format) {
  // PNG at zlib level 1: a 300-dpi A4 gray page in ~40 ms instead of ~200 ms
  // for the default level, for files about 20 % larger. Raw (Leptonica's
  // uncompressed "spix"): ~5 ms to write and to read, ~9 MB a page.
  int iff = IFF_PNG;
  if (format == PageImageFormat::kRaw) {
    iff = IFF_SPIX;
  } else {
    pixSetZlibCompression(pix, 1);
  }
  l_uint8* data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix, iff) != 0 || data == nullptr) {
    if (data != nullptr) lept_free(data);
    return Transient("page image encoding failed");
  }
  std::string out(reinterpret_cast<const char*>(data), size);
  lept_free(data);
  return out;
}

// QR codes, read on the page as decoded (codes.h). Decoders cost hundreds of
// milliseconds on a full page, so pages larger than a card are first checked
// for QR finder patterns (qr_finder.h, a few ms) and decoded only when three
// are found (the regions they span are handed to the decoder as a last
// resort); small images (cards, cropped codes) are always decoded whole.
// part_of_page: raw is the ink box of a larger page (image_enhance.h), which
// is searched for finder patterns like a page, whatever its size.
std::vector<std::string> ReadCodes(PIX* raw, nlohmann::json& steps, bool part_of_page = false) {
  const CodeOptions options;
  std::vector<QrRegion> regions;
  if (part_of_page || std::max(pixGetWidth(raw), pixGetHeight(raw)) > options.whole_max_side) {
    auto t = Clock::now();
    regions = QrCodeRegions(raw);
    if (regions.empty()) {
      steps["codes"] = {{"found", 0}, {"finder_patterns", false}, {"ms", Round2(MsSince(t))}};
      return {};
    }
  }
  return DecodeCodes(raw, steps, options, regions);
}

// Turns a decoded raster into an "image" page: gray, deskewed, PNG.
Result<Page> FinishImagePage(PIX* raw, int dpi, bool dpi_known, int index, nlohmann::json steps,
                             const PreprocessOptions& options, Clock::time_point t0) {
  long long pixels = static_cast<long long>(pixGetWidth(raw)) * pixGetHeight(raw);
  if (pixels > options.max_pixels_per_page) {
    return Permanent("page " + std::to_string(index + 1) + " too large: " +
                     std::to_string(pixGetWidth(raw)) + "x" + std::to_string(pixGetHeight(raw)) +
                     " pixels exceeds the limit of " + std::to_string(options.max_pixels_per_page));
  }
  PixPtr pix = ToGrayOrBinary(raw, steps);
  if (!pix) return Permanent("corrupt image: cannot convert page " + std::to_string(index + 1));
  pixSetResolution(pix.get(), dpi, dpi);
  std::optional<std::array<int, 4>> ink_box;  // the part of raw that holds ink, when the page is mostly blank
  if (options.enhance) {
    EnhanceOptions eo = options.enhance_options;
    eo.max_pixels = options.max_pixels_per_page;
    EnhanceResult er = EnhancePage(pix.get(), dpi, dpi_known, eo, steps);
    if (er.pix) {
      pix = std::move(er.pix);
      dpi = er.dpi;
      ink_box = er.ink_box;
    }
  }
  pixSetResolution(pix.get(), dpi, dpi);

  auto png = EncodePage(pix.get(), options.page_format);
  if (!png) return png.error();

  Page page;
  page.index = index;
  page.source = "image";
  page.width = pixGetWidth(pix.get());
  page.height = pixGetHeight(pix.get());
  page.dpi = dpi;
  page.image = std::move(png.value());
  PixPtr ink;
  if (ink_box) {
    BOX* b = boxCreate((*ink_box)[0], (*ink_box)[1], (*ink_box)[2], (*ink_box)[3]);
    ink.reset(b ? pixClipRectangle(raw, b, nullptr) : nullptr);
    boxDestroy(&b);
  }
  page.codes = ink ? ReadCodes(ink.get(), steps, true) : ReadCodes(raw, steps);
  steps["bpp"] = pixGetDepth(pix.get());
  steps["image_bytes"] = page.image.size();
  if (options.page_format == PageImageFormat::kRaw) steps["image_format"] = "raw";
  steps["ms"] = Round2(MsSince(t0));
  page.preprocess = std::move(steps);
  return page;
}

// ---------------------------------------------------------------------------
// PDF.

// Words of a text layer, in points (dpi 72), with line / block numbers
// inferred from geometry (1-based; line numbers run across the page).
std::vector<Word> TextLayerWords(poppler::page& p) {
  std::vector<Word> words;
  std::vector<poppler::text_box> boxes = p.text_list();
  words.reserve(boxes.size());
  int block = 0, line = 0;
  double prev_top = 0, prev_bottom = 0, prev_right = 0, line_height = 0;
  bool first = true;
  for (auto& tb : boxes) {
    std::string text = CleanUtf8(ToUtf8(tb.text()));
    if (text.empty()) continue;
    poppler::rectf r = tb.bbox();
    double top = r.top(), bottom = r.bottom(), left = r.left();
    double mid = (top + bottom) / 2;
    if (first) {
      block = line = 1;
      first = false;
    } else {
      bool same_line = mid >= prev_top && mid <= prev_bottom && left >= prev_right - 1.0;
      if (!same_line) {
        ++line;
        double gap = top - prev_bottom;
        if (gap > 1.2 * std::max(line_height, 1.0) || gap < -2.0 * std::max(line_height, 1.0)) ++block;
      }
    }
    if (words.empty() || words.back().line != line) line_height = bottom - top;
    prev_top = top;
    prev_bottom = bottom;
    prev_right = r.right();

    Word w;
    w.text = std::move(text);
    w.confidence = 100;
    w.box = Box{static_cast<int>(std::floor(left)), static_cast<int>(std::floor(top)),
                static_cast<int>(std::ceil(r.width())), static_cast<int>(std::ceil(r.height()))};
    w.block = block;
    w.line = line;
    words.push_back(std::move(w));
  }
  return words;
}

// Copies a Poppler gray8 image into an 8-bpp Leptonica PIX.
PixPtr PopplerToPix(poppler::image& img) {
  int w = img.width(), h = img.height();
  PixPtr pix(pixCreate(w, h, 8));
  if (!pix) return nullptr;
  l_uint32* data = pixGetData(pix.get());
  int wpl = pixGetWpl(pix.get());
  const char* src = img.const_data();
  int bpr = img.bytes_per_row();
  if (img.format() == poppler::image::format_gray8) {
    for (int y = 0; y < h; ++y) {
      std::memcpy(data + static_cast<size_t>(y) * wpl, src + static_cast<size_t>(y) * bpr, w);
    }
    pixEndianByteSwap(pix.get());  // Leptonica stores bytes big-endian in 32-bit words
  } else {
    // Fallback for renderers that ignore the gray request: xRGB/BGR.
    int bpp = img.format() == poppler::image::format_argb32 ? 4 : 3;
    for (int y = 0; y < h; ++y) {
      l_uint32* line = data + static_cast<size_t>(y) * wpl;
      const auto* row = reinterpret_cast<const unsigned char*>(src + static_cast<size_t>(y) * bpr);
      for (int x = 0; x < w; ++x) {
        const unsigned char* px = row + x * bpp;
        // argb32 is B,G,R,A in memory on little-endian; bgr24 is B,G,R.
        int v = (px[0] * 29 + px[1] * 150 + px[2] * 77) >> 8;
        SET_DATA_BYTE(line, x, v);
      }
    }
  }
  return pix;
}

// Renders one page to an 8-bpp PIX at dpi (the page's /Rotate honoured).
Result<PixPtr> RenderGray(poppler::page& p, int dpi, int page_no) {
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_gray8);
  // render_page adds the page's /Rotate to the rotation passed (rotate_0).
  poppler::image img = renderer.render_page(&p, dpi, dpi);
  if (!img.is_valid() || img.width() <= 0 || img.height() <= 0) {
    return Permanent("corrupt PDF: cannot render page " + std::to_string(page_no));
  }
  PixPtr pix = PopplerToPix(img);
  if (!pix) return Transient("out of memory rendering page " + std::to_string(page_no));
  return pix;
}

// A PDF page that must be rendered for OCR: image-only, garbage text layer,
// or mixed (usable layer + text in images, layer_words set).
struct RenderJob {
  int index = 0;
  nlohmann::json steps;
  Clock::time_point t0;
  std::vector<Word> layer_words;  // mixed pages: the layer, in points
  std::vector<Box> regions;       // mixed pages: image text found, in probe pixels
  int probe_dpi = 0;
  std::optional<PageImage> image;  // image-only pages drawing one image (page_image.h)
};

// An image-only page read from its own image (page_image.h) and placed on
// the raster at `dpi` as Poppler would render it (page_raster.h); nullptr
// when the image does not decode cleanly to the size its dictionary states,
// or the placement is one page_raster.h does not reproduce (the page is
// then rendered). `pdf` is the whole file (samples are decoded from it here,
// on the page's thread).
PixPtr DecodePageImage(std::string_view pdf, PageImage& image, int dpi, nlohmann::json& steps) {
  auto t = Clock::now();
  auto rejected = [&](const char* why) {
    steps["page_image"] = {{"encoding", image.encoding_name()}, {"rejected", why}};
    return nullptr;
  };
  if (!LoadPageImage(pdf, image)) return rejected("decode");
  PixPtr jpeg;
  if (image.encoding == PageImage::Encoding::kJpeg) {
    l_int32 warnings = 0;
    jpeg.reset(pixReadMemJpeg(reinterpret_cast<const l_uint8*>(image.data.data()), image.data.size(), 0, 1,
                              &warnings, 0));
    if (!jpeg || warnings != 0) return rejected("decode");
  }
  const double decode_ms = MsSince(t);
  t = Clock::now();
  PixPtr raster = jpeg ? PageRaster(jpeg.get(), image, dpi) : PageRaster(image, dpi);
  if (!raster) return rejected("placement");
  steps["page_image"] = {{"encoding", image.encoding_name()},
                         {"dpi", image.dpi},
                         {"soft_mask", image.soft_mask},
                         {"decode_ms", Round2(decode_ms)},
                         {"place_ms", Round2(MsSince(t))}};
  return raster;
}

constexpr int kProbeDpi = 72;

Result<Page> RenderJobPage(std::string_view bytes, poppler::document& doc, RenderJob& job,
                           const PreprocessOptions& options) {
  const int dpi = options.raster_dpi > 0 ? options.raster_dpi : kDefaultDpi;
  std::unique_ptr<poppler::page> p(doc.create_page(job.index));
  if (!p) return Permanent("corrupt PDF: cannot read page " + std::to_string(job.index + 1));
  if (job.image && job.layer_words.empty()) {
    PixPtr pix = DecodePageImage(bytes, *job.image, dpi, job.steps);
    job.image.reset();  // its decoded samples are not needed any more
    if (pix) return FinishImagePage(pix.get(), dpi, true, job.index, std::move(job.steps), options, job.t0);
  }
  auto tr = Clock::now();
  auto pix = RenderGray(*p, dpi, job.index + 1);
  if (!pix) return pix.error();
  job.steps["rendered_dpi"] = dpi;
  job.steps["render_ms"] = Round2(MsSince(tr));
  if (job.layer_words.empty()) {
    return FinishImagePage(pix->get(), dpi, true, job.index, std::move(job.steps), options, job.t0);
  }
  // Mixed page: the rendering is exactly aligned with the layer, so nothing
  // may turn, deskew or rescale it; the OCR stage reads only the regions
  // where image text was found and merges the layer's words back in.
  PreprocessOptions aligned = options;
  aligned.enhance = false;
  const double to_px = dpi / 72.0, from_probe = static_cast<double>(dpi) / job.probe_dpi;
  nlohmann::json regions = nlohmann::json::array();
  for (const Box& b : job.regions) {
    int pad = static_cast<int>(b.h * from_probe * 0.5);
    regions.push_back(Box{static_cast<int>(b.x * from_probe) - pad, static_cast<int>(b.y * from_probe) - pad,
                          static_cast<int>(b.w * from_probe) + 2 * pad, static_cast<int>(b.h * from_probe) + 2 * pad});
  }
  job.steps["image_text"]["ocr_regions"] = std::move(regions);
  auto page = FinishImagePage(pix->get(), dpi, true, job.index, std::move(job.steps), aligned, job.t0);
  if (!page) return page.error();
  for (Word w : job.layer_words) {
    w.box = Box{static_cast<int>(std::floor(w.box.x * to_px)), static_cast<int>(std::floor(w.box.y * to_px)),
                static_cast<int>(std::ceil(w.box.w * to_px)), static_cast<int>(std::ceil(w.box.h * to_px))};
    page->layer_words.push_back(std::move(w));
  }
  return page;
}

// Renders and finishes the pages of jobs on up to options.threads threads
// (each with its own Poppler document: a document is not thread-safe).
// Returns the pages in job order, or the first error in page order.
Result<std::vector<Page>> RenderJobs(std::string_view bytes, poppler::document& doc, std::vector<RenderJob>& jobs,
                                     const PreprocessOptions& options) {
  std::vector<std::optional<Result<Page>>> results(jobs.size());
  std::atomic<size_t> next{0};
  auto work = [&](poppler::document& d) {
    for (size_t i = next.fetch_add(1); i < jobs.size(); i = next.fetch_add(1)) {
      try {
        results[i] = RenderJobPage(bytes, d, jobs[i], options);
      } catch (const std::bad_alloc&) {
        results[i] = Result<Page>(Transient("out of memory rendering page " + std::to_string(jobs[i].index + 1)));
      } catch (const std::exception& e) {
        results[i] = Result<Page>(Permanent("cannot render page " + std::to_string(jobs[i].index + 1) + ": " + e.what()));
      }
    }
  };
  int n = std::clamp(options.threads, 1, static_cast<int>(jobs.size()));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) {
    pool.emplace_back([&] {
      std::unique_ptr<poppler::document> own(
          poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
      if (own && !own->is_locked()) work(*own);
    });
  }
  work(doc);
  for (auto& t : pool) t.join();
  std::vector<Page> pages;
  pages.reserve(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    if (!results[i]) return Transient("page " + std::to_string(jobs[i].index + 1) + " was not rendered");
    if (!*results[i]) return results[i]->error();
    pages.push_back(std::move(results[i]->value()));
  }
  return pages;
}

Result<PreprocessOutput> PreprocessPdf(std::string_view original, const PreprocessOptions& options,
                                       PreprocessOutput out) {
  if (original.size() > static_cast<size_t>(INT_MAX)) return Permanent("PDF too large");  // before any copy
  // A PDF/A output intent costs Poppler ~35 ms per page read (output_intent.h).
  const std::optional<std::string> amended = WithoutOutputIntents(original);
  const std::string_view bytes = amended ? std::string_view(*amended) : original;
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return Permanent("PDF too large");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return Permanent("corrupt PDF: cannot be parsed");
  if (doc->is_locked()) return Permanent("encrypted PDF: password required");
  out.embedded = EmbeddedXmlFiles(*doc);  // Factur-X / ZUGFeRD / XRechnung invoice XML
  int n = doc->pages();
  if (n <= 0) return Permanent("corrupt PDF: no pages");
  if (n > options.max_pages) {
    return Permanent("too many pages: " + std::to_string(n) + " (limit " +
                     std::to_string(options.max_pages) + ")");
  }
  const int dpi = options.raster_dpi > 0 ? options.raster_dpi : kDefaultDpi;
  const bool probe_images = options.detect_image_text && PdfMayHaveImages(bytes);
  // Which pages show an image large enough to hold a line of text (all of
  // them when qpdf cannot tell).
  std::vector<bool> with_images;
  if (probe_images) with_images = PdfPagesWithImages(bytes);
  if (with_images.size() != static_cast<size_t>(n)) with_images.assign(n, true);
  // Pass 1 (serial, cheap): text layers, and which pages need rendering.
  std::vector<std::optional<Page>> pages(n);
  std::vector<RenderJob> jobs;
  for (int i = 0; i < n; ++i) {
    auto t0 = Clock::now();
    std::unique_ptr<poppler::page> p(doc->create_page(i));
    if (!p) return Permanent("corrupt PDF: cannot read page " + std::to_string(i + 1));

    poppler::rectf rect = p->page_rect();
    double wpt = rect.width(), hpt = rect.height();
    auto orient = p->orientation();
    if (orient == poppler::page::landscape || orient == poppler::page::seascape) std::swap(wpt, hpt);

    std::string text = CleanUtf8(ToUtf8(p->text(poppler::rectf(), poppler::page::physical_layout)));
    TextStats st = AnalyzeText(text);
    nlohmann::json steps = {{"mime", out.mime},
                            {"text_layer_chars", st.non_space},
                            {"page_width_pt", Round2(wpt)},
                            {"page_height_pt", Round2(hpt)}};
    bool usable = st.non_space >= options.min_text_chars && st.alnum * 2 >= st.non_space &&
                  st.bad * 20 <= st.non_space;
    double pw = std::ceil(wpt * dpi / 72.0), ph = std::ceil(hpt * dpi / 72.0);
    if (usable) {
      Page page;
      page.index = i;
      page.source = "text-layer";
      page.text = std::move(text);
      page.mean_confidence = 100;
      page.words = TextLayerWords(*p);
      page.width = static_cast<int>(std::lround(wpt));
      page.height = static_cast<int>(std::lround(hpt));
      page.dpi = 72;  // text-layer coordinates are PDF points
      if (probe_images && with_images[i] && pw * ph <= static_cast<double>(options.max_pixels_per_page)) {
        auto tp = Clock::now();
        auto small = RenderGray(*p, kProbeDpi, i + 1);
        ImageTextProbe probe = small ? ProbeImageText(small->get(), kProbeDpi, page.words) : ImageTextProbe{};
        steps["image_text"] = {{"glyphs", probe.glyphs}, {"rows", probe.regions.size()},
                               {"ms", Round2(MsSince(tp))}};
        if (!probe.regions.empty()) {  // mixed: OCR the image text, keep the layer
          RenderJob job{i, std::move(steps), t0, std::move(page.words), std::move(probe.regions), kProbeDpi, {}};
          jobs.push_back(std::move(job));
          continue;
        }
      }
      steps["ms"] = Round2(MsSince(t0));
      page.preprocess = std::move(steps);
      pages[i] = std::move(page);
      continue;
    }
    if (st.non_space > 0) steps["text_layer_rejected"] = true;
    if (pw <= 0 || ph <= 0) return Permanent("corrupt PDF: page " + std::to_string(i + 1) + " has no size");
    if (pw * ph > static_cast<double>(options.max_pixels_per_page)) {
      return Permanent("page " + std::to_string(i + 1) + " too large: " + std::to_string(int64_t(pw)) +
                       "x" + std::to_string(int64_t(ph)) + " pixels at " + std::to_string(dpi) +
                       " dpi exceeds the limit of " + std::to_string(options.max_pixels_per_page));
    }
    jobs.push_back(RenderJob{i, std::move(steps), t0, {}, {}, 0, {}});
  }
  // Image-only pages that draw one image over the page are read from it.
  if (options.page_images && !jobs.empty() && PdfMayHaveImages(bytes)) {
    std::vector<bool> wanted(n, false);
    for (const RenderJob& job : jobs) wanted[job.index] = job.layer_words.empty();
    std::vector<std::optional<PageImage>> images = PdfPageImages(bytes, wanted, options.max_pixels_per_page);
    for (RenderJob& job : jobs) {
      if (static_cast<size_t>(job.index) < images.size()) job.image = std::move(images[job.index]);
    }
  }
  // Pass 2 (parallel): render, clean up and encode the pages that need OCR.
  if (!jobs.empty()) {
    auto rendered = RenderJobs(bytes, *doc, jobs, options);
    if (!rendered) return rendered.error();
    for (Page& page : *rendered) pages[page.index] = std::move(page);
  }
  for (auto& page : pages) out.pages.push_back(std::move(*page));
  return out;
}

// ---------------------------------------------------------------------------
// Raster images.

int FileDpi(PIX* pix, nlohmann::json& steps) {
  int xres = pixGetXRes(pix);
  if (IsPlausibleDpi(xres, pixGetWidth(pix), pixGetHeight(pix))) {
    steps["dpi_source"] = "file";
    return xres;
  }
  steps["dpi_source"] = "default";
  if (xres > 0) steps["file_dpi_ignored"] = xres;
  return kDefaultDpi;
}

// Page `index` of a TIFF, the reader standing before it: the finished page,
// an error, or nullopt when the file ended before it.
std::optional<Result<Page>> TiffPage(TiffPages& reader, int index, const std::string& mime,
                                     const PreprocessOptions& options) {
  auto t0 = Clock::now();
  PixPtr pix = reader.Next();
  if (!pix && reader.at_end()) return std::nullopt;
  if (!pix && reader.too_large().first > 0) {
    const auto [w, h] = reader.too_large();
    return Result<Page>(Permanent("page " + std::to_string(index + 1) + " too large: " + std::to_string(w) + "x" +
                                  std::to_string(h) + " pixels exceeds the limit of " +
                                  std::to_string(options.max_pixels_per_page)));
  }
  if (!pix) {
    if (index == 0) return Result<Page>(Permanent("corrupt image: cannot decode image/tiff"));
    return Result<Page>(
        Permanent("corrupt image: cannot decode page " + std::to_string(index + 1) + " of image/tiff"));
  }
  if (index + 1 > options.max_pages) {
    return Result<Page>(
        Permanent("too many pages: more than " + std::to_string(options.max_pages) + " in TIFF"));
  }
  nlohmann::json steps = {{"mime", mime}, {"decode_ms", Round2(MsSince(t0))}};
  if (reader.fast()) steps["decoder"] = "strips";
  int dpi = FileDpi(pix.get(), steps);
  bool dpi_known = steps.value("dpi_source", "") == "file";
  return FinishImagePage(pix.get(), dpi, dpi_known, index, std::move(steps), options, t0);
}

// The pages of a TIFF, decoded and finished on up to options.threads threads:
// each thread has its own reader, takes the next page not yet taken, and
// skips the directories before it without decoding them. Returns the pages
// in order, or the first error in page order.
Result<PreprocessOutput> PreprocessTiff(std::string_view bytes, const PreprocessOptions& options,
                                        PreprocessOutput out) {
  std::mutex mu;
  std::vector<std::optional<Result<Page>>> results;  // by page; guarded by mu
  std::atomic<int> next{0}, end{INT_MAX};             // end: no page is taken from here on
  auto work = [&] {
    TiffPages reader(bytes, options.max_pixels_per_page);
    int passed = 0;  // pages the reader has moved past
    for (int k = next.fetch_add(1); k < end.load(); k = next.fetch_add(1)) {
      for (; passed < k && !reader.at_end(); ++passed) reader.Skip();
      std::optional<Result<Page>> page;
      if (!reader.at_end()) {
        try {
          page = TiffPage(reader, k, out.mime, options);
        } catch (const std::bad_alloc&) {
          page = Result<Page>(Transient("out of memory reading page " + std::to_string(k + 1)));
        }
      }
      ++passed;
      const bool stop = !page || !*page;
      if (stop) {
        int e = end.load();
        while (page.has_value() ? k + 1 < e : k < e) {
          if (end.compare_exchange_weak(e, page.has_value() ? k + 1 : k)) break;
        }
      }
      std::lock_guard<std::mutex> lock(mu);
      if (results.size() <= static_cast<size_t>(k)) results.resize(k + 1);
      results[k] = std::move(page);
      if (stop) break;
    }
  };
  const int threads = std::clamp(options.threads, 1, 16);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (auto& r : results) {
    if (!r) break;  // the end of the file
    if (!*r) return r->error();
    out.pages.push_back(std::move(r->value()));
  }
  if (out.pages.empty()) return Permanent("corrupt image: cannot decode image/tiff");
  return out;
}

Result<PreprocessOutput> PreprocessImage(std::string_view bytes, const PreprocessOptions& options,
                                         PreprocessOutput out) {
  auto t0 = Clock::now();
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, iscmap = 0;
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &iscmap) != 0 || w <= 0 ||
      h <= 0) {
    return Permanent("corrupt image: cannot read " + out.mime + " header");
  }
  if (static_cast<long long>(w) * h > options.max_pixels_per_page) {
    return Permanent("page 1 too large: " + std::to_string(w) + "x" + std::to_string(h) +
                     " pixels exceeds the limit of " + std::to_string(options.max_pixels_per_page));
  }
  PixPtr pix(pixReadMem(data, bytes.size()));
  if (!pix) return Permanent("corrupt image: cannot decode " + out.mime);
  nlohmann::json steps = {{"mime", out.mime}, {"decode_ms", Round2(MsSince(t0))}};
  int dpi = FileDpi(pix.get(), steps);
  bool dpi_known = steps.value("dpi_source", "") == "file";
  auto page = FinishImagePage(pix.get(), dpi, dpi_known, 0, std::move(steps), options, t0);
  if (!page) return page.error();
  out.pages.push_back(std::move(page.value()));
  return out;
}

PreprocessOutput ContactCardPage(std::string_view bytes, PreprocessOutput out) {
  std::string unix_lines;
  unix_lines.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') continue;  // CRLF -> LF
    unix_lines += bytes[i];
  }
  Page page;
  page.index = 0;
  page.source = "text-layer";
  page.text = CleanUtf8(unix_lines);
  page.mean_confidence = 100;
  page.preprocess = {{"mime", out.mime}, {"format", "contact-card"}};
  out.pages.push_back(std::move(page));
  return out;
}

Result<PreprocessOutput> PreprocessImpl(std::string_view bytes, const PreprocessOptions& options) {
  if (bytes.empty()) return Permanent("empty file (0 bytes)");
  GlobalInit();
  PreprocessOutput out;
  out.mime = SniffMime(bytes);
  const std::string& m = out.mime;
  if (m == "application/pdf") return PreprocessPdf(bytes, options, std::move(out));
  if (m == "image/tiff") return PreprocessTiff(bytes, options, std::move(out));
  if (m == "image/png" || m == "image/jpeg" || m == "image/bmp" || m == "image/x-ms-bmp" ||
      m == "image/gif" || m == "image/webp") {
    return PreprocessImage(bytes, options, std::move(out));
  }
  if (m.rfind("text/", 0) == 0 || m == "application/json" || m == "application/xml") {
    // Cards come in UTF-16 and in Windows-1252 too (text_encoding.h).
    const std::string text = TextToUtf8(bytes);
    if (IsContactCardText(m, text)) return ContactCardPage(text, std::move(out));
  }
  return Permanent("unsupported type: " + m);
}

}  // namespace

bool IsContactCardText(const std::string& mime, std::string_view bytes) {
  if (mime == "text/vcard" || mime == "text/x-vcard" || mime == "text/directory") return true;
  if (mime.rfind("text/", 0) != 0 && mime != "application/json" && mime != "application/xml") return false;
  std::string_view head = bytes.substr(0, 4096);
  size_t start = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (start == std::string_view::npos) return false;
  head = head.substr(start);
  auto starts_ci = [&](std::string_view prefix) {
    if (head.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(head[i])) != prefix[i]) return false;
    return true;
  };
  if (starts_ci("BEGIN:VCARD")) return true;
  if (head.rfind("[\"vcard\"", 0) == 0 || (head[0] == '[' && head.find("\"vcard\"") < 64)) return true;
  return head.find("urn:ietf:params:xml:ns:vcard-4.0") != std::string_view::npos;
}

std::string SniffMime(std::string_view bytes) {
  if (bytes.empty()) return "application/x-empty";
  thread_local MagicCookie cookie;
  std::string mime;
  if (cookie.get() != nullptr) {
    // The first MiB is plenty for every type we accept and bounds the cost.
    size_t n = std::min<size_t>(bytes.size(), 1 << 20);
    const char* r = magic_buffer(cookie.get(), bytes.data(), n);
    if (r != nullptr) mime = r;
  }
  if (mime.empty()) mime = "application/octet-stream";
  // Poppler accepts a %PDF header anywhere in the first KiB; libmagic only at 0.
  if (mime != "application/pdf" &&
      mime == "application/octet-stream" &&
      bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    mime = "application/pdf";
  }
  return mime;
}

Result<PreprocessOutput> Preprocess(std::string_view bytes, const PreprocessOptions& options) {
  try {
    return PreprocessImpl(bytes, options);
  } catch (const std::bad_alloc&) {
    return Transient("out of memory during preprocessing");
  } catch (const std::exception& e) {
    return Permanent(std::string("preprocessing failed: ") + e.what());
  } catch (...) {
    return Permanent("preprocessing failed: unknown error");
  }
}

}  // namespace docflow

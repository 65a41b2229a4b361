// Tesseract-backed OcrEngine (LSTM only; the installed models have no legacy
// engine). One TessBaseAPI per engine, initialised once in Create().
#include "workers/ocr/ocr_engine.h"

#include "common/stopwatch.h"
#include "workers/ocr/layer_merge.h"
#include "workers/ocr/date_reread.h"

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/osdetect.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;

// libgomp reads OMP_THREAD_LIMIT once, when it is loaded (before main), so a
// setenv() at run time alone changes nothing: Tesseract's LSTM would still
// start 4 threads per parallel region (measured 6x slower on 2 busy cores).
// When OMP_THREAD_LIMIT is 1 we therefore also make every parallel region
// inactive for the calling thread (max-active-levels is a per-thread ICV for
// threads not created by OpenMP, hence the call before each page).
void ApplyThreadLimitToThisThread() {
  const char* v = std::getenv("OMP_THREAD_LIMIT");
  if (v != nullptr && std::atoi(v) == 1 && omp_get_max_active_levels() != 0) {
    omp_set_max_active_levels(0);
  }
}

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct BoxaDeleter {
  void operator()(Boxa* b) const { boxaDestroy(&b); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

struct BoxDeleter {
  void operator()(::Box* b) const { boxDestroy(&b); }
};
using BoxPtr = std::unique_ptr<::Box, BoxDeleter>;



// One complete reading of a page with one segmentation mode.
struct Reading {
  std::string text;
  std::vector<Word> words;
  int mean = 0;
  int psm = 3;
  int covered = 0;    // glyph-sized ink components inside some word box
  int uncovered = 0;  // ... outside every word box: text Tesseract did not read
};

// Counts glyph-sized connected components of Tesseract's binary image inside
// and outside the recognised words' boxes.
void MeasureCoverage(Pix* binary, const Box& origin, Reading& r) {
  if (binary == nullptr || pixGetDepth(binary) != 1) return;
  int w = pixGetWidth(binary), h = pixGetHeight(binary);
  BoxaPtr ccs(pixConnCompBB(binary, 8));
  if (!ccs) return;
  PixPtr mask(pixCreate(w, h, 1));
  if (!mask) return;
  for (const Word& wd : r.words) {
    constexpr int kPad = 3;
    pixRasterop(mask.get(), wd.box.x - origin.x - kPad, wd.box.y - origin.y - kPad, wd.box.w + 2 * kPad,
                wd.box.h + 2 * kPad, PIX_SET, nullptr, 0, 0);
  }
  struct Cc {
    int h;
    bool in;
  };
  std::vector<Cc> cand;
  int n = boxaGetCount(ccs.get());
  for (int i = 0; i < n; ++i) {
    l_int32 x, y, bw, bh;
    if (boxaGetBoxGeometry(ccs.get(), i, &x, &y, &bw, &bh) != 0) continue;
    if (bh < 6 || bw < 2 || bh > h / 10 || bw > 5 * bh || bh > 10 * bw) continue;
    l_uint32 v = 0;
    pixGetPixel(mask.get(), x + bw / 2, y + bh / 2, &v);
    cand.push_back({bh, v != 0});
  }
  std::vector<int> in_h;
  for (const Cc& c : cand)
    if (c.in) in_h.push_back(c.h);
  int lo = 6, hi = h / 10;
  if (in_h.size() >= 10) {  // text-sized relative to what was read
    std::nth_element(in_h.begin(), in_h.begin() + in_h.size() / 2, in_h.end());
    int med = in_h[in_h.size() / 2];
    lo = std::max(6, med / 2);
    hi = med * 5 / 2;
  }
  r.covered = r.uncovered = 0;
  for (const Cc& c : cand) {
    if (c.h < lo || c.h > hi) continue;
    (c.in ? r.covered : r.uncovered)++;
  }
}

// A white copy of pix showing only preprocess["image_text"]["ocr_regions"]
// (boxes in pixels); nullptr when the page names no regions.
PixPtr MaskOutsideRegions(Pix* pix, const nlohmann::json& preprocess, nlohmann::json& info) {
  if (!preprocess.is_object() || !preprocess.contains("image_text")) return nullptr;
  const nlohmann::json& it = preprocess["image_text"];
  if (!it.is_object() || !it.contains("ocr_regions") || !it["ocr_regions"].is_array() || it["ocr_regions"].empty())
    return nullptr;
  int d = pixGetDepth(pix);
  if (d != 1 && d != 8) return nullptr;
  PixPtr out(pixCreate(pixGetWidth(pix), pixGetHeight(pix), d));
  if (!out) return nullptr;
  if (d == 8) pixSetAll(out.get());  // 8 bpp: all ones is white; 1 bpp: zero is white
  pixCopyResolution(out.get(), pix);
  int n = 0;
  for (const auto& r : it["ocr_regions"]) {
    Box b = r.get<Box>();
    pixRasterop(out.get(), b.x, b.y, b.w, b.h, PIX_SRC, pix, b.x, b.y);
    ++n;
  }
  info["regions"] = n;
  return out;
}

struct TessText {
  void operator()(char* p) const { delete[] p; }
};
using TessString = std::unique_ptr<char[], TessText>;

// Cancel state read by Tesseract's monitor callback.
struct Deadline {
  Clock::time_point end;
  bool fired = false;
};

bool CancelAtDeadline(void* cancel_this, int /*words*/) {
  auto* d = static_cast<Deadline*>(cancel_this);
  if (Clock::now() >= d->end) d->fired = true;
  return d->fired;
}

class TesseractEngine final : public OcrEngine {
 public:
  explicit TesseractEngine(const OcrOptions& options) : options_(options) {}
  ~TesseractEngine() override {
    if (osd_) osd_->End();
    if (api_) api_->End();
  }

  Status Init() {
    setMsgSeverity(L_SEVERITY_NONE);  // decode failures are reported as Errors
    api_ = std::make_unique<tesseract::TessBaseAPI>();
    const char* datapath = options_.tessdata_dir.empty() ? nullptr : options_.tessdata_dir.c_str();
    if (api_->Init(datapath, options_.languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      return Permanent("tesseract: cannot load language data '" + options_.languages + "'" +
                       (datapath ? std::string(" from ") + datapath : std::string()));
    }
    int psm = options_.page_seg_mode;
    if (psm < 0 || psm >= tesseract::PSM_COUNT) psm = tesseract::PSM_AUTO;
    api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
    // Tesseract's chatter ("Detected 12 diacritics", "Empty page!!") would mix
    // with our logs and the CLI's stderr; results and errors are values instead.
    api_->SetVariable("debug_file", "/dev/null");
    // For measurements only: DOCFLOW_TESSERACT_VARS="name=value,..." sets
    // Tesseract variables (e.g. thresholding_method=2 for Sauvola) without a
    // rebuild; bench/ uses it to compare settings.
    if (const char* vars = std::getenv("DOCFLOW_TESSERACT_VARS")) {
      tess_vars_override_ = true;
      std::string all = vars;
      for (size_t at = 0; at < all.size();) {
        size_t end = all.find(',', at);
        if (end == std::string::npos) end = all.size();
        std::string kv = all.substr(at, end - at);
        size_t eq = kv.find('=');
        if (eq != std::string::npos && !api_->SetVariable(kv.substr(0, eq).c_str(), kv.substr(eq + 1).c_str())) {
          return Permanent("tesseract: unknown variable in DOCFLOW_TESSERACT_VARS: " + kv.substr(0, eq));
        }
        at = end + 1;
      }
    }
    return Ok();
  }

  Status Recognize(Page& page) override {
    if (page.source == "text-layer") return Ok();
    ApplyThreadLimitToThisThread();
    try {
      Status st = RecognizeImpl(page);
      api_->Clear();
      return st;
    } catch (const std::bad_alloc&) {
      api_->Clear();
      return Transient("OCR out of memory on page " + std::to_string(page.index + 1));
    } catch (const std::exception& e) {
      api_->Clear();
      return Permanent("OCR failed on page " + std::to_string(page.index + 1) + ": " + e.what());
    }
  }

 private:
  Status RecognizeImpl(Page& page) {
    const int page_no = page.index + 1;
    if (page.image.empty()) {
      return Permanent("OCR: page " + std::to_string(page_no) + " has no image");
    }
    auto t0 = Clock::now();
    PixPtr pix(pixReadMem(reinterpret_cast<const l_uint8*>(page.image.data()), page.image.size()));
    if (!pix) return Permanent("OCR: cannot decode the image of page " + std::to_string(page_no));
    long long pixels = static_cast<long long>(pixGetWidth(pix.get())) * pixGetHeight(pix.get());
    if (options_.max_pixels > 0 && pixels > options_.max_pixels) {
      return Permanent("page " + std::to_string(page_no) + " too large for OCR: " +
                       std::to_string(pixGetWidth(pix.get())) + "x" + std::to_string(pixGetHeight(pix.get())) +
                       " pixels exceeds the limit of " + std::to_string(options_.max_pixels));
    }
    int dpi = page.dpi > 0 ? page.dpi : (pixGetXRes(pix.get()) >= 70 ? pixGetXRes(pix.get()) : 300);
    nlohmann::json info = {{"languages", options_.languages}, {"psm", options_.page_seg_mode}};

    // Orientation the preprocessor could not settle: ask Tesseract OSD.
    int quads = 0;
    const nlohmann::json* orient = page.preprocess.is_object() && page.preprocess.contains("orientation")
                                       ? &page.preprocess["orientation"]
                                       : nullptr;
    if (options_.osd && orient != nullptr && orient->is_object() &&
        orient->value("ask_osd", !orient->value("certain", true))) {
      quads = DetectOrientation(pix.get(), dpi, info);
      if (quads != 0) {
        PixPtr r(pixRotateOrth(pix.get(), quads));
        if (r) {
          pix = std::move(r);
        } else {
          quads = 0;
        }
      }
    }

    // Mixed page: read only where the preprocessor found image text (the rest
    // is in the text layer), on a masked copy; the page image stays whole.
    PixPtr masked = MaskOutsideRegions(pix.get(), page.preprocess, info);
    Pix* target = masked ? masked.get() : pix.get();

    // Adaptive binarisation where it helps: on pages whose background the
    // preprocessor had to flatten (photos, shadows) Tesseract's Sauvola
    // thresholding reads better than its global Otsu (measured on the photo
    // pages of samples/ocr: CER 0.009 -> 0.005); elsewhere it gains nothing.
    const nlohmann::json* cleanup = page.preprocess.is_object() && page.preprocess.contains("cleanup")
                                        ? &page.preprocess["cleanup"]
                                        : nullptr;
    const bool uneven = cleanup != nullptr && cleanup->is_object() && cleanup->value("background_normalized", false);
    if (!tess_vars_override_) {
      api_->SetVariable("thresholding_method", uneven ? "2" : "0");
      info["thresholding"] = uneven ? "sauvola" : "otsu";
    }

    Deadline deadline;
    deadline.end = Clock::now() + std::chrono::milliseconds(options_.timeout_ms > 0 ? options_.timeout_ms
                                                                                     : 24 * 3600 * 1000);
    int psm = options_.page_seg_mode;
    if (psm < 0 || psm >= tesseract::PSM_COUNT) psm = tesseract::PSM_AUTO;
    Reading best;
    // Only the part of the page that holds anything (preprocess content_box;
    // not after an OSD turn, which moves it): blank margins cost Tesseract
    // time too.
    Box rect{0, 0, 0, 0};
    const nlohmann::json* cb = page.preprocess.is_object() && page.preprocess.contains("content_box")
                                   ? &page.preprocess["content_box"]
                                   : nullptr;
    if (quads == 0 && masked == nullptr && cb != nullptr && cb->is_object() && cb->contains("box")) {
      Box b = (*cb)["box"].get<Box>();
      if (b.x >= 0 && b.y >= 0 && b.w > 0 && b.h > 0 && b.x + b.w <= static_cast<int>(pixGetWidth(pix.get())) &&
          b.y + b.h <= static_cast<int>(pixGetHeight(pix.get()))) {
        rect = b;
        info["content_box"] = true;
      }
    }
    if (Status st = Read(target, rect, dpi, psm, deadline, page_no, best); !st) return st;

    // A quarter turn the preprocessor was not sure of and OSD did not
    // confirm: read the page as it came too and keep the clearly more
    // confident reading (a receipt photo of one narrow column can project
    // like vertical lines). Before the re-reads below, which then apply to
    // the reading kept.
    const int pre_deg = orient != nullptr && orient->is_object() ? orient->value("rotation_deg", 0) : 0;
    if (quads == 0 && masked == nullptr && orient != nullptr && orient->is_object() &&
        !orient->value("certain", true) && (pre_deg == 90 || pre_deg == 270)) {
      auto tu = Clock::now();
      const int back = (4 - pre_deg / 90) % 4;
      PixPtr unturned(pixRotateOrth(pix.get(), back));
      if (unturned) {
        Reading alt;
        if (Status st = Read(unturned.get(), Box{0, 0, 0, 0}, dpi, psm, deadline, page_no, alt); !st) return st;
        info["unturned"] = {{"mean", alt.mean}, {"turned_mean", best.mean}, {"ms", Round1(MsSince(tu))}};
        if (alt.mean >= best.mean + kUnturnedMargin) {
          best = std::move(alt);
          pix = std::move(unturned);
          target = pix.get();
          rect = Box{0, 0, 0, 0};
          quads = back;
        }
      }
    }

    info["uncovered"] = best.uncovered;
    info["covered"] = best.covered;

    // Dropped columns: read again with another segmentation; the re-read is
    // kept when it reads more and leaves less unread (a noisy low-resolution
    // scan whose sender and recipient blocks the automatic layout dropped as
    // picture). Recorded in info[key].
    auto reread = [&](int alt_psm, const char* key) -> Status {
      auto tf = Clock::now();
      Reading alt;
      if (Status st = Read(target, rect, dpi, alt_psm, deadline, page_no, alt); !st) return st;
      info[key] = {{"psm", alt.psm}, {"uncovered", alt.uncovered}, {"covered", alt.covered},
                   {"ms", Round1(MsSince(tf))}};
      if (alt.uncovered < best.uncovered && alt.covered > best.covered) best = std::move(alt);
      return Ok();
    };
    if (options_.layout_fallback && psm == tesseract::PSM_AUTO && best.uncovered >= 10 &&
        best.uncovered * 100 >= 3 * (best.covered + best.uncovered)) {
      // One column of lines (measured on invoices rendered at 120-150 dpi
      // with grain: invoice F1 0.870 -> 0.890; SROIE and the OCR benches
      // unchanged).
      if (Status st = reread(tesseract::PSM_SINGLE_COLUMN, "fallback"); !st) return st;
      // Still a tenth or more left unread on a page wide enough for columns
      // (not a till receipt, whose lines a single block garbles): one block
      // of text, rows read across (the extractors lay rows out again from
      // the word boxes). Measured on the same scans: 0.890 -> 0.914; SROIE
      // unchanged.
      if (best.uncovered >= 10 && best.uncovered * 10 >= best.covered + best.uncovered &&
          CharactersAcross(best.words) >= 60) {
        if (Status st = reread(tesseract::PSM_SINGLE_BLOCK, "fallback_block"); !st) return st;
      }
    }

    if (options_.reread_dates) {
      if (Status st = RereadDates(pix.get(), dpi, deadline, page_no, best, info); !st) return st;
    }

    page.text = std::move(best.text);
    while (!page.text.empty() && (page.text.back() == '\n' || page.text.back() == ' ')) page.text.pop_back();
    page.words = std::move(best.words);
    page.mean_confidence = best.mean < 0 ? 0 : best.mean;
    page.source = "ocr";
    page.width = pixGetWidth(pix.get());
    page.height = pixGetHeight(pix.get());
    page.dpi = dpi;
    if (!page.layer_words.empty()) {
      size_t layer = page.layer_words.size();
      info["layer_merge"] = {{"layer_words", layer}, {"ocr_words_added", MergeLayerWords(page)}};
    }
    info["psm_used"] = best.psm;
    info["rotation_deg"] = 90 * quads;
    info["ms"] = Round1(MsSince(t0));
    if (!page.preprocess.is_object()) page.preprocess = nlohmann::json::object();
    page.preprocess["ocr"] = std::move(info);
    return Ok();
  }

  // One recognition pass with `psm`; fills r (text, words, coverage).
  // rect: the part of pix to read (w == 0: all of it); word boxes stay in pix's coordinates.
  Status Read(Pix* pix, const Box& rect, int dpi, int psm, Deadline& deadline, int page_no, Reading& r) {
    api_->SetPageSegMode(static_cast<tesseract::PageSegMode>(psm));
    // The part to read is cut out and read as an image of its own, not
    // marked with SetRectangle: Tesseract 5 read a clean card garbled ("a OS
    // BS Bn") through SetRectangle when a ruled line crossed the rectangle's
    // edge, and read the same pixels cut out perfectly.
    PixPtr part;
    int ox = 0, oy = 0;
    if (rect.w > 0 && rect.h > 0) {
      BoxPtr b(boxCreate(rect.x, rect.y, rect.w, rect.h));
      part.reset(b ? pixClipRectangle(pix, b.get(), nullptr) : nullptr);
      if (part) ox = rect.x, oy = rect.y;
    }
    const int rc = RecognizeImage(part ? part.get() : pix, dpi, deadline);
    if (Expired(deadline)) return TimedOut(page_no);
    if (rc != 0) return Permanent("OCR: recognition failed on page " + std::to_string(page_no));

    r.psm = psm;
    TessString text(api_->GetUTF8Text());
    r.text = text ? std::string(text.get()) : std::string();
    r.words.clear();
    std::unique_ptr<tesseract::ResultIterator> it(api_->GetIterator());
    if (it) {
      int block = 0, line = 0;
      do {
        if (it->Empty(tesseract::RIL_WORD)) continue;
        if (it->IsAtBeginningOf(tesseract::RIL_BLOCK)) ++block;
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) ++line;
        TessString wt(it->GetUTF8Text(tesseract::RIL_WORD));
        if (!wt || wt[0] == '\0') continue;
        int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        it->BoundingBox(tesseract::RIL_WORD, &x1, &y1, &x2, &y2);
        Word w;
        w.text = wt.get();
        w.confidence = it->Confidence(tesseract::RIL_WORD);
        w.box = Box{x1 + ox, y1 + oy, x2 - x1, y2 - y1};
        w.block = std::max(block, 1);
        w.line = std::max(line, 1);
        r.words.push_back(std::move(w));
      } while (it->Next(tesseract::RIL_WORD));
    }
    r.mean = api_->MeanTextConf();
    if (options_.layout_fallback && psm <= tesseract::PSM_SINGLE_BLOCK) {
      PixPtr binary(api_->GetThresholdedImage());
      MeasureCoverage(binary.get(), Box{ox, oy, 0, 0}, r);
    }
    return Ok();
  }

  // Sets pix (at dpi) on the API and recognises it; Tesseract stops between
  // words once the deadline has passed. Returns Tesseract's code (0: read).
  int RecognizeImage(Pix* pix, int dpi, Deadline& deadline) {
    api_->SetImage(pix);
    api_->SetSourceResolution(dpi);
    tesseract::ETEXT_DESC monitor;
    monitor.cancel = &CancelAtDeadline;
    monitor.cancel_this = &deadline;
    return api_->Recognize(&monitor);
  }

  static bool Expired(const Deadline& deadline) { return deadline.fired || Clock::now() >= deadline.end; }

  Status TimedOut(int page_no) const {
    return Permanent("OCR timed out after " + std::to_string(options_.timeout_ms) + " ms on page " +
                     std::to_string(page_no));
  }

  // Dates read again (date_reread.h): each date-shaped word is cut out of
  // pix, enlarged to about 40 px and 60 px high and read as one line of
  // digits and separators; the three readings vote. A changed date replaces
  // the word in r.words and r.text. Recorded in info["dates"] {tried,
  // changed, ms}.
  Status RereadDates(Pix* pix, int dpi, Deadline& deadline, int page_no, Reading& r, nlohmann::json& info) {
    auto t = Clock::now();
    int tried = 0, changed = 0;
    std::vector<std::pair<std::string, std::string>> order;
    order.reserve(r.words.size());
    const int width = pixGetWidth(pix), height = pixGetHeight(pix);
    api_->SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    api_->SetVariable("tessedit_char_whitelist", kDateCharacters);
    for (Word& w : r.words) {
      std::string old = w.text;
      if (w.box.h >= 6 && IsDateLike(w.text)) {
        if (Expired(deadline)) break;
        const Box b = RereadBox(w.box, width, height);
        BoxPtr clip(boxCreate(b.x, b.y, b.w, b.h));
        PixPtr crop(clip ? pixClipRectangle(pix, clip.get(), nullptr) : nullptr);
        // Two readings, at two sizes, vote with the page's (date_reread.h).
        const float f = std::clamp(40.0f / static_cast<float>(w.box.h), 1.0f, 4.0f);
        Word reads[2];
        int done = 0;
        for (float fk : {f, std::min(6.0f, f * 1.5f)}) {
          PixPtr big(crop ? (fk > 1.05f ? pixScale(crop.get(), fk, fk) : pixClone(crop.get())) : nullptr);
          if (!big) break;
          if (RecognizeImage(big.get(), static_cast<int>(dpi * fk), deadline) != 0) break;
          TessString text(api_->GetUTF8Text());
          std::string again = text ? std::string(text.get()) : std::string();
          while (!again.empty() && (again.back() == '\n' || again.back() == ' ')) again.pop_back();
          reads[done].text = std::move(again);
          reads[done].confidence = static_cast<float>(api_->MeanTextConf());
          ++done;
        }
        if (done == 2) {
          ++tried;
          std::string voted = VoteReadings(w, reads[0], reads[1]);
          if (voted != w.text) {
            w.text = std::move(voted);
            ++changed;
          }
        }
      }
      order.emplace_back(std::move(old), w.text);
    }
    api_->SetVariable("tessedit_char_whitelist", "");
    if (Expired(deadline)) return TimedOut(page_no);
    if (changed > 0) r.text = SpliceWords(r.text, order);
    info["dates"] = {{"tried", tried}, {"changed", changed}, {"ms", Round1(MsSince(t))}};
    return Ok();
  }

  // Tesseract OSD on the page; returns the clockwise quarter turns to apply
  // (0 when unsure or unavailable) and records what it found in info["osd"].
  int DetectOrientation(Pix* pix, int dpi, nlohmann::json& info) {
    auto t = Clock::now();
    tesseract::TessBaseAPI* osd = Osd();
    if (osd == nullptr) {
      info["osd"] = {{"available", false}};
      return 0;
    }
    osd->SetImage(pix);
    osd->SetSourceResolution(dpi);
    tesseract::OSResults res;
    bool ok = osd->DetectOS(&res);
    osd->Clear();
    nlohmann::json o = {{"ms", Round1(MsSince(t))}};
    int quads = 0;
    if (ok) {
      int id = res.best_result.orientation_id;  // 0, 1 = 270, 2 = 180, 3 = 90 (counter-clockwise text)
      float conf = res.best_result.oconfidence;
      o["orientation_deg"] = 90 * id;
      o["conf"] = Round1(conf);
      if (id > 0 && id < 4 && conf >= kOsdMinConf) quads = (4 - id) % 4;
    } else {
      o["found"] = false;
    }
    o["rotation_deg"] = 90 * quads;
    info["osd"] = std::move(o);
    return quads;
  }

  // The OSD engine, created on first use; nullptr when osd.traineddata is missing.
  tesseract::TessBaseAPI* Osd() {
    if (osd_failed_) return nullptr;
    if (!osd_) {
      osd_ = std::make_unique<tesseract::TessBaseAPI>();
      const char* datapath = options_.tessdata_dir.empty() ? nullptr : options_.tessdata_dir.c_str();
      if (osd_->Init(datapath, "osd", tesseract::OEM_TESSERACT_ONLY) != 0) {
        osd_.reset();
        osd_failed_ = true;
        return nullptr;
      }
      osd_->SetPageSegMode(tesseract::PSM_OSD_ONLY);
      osd_->SetVariable("debug_file", "/dev/null");
    }
    return osd_.get();
  }

  static constexpr float kOsdMinConf = 6.0f;
  // Mean word confidence (0-100) by which a page read un-turned must beat
  // the uncertain quarter turn.
  static constexpr int kUnturnedMargin = 10;

  OcrOptions options_;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
  std::unique_ptr<tesseract::TessBaseAPI> osd_;
  bool osd_failed_ = false;
  bool tess_vars_override_ = false;  // DOCFLOW_TESSERACT_VARS given: no per-page settings
};

}  // namespace

void SetSingleThreadedOcr() {
  setenv("OMP_THREAD_LIMIT", "1", 0);
  ApplyThreadLimitToThisThread();
}

Result<std::unique_ptr<OcrEngine>> OcrEngine::Create(const OcrOptions& options) {
  try {
    auto engine = std::make_unique<TesseractEngine>(options);
    Status st = engine->Init();
    if (!st) return st.error();
    return std::unique_ptr<OcrEngine>(std::move(engine));
  } catch (const std::exception& e) {
    return Permanent(std::string("tesseract: initialisation failed: ") + e.what());
  }
}

}  // namespace docflow

// Tesseract-backed OcrEngine (LSTM only; the installed models have no legacy
// engine). One TessBaseAPI per engine, initialised once in Create().
#include "workers/ocr/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <utility>

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
    int dpi = page.dpi > 0 ? page.dpi : (pixGetXRes(pix.get()) >= 70 ? pixGetXRes(pix.get()) : 300);

    api_->SetImage(pix.get());
    api_->SetSourceResolution(dpi);

    tesseract::ETEXT_DESC monitor;
    Deadline deadline;
    deadline.end = Clock::now() + std::chrono::milliseconds(options_.timeout_ms > 0 ? options_.timeout_ms
                                                                                     : 24 * 3600 * 1000);
    monitor.cancel = &CancelAtDeadline;
    monitor.cancel_this = &deadline;
    int rc = api_->Recognize(&monitor);
    if (deadline.fired || Clock::now() >= deadline.end) {
      return Permanent("OCR timed out after " + std::to_string(options_.timeout_ms) + " ms on page " +
                       std::to_string(page_no));
    }
    if (rc != 0) return Permanent("OCR: recognition failed on page " + std::to_string(page_no));

    TessString text(api_->GetUTF8Text());
    std::vector<Word> words;
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
        w.box = Box{x1, y1, x2 - x1, y2 - y1};
        w.block = std::max(block, 1);
        w.line = std::max(line, 1);
        words.push_back(std::move(w));
      } while (it->Next(tesseract::RIL_WORD));
    }
    int mean = api_->MeanTextConf();

    page.text = text ? std::string(text.get()) : std::string();
    while (!page.text.empty() && (page.text.back() == '\n' || page.text.back() == ' ')) page.text.pop_back();
    page.words = std::move(words);
    page.mean_confidence = mean < 0 ? 0 : mean;
    page.source = "ocr";
    page.width = pixGetWidth(pix.get());
    page.height = pixGetHeight(pix.get());
    page.dpi = dpi;
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!page.preprocess.is_object()) page.preprocess = nlohmann::json::object();
    page.preprocess["ocr"] = {{"ms", std::round(ms * 10) / 10},
                              {"languages", options_.languages},
                              {"psm", options_.page_seg_mode}};
    return Ok();
  }

  OcrOptions options_;
  std::unique_ptr<tesseract::TessBaseAPI> api_;
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

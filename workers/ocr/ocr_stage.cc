// Stage "ocr": pages with images -> pages with text, words and confidences.
// One Tesseract engine per worker, created once.
#include "workers/ocr/ocr_engine.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class OcrStage : public StageHandler {
 public:
  explicit OcrStage(std::unique_ptr<OcrEngine> engine) : engine_(std::move(engine)) {}
  std::string stage() const override { return "ocr"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    for (Page& page : *pages) {
      if (page.source != "image") continue;
      if (auto s = engine_->Recognize(page); !s) return s.error();
      page.image.clear();
    }
    Payload p;
    PagesToPayload(*pages, false, p);
    return p;
  }

 private:
  std::unique_ptr<OcrEngine> engine_;
};

}  // namespace

Result<std::unique_ptr<StageHandler>> MakeOcrStage(const Config& config) {
  SetSingleThreadedOcr();
  OcrOptions o;
  o.languages = config.Str("ocr.languages");
  o.tessdata_dir = config.Str("ocr.tessdata");
  o.page_seg_mode = config.Int("ocr.page_seg_mode");
  o.timeout_ms = config.Int("ocr.timeout_ms");
  o.osd = config.Bool("ocr.osd");
  o.layout_fallback = config.Bool("ocr.layout_fallback");
  o.reread_dates = config.Bool("ocr.reread_dates");
  o.max_pixels = static_cast<long long>(config.Int("preprocess.max_megapixels")) * 1000000LL;
  auto engine = OcrEngine::Create(o);
  if (!engine) return engine.error();
  return std::unique_ptr<StageHandler>(std::make_unique<OcrStage>(std::move(*engine)));
}

}  // namespace docflow

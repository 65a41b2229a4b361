// Stage "preprocess": file bytes (blob frame "file_blob") -> mime + pages;
// image pages travel back as PNG frames.
#include "workers/preprocess/preprocess.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class PreprocessStage : public StageHandler {
 public:
  explicit PreprocessStage(PreprocessOptions o) : options_(o) {}
  std::string stage() const override { return "preprocess"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    size_t k = in.header.value("file_blob", 0);
    if (k >= in.blobs.size()) return Permanent("preprocess input carries no file");
    auto out = Preprocess(in.blobs[k], options_);
    if (!out) return out.error();
    Payload p;
    p.header["mime"] = out->mime;
    if (!out->embedded.empty()) p.header["embedded"] = out->embedded;
    PagesToPayload(out->pages, true, p);
    return p;
  }

 private:
  PreprocessOptions options_;
};

}  // namespace

std::unique_ptr<StageHandler> MakePreprocessStage(const Config& config) {
  PreprocessOptions o;
  o.raster_dpi = config.Int("preprocess.raster_dpi");
  o.max_pages = config.Int("preprocess.max_pages");
  o.max_pixels_per_page = static_cast<long long>(config.Int("preprocess.max_megapixels")) * 1000000LL;
  o.enhance = config.Bool("preprocess.enhance");
  o.detect_image_text = config.Bool("preprocess.detect_image_text");
  o.page_images = config.Bool("preprocess.page_images");
  o.threads = config.Int("preprocess.threads");
  o.page_format = config.Str("preprocess.page_format") == "raw" ? PageImageFormat::kRaw : PageImageFormat::kPng;
  return std::make_unique<PreprocessStage>(o);
}

}  // namespace docflow

// Stage "classify": pages -> {"classification": {label, confidence, subtype}}.
#include "classifiers/classifier.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class ClassifyStage : public StageHandler {
 public:
  explicit ClassifyStage(ClassifyOptions o) : options_(o) {}
  std::string stage() const override { return "classify"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    Payload p;
    p.header["classification"] = Classify(*pages, options_);
    return p;
  }

 private:
  ClassifyOptions options_;
};

}  // namespace

std::unique_ptr<StageHandler> MakeClassifyStage(const Config& config) {
  ClassifyOptions o;
  o.min_confidence = config.Num("classify.min_confidence");
  return std::make_unique<ClassifyStage>(o);
}

}  // namespace docflow

// Stage "classify": pages -> {"classification": {label, confidence, subtype}}.
#include "classifiers/classifier.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class ClassifyStage : public StageHandler {
 public:
  std::string stage() const override { return "classify"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    Payload p;
    p.header["classification"] = Classify(*pages);
    return p;
  }
};

}  // namespace

std::unique_ptr<StageHandler> MakeClassifyStage() { return std::make_unique<ClassifyStage>(); }

}  // namespace docflow

// Stage "extract": pages + classification -> {"fields": {name: Field}}.
#include "extractors/extractor.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class ExtractStage : public StageHandler {
 public:
  std::string stage() const override { return "extract"; }
  Result<Payload> Handle(long long, long long, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    Classification c;
    try {
      c = in.header.at("classification").get<Classification>();
    } catch (const nlohmann::json::exception& e) {
      return Permanent(std::string("extract input has no classification: ") + e.what());
    }
    Payload p;
    p.header["fields"] = nlohmann::json::object();
    for (const auto& [name, field] : Extract(c, *pages)) p.header["fields"][name] = field;
    return p;
  }
};

}  // namespace

std::unique_ptr<StageHandler> MakeExtractStage() { return std::make_unique<ExtractStage>(); }

}  // namespace docflow

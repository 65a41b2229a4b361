#include "workers/stage_handler.h"

namespace docflow {

Result<std::vector<Page>> PagesFromPayload(const Payload& payload) {
  const auto& h = payload.header;
  if (!h.contains("pages") || !h["pages"].is_array()) return Permanent("stage input has no pages");
  std::vector<Page> pages;
  try {
    for (const auto& pj : h["pages"]) {
      Page p = pj.get<Page>();
      if (pj.contains("blob")) {
        size_t k = pj["blob"].get<size_t>();
        if (k >= payload.blobs.size()) return Permanent("page refers to a missing image frame");
        p.image = payload.blobs[k];
      }
      pages.push_back(std::move(p));
    }
  } catch (const nlohmann::json::exception& e) {
    return Permanent(std::string("malformed pages in stage input: ") + e.what());
  }
  return pages;
}

void PagesToPayload(const std::vector<Page>& pages, bool with_images, Payload& payload) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Page& p : pages) {
    nlohmann::json pj = p;
    if (with_images && !p.image.empty()) {
      pj["blob"] = payload.blobs.size();
      payload.blobs.push_back(p.image);
    }
    arr.push_back(std::move(pj));
  }
  payload.header["pages"] = std::move(arr);
}

Result<std::unique_ptr<StageHandler>> MakeStageHandler(const std::string& stage, const Config& config) {
  if (stage == "preprocess") return MakePreprocessStage(config);
  if (stage == "ocr") return MakeOcrStage(config);
  if (stage == "classify") return MakeClassifyStage(config);
  if (stage == "extract") return MakeExtractStage(config);
  if (stage == "store") return MakeStoreStage(config);
  return Permanent("unknown stage '" + stage + "' (expected preprocess, ocr, classify, extract or store)");
}

}  // namespace docflow

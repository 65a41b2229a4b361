#include "cli/local_pipeline.h"

#include <chrono>
#include <cmath>
#include <filesystem>

#include "common/stopwatch.h"
#include "common/paths.h"
#include "workers/stage_handler.h"

namespace docflow::cli {
namespace {

using Clock = std::chrono::steady_clock;


}  // namespace

Result<StageHandler*> LocalPipeline::Handler(const std::string& stage) {
  auto it = handlers_.find(stage);
  if (it != handlers_.end()) return it->second.get();
  auto h = MakeStageHandler(stage, config_);
  if (!h) return h.error();
  StageHandler* raw = h->get();
  handlers_[stage] = std::move(*h);
  return raw;
}

Result<Payload> LocalPipeline::Read(const std::string& path) { return ReadImpl(path, nullptr, nullptr); }

Result<Payload> LocalPipeline::ReadImpl(const std::string& path, Payload* preprocessed, std::string* file) {
  long long max = static_cast<long long>(config_.Int("preprocess.max_file_mb")) << 20;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return Permanent("cannot read " + path + ": " + ec.message());
  if (static_cast<long long>(size) > max)
    return Permanent("file too large: " + std::to_string(size) + " bytes (limit " + std::to_string(max) + ")");
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  Payload in;
  in.header = {{"file_blob", 0}, {"filename", SanitizeFilename(path)}};
  in.blobs.push_back(std::move(*bytes));
  auto pre = Handler("preprocess");
  if (!pre) return pre.error();
  auto t0 = Clock::now();
  auto pages = (*pre)->Handle(0, 0, in);
  if (!pages) return pages.error();
  pages->header["stage_ms"] = {{"preprocess", Round1(MsSince(t0))}};
  if (file) *file = std::move(in.blobs[0]);
  if (preprocessed) *preprocessed = *pages;
  bool needs_ocr = false;
  for (const auto& p : pages->header["pages"])
    if (p.value("source", "") == "image") needs_ocr = true;
  if (!needs_ocr) return pages;
  auto ocr = Handler("ocr");
  if (!ocr) return ocr.error();
  auto t1 = Clock::now();
  auto out = (*ocr)->Handle(0, 0, *pages);
  if (!out) return out.error();
  out->header["stage_ms"] = pages->header["stage_ms"];
  out->header["stage_ms"]["ocr"] = Round1(MsSince(t1));
  out->header["mime"] = pages->header["mime"];
  if (pages->header.contains("embedded")) out->header["embedded"] = pages->header["embedded"];
  return out;
}

Result<ReadWithPdf> LocalPipeline::ReadWithArchive(const std::string& path) {
  Payload preprocessed;
  std::string file;
  auto read = ReadImpl(path, &preprocessed, &file);
  if (!read) return read.error();
  auto pages = PagesFromPayload(*read);
  if (!pages) return pages.error();
  auto images = PagesFromPayload(preprocessed);
  if (!images) return images.error();
  for (Page& p : *pages) {
    if (p.source != "ocr") continue;
    for (Page& img : *images)
      if (img.index == p.index) p.image = std::move(img.image);
  }
  bool is_pdf = read->header.value("mime", "") == "application/pdf";
  if (!is_pdf) file.clear();
  if (!CanBuildSearchablePdf(*pages, is_pdf))
    return Permanent("no searchable PDF for this file: it is neither a PDF nor an OCR'd image");
  SearchablePdfOptions o;
  o.tessdata_dir = config_.Str("ocr.tessdata");
  o.title = SanitizeFilename(path);
  auto t0 = std::chrono::steady_clock::now();
  auto pdf = BuildSearchablePdf(*pages, file, o);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (!pdf) return pdf.error();
  return ReadWithPdf{std::move(*read), std::move(*pdf), ms};
}

Result<nlohmann::json> LocalPipeline::Extract(const std::string& path) {
  auto pages = Read(path);
  if (!pages) return pages.error();
  auto cls = Handler("classify");
  if (!cls) return cls.error();
  nlohmann::json stage_ms = pages->header.value("stage_ms", nlohmann::json::object());
  auto t0 = Clock::now();
  auto c = (*cls)->Handle(0, 0, *pages);
  if (!c) return c.error();
  stage_ms["classify"] = Round1(MsSince(t0));
  pages->header["classification"] = c->header["classification"];
  auto ext = Handler("extract");
  if (!ext) return ext.error();
  auto t1 = Clock::now();
  auto f = (*ext)->Handle(0, 0, *pages);
  if (!f) return f.error();
  stage_ms["extract"] = Round1(MsSince(t1));
  // The extract stage's second look at the class wins (class_review.h).
  const auto& cj = f->header.contains("classification") ? f->header["classification"] : c->header["classification"];
  nlohmann::json out{{"class", cj.value("label", "other")}, {"confidence", cj.value("confidence", 0.0)},
                     {"fields", nlohmann::json::object()}};
  if (!cj.value("subtype", "").empty()) out["subtype"] = cj["subtype"];
  if (cj.contains("scores")) out["class_scores"] = cj["scores"];
  for (auto& [name, field] : f->header["fields"].items()) {
    out["fields"][name] = {{"value", field["value"]}, {"confidence", field["confidence"]}};
    if (field.contains("page") && field["page"].get<int>() >= 0) out["fields"][name]["page"] = field["page"];
    if (field.contains("box")) out["fields"][name]["box"] = field["box"];
    out["fields"][name]["method"] = field.value("method", "");
  }
  if (f->header.contains("embedded")) out["embedded"] = f->header["embedded"];
  out["stage_ms"] = std::move(stage_ms);
  return out;
}

}  // namespace docflow::cli

// Stage "store": everything learnt about a document -> PostgreSQL, in one
// transaction (storage/store_document.h). The only stage that needs the
// database URL.
//
// Archive (ocr.archive_pdf): when the JOB header says "archive": true, the
// broker has attached the OCR'd pages' images (pages[].blob) and, for a PDF,
// the original file ("original_blob"); the searchable PDF is built here
// (workers/ocr/searchable_pdf.h), before the transaction, and written in it.
// A document that cannot have one (no PDF to copy text-layer pages from) is
// stored without; so is one whose archive fails to build for good (a page
// image that does not decode, no glyph-less font): the records matter more
// than their archive, and the DONE header says why ("archive": {"skipped"}
// or {"error"}). On success the DONE header's "archive" records pages, bytes,
// sha256 and the time it took (ms, ms_per_page).
#include <algorithm>
#include <chrono>
#include <cmath>

#include "common/blob_store.h"
#include "common/log.h"
#include "storage/store_document.h"
#include "workers/ocr/searchable_pdf.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

using nlohmann::json;

class StoreStage : public StageHandler {
 public:
  StoreStage(std::unique_ptr<Db> db, SearchablePdfOptions archive_options)
      : db_(std::move(db)), archive_options_(std::move(archive_options)) {}
  std::string stage() const override { return "store"; }
  Result<Payload> Handle(long long job_id, long long lease_token, const Payload& in) override {
    auto pages = PagesFromPayload(in);
    if (!pages) return pages.error();
    StoreInput s;
    s.job_id = job_id;
    s.lease_token = lease_token;
    s.pages = std::move(*pages);
    try {
      s.document_id = in.header.at("document_id").get<long long>();
      s.mime = in.header.value("mime", "");
      s.classification = in.header.at("classification").get<Classification>();
      for (const auto& [name, f] : in.header.at("fields").items()) s.fields[name] = f.get<Field>();
    } catch (const nlohmann::json::exception& e) {
      return Permanent(std::string("malformed store input: ") + e.what());
    }
    json archive_info;
    if (in.header.value("archive", false)) {
      auto a = BuildArchive(in, s);
      if (!a) return a.error();
      archive_info = std::move(*a);
    }
    auto out = StoreDocument(*db_, s);
    if (!out) return out.error();
    Payload p;
    p.header["record"] = out->record_table.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json{{"table", out->record_table}, {"id", out->record_id}};
    p.header["event"] = out->event_topic;
    if (!archive_info.is_null()) p.header["archive"] = std::move(archive_info);
    return p;
  }

 private:
  // Builds s.archive from the pages (their images now in page.image) and the
  // original file; returns what the DONE header records about it. Error only
  // for what a retry may cure (memory) or a malformed JOB.
  Result<json> BuildArchive(const Payload& in, StoreInput& s) {
    std::string_view original;
    if (in.header.contains("original_blob")) {
      size_t k = 0;
      try {
        k = in.header.at("original_blob").get<size_t>();
      } catch (const json::exception& e) {
        return Permanent(std::string("malformed store input: original_blob: ") + e.what());
      }
      if (k >= in.blobs.size()) return Permanent("store input refers to a missing original file frame");
      original = in.blobs[k];
    }
    if (!CanBuildSearchablePdf(s.pages, !original.empty()))
      return json{{"skipped", "no archive for a document that is neither OCR'd nor a PDF"}};
    auto t0 = std::chrono::steady_clock::now();
    auto pdf = BuildSearchablePdf(s.pages, original, archive_options_);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!pdf) {
      if (pdf.error().retryable) return pdf.error();
      spdlog::warn("document {}: stored without its archive: {}", s.document_id, pdf.error().message);
      return json{{"error", pdf.error().message}};
    }
    ArchivePdf a;
    a.sha256 = Sha256Hex(pdf->bytes);
    a.page_count = pdf->pages;
    a.pdf = std::move(pdf->bytes);
    json info{{"pages", a.page_count},
              {"ocr_pages", pdf->ocr_pages},
              {"copied_pages", pdf->copied_pages},
              {"bytes", a.pdf.size()},
              {"sha256", a.sha256},
              {"ms", std::round(ms * 10) / 10},
              {"ms_per_page", std::round(ms * 10 / std::max(1, a.page_count)) / 10}};
    spdlog::info("document {}: archive PDF of {} page(s), {} bytes, in {:.1f} ms", s.document_id, a.page_count,
                 a.pdf.size(), ms);
    s.archive = std::move(a);
    return info;
  }

  std::unique_ptr<Db> db_;
  SearchablePdfOptions archive_options_;
};

}  // namespace

Result<std::unique_ptr<StageHandler>> MakeStoreStage(const Config& config) {
  auto db = Db::Connect(config.EffectiveDatabaseUrl());
  if (!db) return db.error();
  SearchablePdfOptions o;
  o.tessdata_dir = config.Str("ocr.tessdata");
  return std::unique_ptr<StageHandler>(std::make_unique<StoreStage>(std::move(*db), std::move(o)));
}

}  // namespace docflow

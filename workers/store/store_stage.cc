// Stage "store": everything learnt about a document -> PostgreSQL, in one
// transaction (storage/store_document.h). The only stage that needs the
// database URL.
#include "storage/store_document.h"
#include "workers/stage_handler.h"

namespace docflow {
namespace {

class StoreStage : public StageHandler {
 public:
  explicit StoreStage(std::unique_ptr<Db> db) : db_(std::move(db)) {}
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
    auto out = StoreDocument(*db_, s);
    if (!out) return out.error();
    Payload p;
    p.header["record"] = out->record_table.empty()
                             ? nlohmann::json(nullptr)
                             : nlohmann::json{{"table", out->record_table}, {"id", out->record_id}};
    p.header["event"] = out->event_topic;
    return p;
  }

 private:
  std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<StageHandler>> MakeStoreStage(const Config& config) {
  auto db = Db::Connect(config.EffectiveDatabaseUrl());
  if (!db) return db.error();
  return std::unique_ptr<StageHandler>(std::make_unique<StoreStage>(std::move(*db)));
}

}  // namespace docflow

#include "storage/documents.h"

#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

Result<IngestReceipt> RecordDocument(Db& db, const std::string& sha256, long long size, const std::string& filename,
                                     const std::string& source, const json& source_detail, int max_attempts) {
  return Transact(db, [&](pqxx::work& w) -> Result<IngestReceipt> {
    IngestReceipt rc;
    rc.sha256 = sha256;
    auto ins = w.exec_params(
        "INSERT INTO documents(sha256, size, filename, source, source_detail) VALUES ($1, $2, $3, $4, $5::jsonb)"
        " ON CONFLICT (sha256) DO NOTHING RETURNING id",
        sha256, size, filename, source, source_detail.dump(-1, ' ', false, json::error_handler_t::replace));
    if (!ins.empty()) {
      rc.document_id = ins[0][0].as<long long>();
      auto job = w.exec_params("INSERT INTO jobs(document_id, max_attempts) VALUES ($1, $2) RETURNING id",
                               rc.document_id, max_attempts);
      rc.job_id = job[0][0].as<long long>();
      w.exec_params("INSERT INTO job_events(job_id, state, message) VALUES ($1, 'queued', $2)", rc.job_id,
                    "accepted from " + source + " as " + filename);
      return rc;
    }
    auto old = w.exec_params(
        "SELECT d.id, j.id FROM documents d JOIN jobs j ON j.document_id = d.id WHERE d.sha256 = $1"
        " ORDER BY j.id DESC LIMIT 1",
        sha256);
    if (old.empty()) return Transient("document " + sha256 + " vanished during ingest");
    rc.document_id = old[0][0].as<long long>();
    rc.job_id = old[0][1].as<long long>();
    rc.duplicate = true;
    return rc;
  });
}

Result<DocumentInfo> GetDocument(Db& db, long long document_id) {
  return Transact(db, [&](pqxx::work& w) -> Result<DocumentInfo> {
    auto r = w.exec_params("SELECT id, sha256, filename, source, coalesce(mime, ''), size FROM documents WHERE id = $1",
                           document_id);
    if (r.empty()) return Permanent("no document " + std::to_string(document_id));
    return DocumentInfo{r[0][0].as<long long>(), r[0][1].as<std::string>(), r[0][2].as<std::string>(),
                        r[0][3].as<std::string>(), r[0][4].as<std::string>(), r[0][5].as<long long>()};
  });
}

Result<json> JobSummary(Db& db, long long job_id) {
  return Transact(db, [&](pqxx::work& w) -> Result<json> {
    auto r = w.exec_params(
        "SELECT j.id, d.id, d.filename, j.state, j.last_error, d.class, d.class_confidence,"
        " coalesce((SELECT jsonb_object_agg(f.name, jsonb_build_object('value', f.value, 'confidence', f.confidence))"
        "           FROM document_fields f WHERE f.document_id = d.id), '{}'::jsonb)::text,"
        " coalesce((SELECT 'invoices:' || id FROM invoices WHERE document_id = d.id),"
        "          (SELECT 'contracts:' || id FROM contracts WHERE document_id = d.id),"
        "          (SELECT 'people:' || id FROM people WHERE source_document_id = d.id),"
        "          (SELECT 'people:' || person_id FROM person_documents WHERE document_id = d.id AND role = 'contact'"
        "           ORDER BY person_id LIMIT 1),"
        "          (SELECT 'invoices:' || id FROM invoices WHERE document_id = d.duplicate_of))"
        " FROM jobs j JOIN documents d ON d.id = j.document_id WHERE j.id = $1",
        job_id);
    if (r.empty()) return Permanent("no job " + std::to_string(job_id));
    const auto& row = r[0];
    json out{{"job_id", row[0].as<long long>()},
             {"document_id", row[1].as<long long>()},
             {"file", row[2].as<std::string>()},
             {"state", row[3].as<std::string>()},
             {"error", row[4].is_null() ? json() : json(row[4].as<std::string>())},
             {"class", row[5].is_null() ? json() : json(row[5].as<std::string>())},
             {"confidence", row[6].is_null() ? json() : json(row[6].as<double>())},
             {"fields", json::parse(row[7].as<std::string>())},
             {"record", nullptr}};
    if (!row[8].is_null()) {
      std::string rec = row[8].as<std::string>();
      auto colon = rec.find(':');
      out["record"] = {{"table", rec.substr(0, colon)}, {"id", std::stoll(rec.substr(colon + 1))}};
    }
    return out;
  });
}

}  // namespace docflow

namespace docflow {
Result<std::vector<long long>> ListJobIds(Db& db, long long after) {
  return storage_internal::Transact(db, [&](pqxx::work& w) {
    std::vector<long long> ids;
    for (const auto& row : w.exec_params("SELECT id FROM jobs WHERE id > $1 ORDER BY id", after))
      ids.push_back(row[0].as<long long>());
    return ids;
  });
}
}  // namespace docflow

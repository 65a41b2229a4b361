#include "storage/document_batch.h"

#include <map>

#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

Result<std::vector<IngestReceipt>> RecordDocuments(Db& db, const std::vector<NewDocument>& documents) {
  if (documents.empty()) return std::vector<IngestReceipt>{};
  // The first occurrence of each sha256 is the one that may be inserted.
  json rows = json::array();
  std::map<std::string, size_t> first;
  for (size_t i = 0; i < documents.size(); ++i) {
    const NewDocument& d = documents[i];
    if (!first.emplace(d.sha256, i).second) continue;
    rows.push_back({{"ord", i},
                    {"sha256", d.sha256},
                    {"size", d.size},
                    {"filename", d.filename},
                    {"source", d.source},
                    {"detail", d.detail},
                    {"max_attempts", d.max_attempts}});
  }
  const std::string input = rows.dump(-1, ' ', false, json::error_handler_t::replace);
  return Transact(db, [&](pqxx::work& w) -> Result<std::vector<IngestReceipt>> {
    // Inserted documents, their jobs and first events, in one statement.
    auto inserted = w.exec_params(
        "WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(ord int, sha256 text, size bigint,"
        "   filename text, source text, detail jsonb, max_attempts int)),"
        " docs AS (INSERT INTO documents(sha256, size, filename, source, source_detail)"
        "   SELECT sha256, size, filename, source, detail FROM input ORDER BY ord"
        "   ON CONFLICT (sha256) DO NOTHING RETURNING id, sha256),"
        " new_jobs AS (INSERT INTO jobs(document_id, max_attempts)"
        "   SELECT docs.id, input.max_attempts FROM docs JOIN input USING (sha256) ORDER BY input.ord"
        "   RETURNING id, document_id),"
        " events AS (INSERT INTO job_events(job_id, state, message)"
        "   SELECT new_jobs.id, 'queued', 'accepted from ' || input.source || ' as ' || input.filename"
        "   FROM new_jobs JOIN docs ON docs.id = new_jobs.document_id JOIN input USING (sha256))"
        " SELECT docs.sha256, docs.id, new_jobs.id FROM docs JOIN new_jobs ON new_jobs.document_id = docs.id",
        input);
    std::map<std::string, std::pair<long long, long long>> fresh;
    for (const auto& r : inserted)
      fresh[r[0].as<std::string>()] = {r[1].as<long long>(), r[2].as<long long>()};
    // Bytes accepted before: the existing document and its latest job.
    std::map<std::string, std::pair<long long, long long>> old;
    json wanted = json::array();
    for (const auto& [sha, i] : first)
      if (!fresh.count(sha)) wanted.push_back(sha);
    if (!wanted.empty()) {
      auto r = w.exec_params(
          "SELECT DISTINCT ON (d.sha256) d.sha256, d.id, j.id FROM documents d JOIN jobs j ON j.document_id = d.id"
          " WHERE d.sha256 IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY d.sha256, j.id DESC",
          wanted.dump());
      for (const auto& row : r) old[row[0].as<std::string>()] = {row[1].as<long long>(), row[2].as<long long>()};
    }
    std::vector<IngestReceipt> out;
    for (size_t i = 0; i < documents.size(); ++i) {
      const std::string& sha = documents[i].sha256;
      IngestReceipt rc;
      rc.sha256 = sha;
      auto f = fresh.find(sha);
      if (f != fresh.end()) {
        rc.document_id = f->second.first;
        rc.job_id = f->second.second;
        rc.duplicate = first.at(sha) != i;  // a repeat within the batch
      } else {
        auto o = old.find(sha);
        if (o == old.end()) return Transient("document " + sha + " vanished during ingest");
        rc.document_id = o->second.first;
        rc.job_id = o->second.second;
        rc.duplicate = true;
      }
      out.push_back(rc);
    }
    return out;
  });
}

}  // namespace docflow

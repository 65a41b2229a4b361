#include "storage/store_document.h"

#include <regex>
#include <set>

#include "storage/db_internal.h"
#include "storage/records/document_records.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

std::string ValidIsoDate(const std::string& s) {
  static const std::regex kIso(R"((\d{4})-(\d{2})-(\d{2}))");
  std::smatch m;
  if (!std::regex_match(s, m, kIso)) return "";
  int y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return "";
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[mo - 1] + (mo == 2 && leap ? 1 : 0);
  return d <= max ? s : "";
}

std::string ValidDecimal(const std::string& s) {
  static const std::regex kDec(R"(-?\d{1,13}(\.\d{1,4})?)");
  return std::regex_match(s, kDec) ? s : "";
}

namespace {

std::string BoxArray(const Field& f) {
  if (!f.box) return "";
  const Box& b = *f.box;
  return "{" + std::to_string(b.x) + "," + std::to_string(b.y) + "," + std::to_string(b.w) + "," +
         std::to_string(b.h) + "}";
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool RecordExists(pqxx::work& w, const std::string& table, long long id) {
  static const char* kTables[] = {"invoices", "contracts", "people", "companies"};
  for (const char* t : kTables)
    if (table == t) return !w.exec_params(std::string("SELECT 1 FROM ") + t + " WHERE id = $1", id).empty();
  return true;
}

// Writes the events announced in tx (one row per document, topic and record:
// a re-run updates the payload, adds no row), then drops this document's
// unprocessed events that no longer hold: a record event of another outcome
// (the class or the duplicate verdict changed), a people.match no longer
// made, or an event about a row that is gone.
void WriteEvents(pqxx::work& w, const records::RecordTx& tx) {
  for (const auto& e : tx.events())
    w.exec_params(
        "INSERT INTO events(topic, document_id, record_table, record_id, payload) VALUES ($1, $2, $3, $4, $5::jsonb)"
        " ON CONFLICT (document_id, topic, record_table, record_id) DO UPDATE SET payload = EXCLUDED.payload",
        e.topic, tx.document_id(), e.record_table, e.record_id, Dump(e.payload));
  static const std::set<std::string> kOutcomeTopics = {"invoices.create", "invoices.duplicate", "contracts.create",
                                                       "people.match"};
  auto pending = w.exec_params(
      "SELECT id, topic, coalesce(record_table, ''), coalesce(record_id, 0) FROM events"
      " WHERE document_id = $1 AND processed_at IS NULL",
      tx.document_id());
  for (const auto& row : pending) {
    std::string topic = row[1].as<std::string>(), table = row[2].as<std::string>();
    long long record = row[3].as<long long>();
    bool written = false;
    for (const auto& e : tx.events())
      written |= e.topic == topic && e.record_table == table && e.record_id == record;
    if (written) continue;
    if (kOutcomeTopics.count(topic) || !RecordExists(w, table, record))
      w.exec_params("DELETE FROM events WHERE id = $1", row[0].as<long long>());
  }
}

}  // namespace

Result<StoreOutcome> StoreDocument(Db& db, const StoreInput& in) {
  return Transact(db, [&](pqxx::work& w) -> Result<StoreOutcome> {
    auto job = w.exec_params(
        "SELECT state FROM jobs WHERE id = $1 AND document_id = $2 AND lease_token = $3 FOR UPDATE", in.job_id,
        in.document_id, in.lease_token);
    if (job.empty() || (job[0][0].as<std::string>() != "storing" && job[0][0].as<std::string>() != "done"))
      return Permanent("stale lease for job " + std::to_string(in.job_id) + ": nothing stored");
    // The audit trail (logs) names docflow and this document for every write below.
    w.exec_params("SELECT set_config('docflow.actor', 'docflow', true), set_config('docflow.document_id', $1, true)",
                  std::to_string(in.document_id));

    const Classification& c = in.classification;
    w.exec_params(
        "UPDATE documents SET mime = NULLIF($2, ''), page_count = $3, class = $4, class_confidence = $5,"
        " class_subtype = NULLIF($6, ''), updated_at = now() WHERE id = $1",
        in.document_id, in.mime, static_cast<int>(in.pages.size()), c.label, c.confidence, c.subtype);

    w.exec_params("DELETE FROM pages WHERE document_id = $1", in.document_id);
    for (const Page& p : in.pages) {
      w.exec_params(
          "INSERT INTO pages(document_id, page_no, source, text, mean_confidence, words, width, height, dpi,"
          " image_sha256, preprocess) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, NULLIF($10, ''), $11::jsonb)",
          in.document_id, p.index, p.source.empty() ? "unknown" : p.source, p.text, p.mean_confidence,
          Dump(json(p.words)), p.width, p.height, p.dpi, p.image_sha256, Dump(p.preprocess));
    }

    w.exec_params("DELETE FROM document_fields WHERE document_id = $1", in.document_id);
    for (const auto& [name, f] : in.fields) {
      double conf = std::clamp(f.confidence, 0.0, 1.0);
      w.exec_params(
          "INSERT INTO document_fields(document_id, name, value, confidence, page, bbox, method, extractor_version)"
          " VALUES ($1, $2, $3::jsonb, $4, $5, NULLIF($6, '')::int[], $7, $8)",
          in.document_id, name, Dump(f.value), conf, f.page, BoxArray(f), f.method.empty() ? "unknown" : f.method,
          f.extractor_version.empty() ? "unknown" : f.extractor_version);
    }

    StoreOutcome out;
    const Fields& f = in.fields;
    records::RecordTx tx(w, in.document_id);
    records::RecordOutcome rec;
    if (c.label == "invoice" || c.label == "contract" || c.label == "contact") {
      // One store transaction at a time matches and creates companies and
      // people (two documents of one new supplier make one company; two
      // copies of one invoice make one invoice and a duplicate). Held until
      // commit; taken after the pages, so only the records part waits.
      w.exec("SELECT pg_advisory_xact_lock(7305006)");
      if (c.label == "invoice") rec = records::StoreInvoiceRecord(tx, f, c);
      else if (c.label == "contract") rec = records::StoreContractRecord(tx, f);
      else rec = records::StoreContactRecord(tx, f);
    }
    const bool duplicate = rec.topic == "invoices.duplicate";
    // A re-run that changed the class leaves no record of the old class behind.
    records::RemoveOtherRecords(tx, rec.table, duplicate);
    out = {rec.table, rec.id, rec.topic};
    if (duplicate) out.duplicate_of_document_id = rec.payload.value("duplicate_of_document_id", 0LL);

    if (!rec.table.empty() && rec.emit) {
      json fields_json = json::object();
      for (const auto& [name, field] : f) fields_json[name] = field.value;
      json payload{{"document_id", in.document_id}, {"record_table", rec.table},
                   {"record_id", rec.id},           {"class", c.label},
                   {"confidence", c.confidence},    {"fields", fields_json}};
      payload.update(rec.payload);
      tx.Emit(rec.topic, rec.table, rec.id, payload);
    }
    WriteEvents(w, tx);
    if (in.archive) {
      const ArchivePdf& a = *in.archive;
      w.exec_params(
          "INSERT INTO document_archives(document_id, pdf, sha256, page_count, byte_size) VALUES ($1, $2, $3, $4, $5)"
          " ON CONFLICT (document_id) DO UPDATE SET pdf = EXCLUDED.pdf, sha256 = EXCLUDED.sha256,"
          " page_count = EXCLUDED.page_count, byte_size = EXCLUDED.byte_size, created_at = now()",
          in.document_id, pqxx::binarystring(a.pdf), a.sha256, a.page_count, static_cast<long long>(a.pdf.size()));
    }

    w.exec_params(
        "UPDATE jobs SET state = 'done', attempts = 0, lease_owner = NULL, lease_expires_at = NULL,"
        " finished_at = now(), updated_at = now(), last_error = NULL WHERE id = $1",
        in.job_id);
    std::string message = out.record_table.empty()
                              ? std::string("stored; no business record for class ") + c.label
                              : "stored as " + out.record_table + " " + std::to_string(out.record_id);
    if (duplicate) message = "stored as a duplicate of invoices " + std::to_string(out.record_id);
    w.exec_params("INSERT INTO job_events(job_id, state, message) VALUES ($1, 'done', $2)", in.job_id, message);
    return out;
  });
}

Result<std::optional<StoredArchive>> GetDocumentArchive(Db& db, long long document_id) {
  return Transact(db, [&](pqxx::work& w) -> std::optional<StoredArchive> {
    auto r = w.exec_params(
        "SELECT pdf, sha256, page_count, byte_size,"
        " to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        " FROM document_archives WHERE document_id = $1",
        document_id);
    if (r.empty()) return std::nullopt;
    StoredArchive s;
    s.archive.pdf = pqxx::binarystring(r[0][0]).str();
    s.archive.sha256 = r[0][1].as<std::string>();
    s.archive.page_count = r[0][2].as<int>();
    s.byte_size = r[0][3].as<long long>();
    s.created_at = r[0][4].as<std::string>();
    return s;
  });
}

}  // namespace docflow

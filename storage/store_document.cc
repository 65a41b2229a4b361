#include "storage/store_document.h"

#include <regex>

#include "storage/db_internal.h"

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

std::string FieldString(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  if (it == f.end() || it->second.value.is_null()) return "";
  const json& v = it->second.value;
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string BoxArray(const Field& f) {
  if (!f.box) return "";
  const Box& b = *f.box;
  return "{" + std::to_string(b.x) + "," + std::to_string(b.y) + "," + std::to_string(b.w) + "," +
         std::to_string(b.h) + "}";
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

Result<StoreOutcome> StoreDocument(Db& db, const StoreInput& in) {
  return Transact(db, [&](pqxx::work& w) -> Result<StoreOutcome> {
    auto job = w.exec_params(
        "SELECT state FROM jobs WHERE id = $1 AND document_id = $2 AND lease_token = $3 FOR UPDATE", in.job_id,
        in.document_id, in.lease_token);
    if (job.empty() || (job[0][0].as<std::string>() != "storing" && job[0][0].as<std::string>() != "done"))
      return Permanent("stale lease for job " + std::to_string(in.job_id) + ": nothing stored");

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
    if (c.label == "invoice") {
      std::string currency = FieldString(f, "currency");
      if (currency.size() != 3) currency.clear();
      auto r = w.exec_params(
          "INSERT INTO invoices(document_id, invoice_number, issue_date, due_date, currency, total_gross,"
          " supplier_name) VALUES ($1, NULLIF($2, ''), NULLIF($3, '')::date, NULLIF($4, '')::date, NULLIF($5, ''),"
          " NULLIF($6, '')::numeric, NULLIF($7, ''))"
          " ON CONFLICT (document_id) DO UPDATE SET invoice_number = EXCLUDED.invoice_number,"
          " issue_date = EXCLUDED.issue_date, due_date = EXCLUDED.due_date, currency = EXCLUDED.currency,"
          " total_gross = EXCLUDED.total_gross, supplier_name = EXCLUDED.supplier_name, updated_at = now()"
          " RETURNING id",
          in.document_id, FieldString(f, "invoice_number"), ValidIsoDate(FieldString(f, "issue_date")),
          ValidIsoDate(FieldString(f, "due_date")), currency, ValidDecimal(FieldString(f, "total_gross")),
          FieldString(f, "supplier_name"));
      out = {"invoices", r[0][0].as<long long>(), "invoices.create"};
    } else if (c.label == "contract") {
      json parties = f.count("parties") && f.at("parties").value.is_array() ? f.at("parties").value : json::array();
      auto r = w.exec_params(
          "INSERT INTO contracts(document_id, title, parties, agreement_date, effective_date, expiration_date)"
          " VALUES ($1, NULLIF($2, ''), $3::jsonb, NULLIF($4, '')::date, NULLIF($5, '')::date, NULLIF($6, '')::date)"
          " ON CONFLICT (document_id) DO UPDATE SET title = EXCLUDED.title, parties = EXCLUDED.parties,"
          " agreement_date = EXCLUDED.agreement_date, effective_date = EXCLUDED.effective_date,"
          " expiration_date = EXCLUDED.expiration_date, updated_at = now() RETURNING id",
          in.document_id, FieldString(f, "title"), Dump(parties), ValidIsoDate(FieldString(f, "agreement_date")),
          ValidIsoDate(FieldString(f, "effective_date")), ValidIsoDate(FieldString(f, "expiration_date")));
      out = {"contracts", r[0][0].as<long long>(), "contracts.create"};
    } else if (c.label == "contact") {
      auto r = w.exec_params(
          "INSERT INTO people(source_document_id, full_name, company, job_title, email, phone)"
          " VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''), NULLIF($6, ''))"
          " ON CONFLICT (source_document_id) DO UPDATE SET full_name = EXCLUDED.full_name,"
          " company = EXCLUDED.company, job_title = EXCLUDED.job_title, email = EXCLUDED.email,"
          " phone = EXCLUDED.phone, updated_at = now() RETURNING id",
          in.document_id, FieldString(f, "full_name"), FieldString(f, "company"), FieldString(f, "job_title"),
          FieldString(f, "email"), FieldString(f, "phone"));
      out = {"people", r[0][0].as<long long>(), "people.create"};
    }
    // A re-run that changed the class leaves no record of the old class behind.
    if (out.record_table != "invoices") w.exec_params("DELETE FROM invoices WHERE document_id = $1", in.document_id);
    if (out.record_table != "contracts") w.exec_params("DELETE FROM contracts WHERE document_id = $1", in.document_id);
    if (out.record_table != "people") w.exec_params("DELETE FROM people WHERE source_document_id = $1", in.document_id);
    w.exec_params("DELETE FROM events WHERE document_id = $1 AND topic <> $2 AND processed_at IS NULL",
                  in.document_id, out.event_topic);

    if (!out.record_table.empty()) {
      json fields_json = json::object();
      for (const auto& [name, field] : f) fields_json[name] = field.value;
      json payload{{"document_id", in.document_id}, {"record_table", out.record_table},
                   {"record_id", out.record_id},  {"class", c.label},
                   {"confidence", c.confidence},  {"fields", fields_json}};
      w.exec_params(
          "INSERT INTO events(topic, document_id, record_table, record_id, payload) VALUES ($1, $2, $3, $4, $5::jsonb)"
          " ON CONFLICT (document_id, topic) DO UPDATE SET record_id = EXCLUDED.record_id,"
          " payload = EXCLUDED.payload",
          out.event_topic, in.document_id, out.record_table, out.record_id, Dump(payload));
    }

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
    w.exec_params("INSERT INTO job_events(job_id, state, message) VALUES ($1, 'done', $2)", in.job_id,
                  out.record_table.empty() ? std::string("stored; no business record for class ") + c.label
                                           : "stored as " + out.record_table + " " + std::to_string(out.record_id));
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

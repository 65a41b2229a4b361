#include "storage/records/record_summary.h"

#include "storage/db_internal.h"

namespace docflow {

using nlohmann::json;
using storage_internal::Transact;

namespace {

std::string Text(const pqxx::field& f) { return f.is_null() ? "" : f.as<std::string>(); }

std::string Named(const std::string& name, long long id) { return name + " (#" + std::to_string(id) + ")"; }

}  // namespace

Result<RecordSummary> SummariseRecord(Db& db, long long document_id) {
  return Transact(db, [&](pqxx::work& w) -> RecordSummary {
    RecordSummary s;
    auto dup = w.exec_params(
        "SELECT d.duplicate_of, i.id FROM documents d LEFT JOIN invoices i ON i.document_id = d.duplicate_of"
        " WHERE d.id = $1 AND d.duplicate_of IS NOT NULL",
        document_id);
    if (!dup.empty()) {
      long long first = dup[0][0].as<long long>();
      s.text = "duplicate of document " + std::to_string(first);
      s.json = {{"kind", "duplicate"}, {"duplicate_of", first}};
      if (!dup[0][1].is_null()) {
        s.text += " (invoice #" + dup[0][1].as<std::string>() + ")";
        s.json["id"] = dup[0][1].as<long long>();
      }
      return s;
    }
    auto inv = w.exec_params(
        "SELECT i.id, s.id, s.name, c.id, c.name, i.total_gross::text, i.currency FROM invoices i"
        " LEFT JOIN companies s ON s.id = i.supplier_company_id LEFT JOIN companies c ON c.id = i.customer_company_id"
        " WHERE i.document_id = $1",
        document_id);
    if (!inv.empty()) {
      const auto& r = inv[0];
      s.json = {{"kind", "invoice"}, {"id", r[0].as<long long>()}, {"companies", json::array()}};
      s.text = "invoice #" + r[0].as<std::string>() + ":";
      if (!r[1].is_null()) {
        s.text += " " + Named(Text(r[2]), r[1].as<long long>());
        s.json["companies"].push_back({{"role", "supplier"}, {"id", r[1].as<long long>()}, {"name", Text(r[2])}});
      }
      if (!r[3].is_null()) {
        s.text += " -> " + Named(Text(r[4]), r[3].as<long long>());
        s.json["companies"].push_back({{"role", "customer"}, {"id", r[3].as<long long>()}, {"name", Text(r[4])}});
      }
      if (!r[5].is_null()) s.text += ", " + Text(r[5]) + (r[6].is_null() ? "" : " " + Text(r[6]));
      return s;
    }
    auto con = w.exec_params("SELECT id FROM contracts WHERE document_id = $1", document_id);
    if (!con.empty()) {
      long long id = con[0][0].as<long long>();
      s.json = {{"kind", "contract"}, {"id", id}, {"companies", json::array()}, {"people", json::array()}};
      s.text = "contract #" + std::to_string(id) + ":";
      auto parties = w.exec_params(
          "SELECT cp.kind, coalesce(cp.company_id, cp.person_id), coalesce(c.name, p.full_name, cp.name)"
          " FROM contract_parties cp LEFT JOIN companies c ON c.id = cp.company_id"
          " LEFT JOIN people p ON p.id = cp.person_id WHERE cp.contract_id = $1 ORDER BY cp.position",
          id);
      std::string sep = " ";
      for (const auto& p : parties) {
        std::string kind = p[0].as<std::string>(), name = Text(p[2]);
        if (p[1].is_null()) {
          s.text += sep + name;
        } else {
          long long pid = p[1].as<long long>();
          s.text += sep + Named(name, pid);
          s.json[kind == "company" ? "companies" : "people"].push_back(
              {{"role", "party"}, {"id", pid}, {"name", name}});
        }
        sep = ", ";
      }
      return s;
    }
    auto person = w.exec_params(
        "SELECT p.id, p.full_name, c.id, c.name FROM people p LEFT JOIN companies c ON c.id = p.company_id"
        " WHERE p.id = coalesce((SELECT id FROM people WHERE source_document_id = $1),"
        "   (SELECT person_id FROM person_documents WHERE document_id = $1 AND role = 'contact'"
        "    ORDER BY person_id LIMIT 1))",
        document_id);
    if (!person.empty()) {
      const auto& r = person[0];
      long long id = r[0].as<long long>();
      s.json = {{"kind", "person"}, {"id", id}, {"person", {{"id", id}, {"name", Text(r[1])}}},
                {"companies", json::array()}};
      s.text = "person #" + std::to_string(id) + (r[1].is_null() ? "" : " " + Text(r[1]));
      if (!r[2].is_null()) {
        s.text += " at " + Named(Text(r[3]), r[2].as<long long>());
        s.json["companies"].push_back({{"role", "employer"}, {"id", r[2].as<long long>()}, {"name", Text(r[3])}});
      }
    }
    return s;
  });
}

}  // namespace docflow

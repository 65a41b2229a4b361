#include "storage/field_corrections.h"

#include <map>
#include <regex>

#include "storage/db_internal.h"
#include "storage/store_document.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

namespace {

enum class Kind { kText, kDate, kDecimal, kCurrency, kJsonArray };

struct Column {
  const char* table;
  const char* key;  // the column naming the document
  const char* column;
  Kind kind;
};

// The business record's columns that a field of each class maps to (the
// store stage's mapping, storage/store_document.cc). Identifiers come only
// from this table, never from the request.
const std::map<std::string, std::map<std::string, Column>>& RecordColumns() {
  static const std::map<std::string, std::map<std::string, Column>> m = {
      {"invoice",
       {{"invoice_number", {"invoices", "document_id", "invoice_number", Kind::kText}},
        {"issue_date", {"invoices", "document_id", "issue_date", Kind::kDate}},
        {"due_date", {"invoices", "document_id", "due_date", Kind::kDate}},
        {"currency", {"invoices", "document_id", "currency", Kind::kCurrency}},
        {"total_gross", {"invoices", "document_id", "total_gross", Kind::kDecimal}},
        {"supplier_name", {"invoices", "document_id", "supplier_name", Kind::kText}}}},
      {"contract",
       {{"title", {"contracts", "document_id", "title", Kind::kText}},
        {"parties", {"contracts", "document_id", "parties", Kind::kJsonArray}},
        {"agreement_date", {"contracts", "document_id", "agreement_date", Kind::kDate}},
        {"effective_date", {"contracts", "document_id", "effective_date", Kind::kDate}},
        {"expiration_date", {"contracts", "document_id", "expiration_date", Kind::kDate}}}},
      {"contact",
       {{"full_name", {"people", "source_document_id", "full_name", Kind::kText}},
        {"company", {"people", "source_document_id", "company", Kind::kText}},
        {"job_title", {"people", "source_document_id", "job_title", Kind::kText}},
        {"email", {"people", "source_document_id", "email", Kind::kText}},
        {"phone", {"people", "source_document_id", "phone", Kind::kText}}}},
  };
  return m;
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The column value for v ("" is NULL), or an error message.
Result<std::string> ColumnValue(const Column& c, const std::string& field, const json& v) {
  if (v.is_null()) return std::string();
  std::string s = v.is_string() ? v.get<std::string>() : Dump(v);
  switch (c.kind) {
    case Kind::kText:
      return s;
    case Kind::kDate: {
      std::string d = ValidIsoDate(s);
      if (d.empty()) return Permanent(field + ": not a date in the form YYYY-MM-DD: " + s.substr(0, 40));
      return d;
    }
    case Kind::kDecimal: {
      std::string d = ValidDecimal(s);
      if (d.empty()) return Permanent(field + ": not a decimal amount such as 1234.56: " + s.substr(0, 40));
      return d;
    }
    case Kind::kCurrency: {
      static const std::regex kCode("[A-Za-z]{3}");
      if (!std::regex_match(s, kCode)) return Permanent(field + ": not an ISO 4217 code such as EUR: " + s.substr(0, 40));
      for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return s;
    }
    case Kind::kJsonArray:
      if (!v.is_array()) return Permanent(field + ": expected a JSON array");
      return Dump(v);
  }
  return s;
}

std::string Cast(Kind k) {
  switch (k) {
    case Kind::kDate: return "::date";
    case Kind::kDecimal: return "::numeric";
    case Kind::kJsonArray: return "::jsonb";
    default: return "";
  }
}

}  // namespace

Result<CorrectionOutcome> CorrectFields(Db& db, long long document_id, const json& fields, const std::string& who) {
  static const std::regex kName("[a-z][a-z0-9_]{0,62}");
  CorrectionOutcome out;
  auto refuse = [&](CorrectionRefusal kind, std::string reason) {
    out.refused = kind;
    out.reason = std::move(reason);
    return out;
  };
  if (!fields.is_object() || fields.empty())
    return refuse(CorrectionRefusal::kInvalid, "expected {\"fields\": {name: value, ...}} with at least one field");
  for (auto it = fields.begin(); it != fields.end(); ++it)
    if (!std::regex_match(it.key(), kName))
      return refuse(CorrectionRefusal::kInvalid, "invalid field name (lower-case letters, digits, _): " +
                                                     it.key().substr(0, 64));
  return Transact(db, [&](pqxx::work& w) -> Result<CorrectionOutcome> {
    auto doc = w.exec_params(
        "SELECT coalesce(d.class, ''), coalesce((SELECT state FROM jobs WHERE document_id = d.id"
        " ORDER BY id DESC LIMIT 1), '') FROM documents d WHERE d.id = $1 FOR UPDATE",
        document_id);
    if (doc.empty()) return refuse(CorrectionRefusal::kNotFound, "no document " + std::to_string(document_id));
    std::string cls = doc[0][0].as<std::string>(), state = doc[0][1].as<std::string>();
    if (state != "done" && state != "failed" && !state.empty())
      return refuse(CorrectionRefusal::kBusy, "document " + std::to_string(document_id) +
                                                  " is still being processed (" + state + "); try again when done");
    const auto& columns = RecordColumns();
    auto cls_columns = columns.find(cls);
    // Validate everything before writing anything.
    std::vector<std::pair<const Column*, std::string>> values;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
      const Column* col = nullptr;
      if (cls_columns != columns.end()) {
        auto c = cls_columns->second.find(it.key());
        if (c != cls_columns->second.end()) col = &c->second;
      }
      std::string v;
      if (col) {
        auto cv = ColumnValue(*col, it.key(), it.value());
        if (!cv) return refuse(CorrectionRefusal::kInvalid, cv.error().message);
        v = *cv;
      }
      values.emplace_back(col, v);
    }
    size_t i = 0;
    for (auto it = fields.begin(); it != fields.end(); ++it, ++i) {
      const std::string& name = it.key();
      std::string new_value = Dump(it.value());
      auto old = w.exec_params("SELECT value::text FROM document_fields WHERE document_id = $1 AND name = $2",
                               document_id, name);
      json old_value = old.empty() ? json() : json::parse(old[0][0].as<std::string>(), nullptr, false);
      w.exec_params(
          "INSERT INTO document_fields(document_id, name, value, confidence, page, bbox, method, extractor_version)"
          " VALUES ($1, $2, $3::jsonb, 1, NULL, NULL, 'manual', 'manual')"
          " ON CONFLICT (document_id, name) DO UPDATE SET value = EXCLUDED.value, confidence = 1, page = NULL,"
          " bbox = NULL, method = 'manual', extractor_version = 'manual'",
          document_id, name, new_value);
      json record_column;
      if (const Column* col = values[i].first) {
        std::string target = std::string(col->table) + "." + col->column;
        std::string value_sql = col->kind == Kind::kJsonArray ? "coalesce(NULLIF($2, '')::jsonb, '[]'::jsonb)"
                                                              : "NULLIF($2, '')" + Cast(col->kind);
        auto r = w.exec_params(std::string("UPDATE ") + col->table + " SET " + col->column + " = " + value_sql +
                                   ", updated_at = now() WHERE " + col->key + " = $1 RETURNING id",
                               document_id, values[i].second);
        if (!r.empty()) record_column = target;
      }
      w.exec_params(
          "INSERT INTO field_corrections(document_id, field, old_value, new_value, who)"
          " VALUES ($1, $2, NULLIF($3, '')::jsonb, $4::jsonb, $5)",
          document_id, name, old.empty() ? std::string() : old[0][0].as<std::string>(), new_value, who);
      out.applied.push_back(
          {{"field", name}, {"old_value", old_value}, {"new_value", it.value()}, {"record_column", record_column}});
    }
    return out;
  });
}

}  // namespace docflow

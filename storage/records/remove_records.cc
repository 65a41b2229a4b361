// RemoveOtherRecords and the field helpers (document_records.h).
#include "storage/records/document_records.h"

namespace docflow::records {

std::string FieldText(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  if (it == f.end() || it->second.value.is_null()) return "";
  const nlohmann::json& v = it->second.value;
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string FirstFieldText(const Fields& f, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (std::string v = FieldText(f, n); !v.empty()) return v;
  return "";
}

void RemoveOtherRecords(RecordTx& tx, const std::string& kept_table, bool still_duplicate) {
  pqxx::work& w = tx.w();
  const long long doc = tx.document_id();
  if (kept_table != "invoices" || still_duplicate) w.exec_params("DELETE FROM invoices WHERE document_id = $1", doc);
  if (!still_duplicate)
    w.exec_params("UPDATE documents SET duplicate_of = NULL WHERE id = $1 AND duplicate_of IS NOT NULL", doc);
  if (kept_table != "contracts") {
    w.exec_params("DELETE FROM contracts WHERE document_id = $1", doc);
    w.exec_params("DELETE FROM person_documents WHERE document_id = $1 AND role = 'party'", doc);
  }
  if (kept_table != "people") {
    // The person this document created, unless another document or a person's edit holds on to it.
    w.exec_params(
        "DELETE FROM people p WHERE p.source_document_id = $1 AND p.source = 'docflow' AND p.manual_fields = '{}'"
        " AND NOT EXISTS (SELECT 1 FROM person_documents pd WHERE pd.person_id = p.id AND pd.document_id <> $1)",
        doc);
    w.exec_params("DELETE FROM person_documents WHERE document_id = $1 AND role = 'contact'", doc);
  }
}

}  // namespace docflow::records

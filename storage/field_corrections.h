// Correcting extracted fields by hand (PATCH /api/v1/documents/{id}/fields).
// In one transaction, for each corrected field: document_fields gets the new
// value (method "manual", confidence 1, no page/box), the business record's
// column is updated when the field maps to one (invoices, contracts, people;
// dates, amounts and currencies are validated as the store stage does), and
// an audit row goes to field_corrections (who, when, old, new).
//
// Refusals (nothing written): no such document; the document is still being
// processed (the store stage would replace its fields); a bad field name or a
// value that does not fit its column. Database errors are transient Errors.
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

enum class CorrectionRefusal { kNone, kNotFound, kBusy, kInvalid };

struct CorrectionOutcome {
  CorrectionRefusal refused = CorrectionRefusal::kNone;  // kNone: applied
  std::string reason;                                    // why it was refused
  // [{"field", "old_value", "new_value", "record_column": "invoices.total_gross" | null}]
  nlohmann::json applied = nlohmann::json::array();
};

// fields: {name: new value, ...} (at least one). who: the token's name.
Result<CorrectionOutcome> CorrectFields(Db& db, long long document_id, const nlohmann::json& fields,
                                        const std::string& who);

}  // namespace docflow

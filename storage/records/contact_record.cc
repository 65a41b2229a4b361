// contact -> people and companies (document_records.h).
#include <optional>

#include "storage/records/companies.h"
#include "storage/records/document_records.h"
#include "storage/records/people.h"

namespace docflow::records {

using nlohmann::json;

RecordOutcome StoreContactRecord(RecordTx& tx, const Fields& f) {
  pqxx::work& w = tx.w();
  PersonFacts pf;
  pf.full_name = FieldText(f, "full_name");
  pf.email = FieldText(f, "email");
  pf.phone = FieldText(f, "phone");
  pf.job_title = FieldText(f, "job_title");
  pf.website = FieldText(f, "website");
  pf.address = FieldText(f, "address");
  pf.company = FieldText(f, "company");
  pf.role = "contact";
  std::optional<CompanyMatch> company;
  if (!pf.company.empty()) {
    CompanyFacts cf;
    cf.name = pf.company;
    cf.website = pf.website;
    company = MatchOrCreateCompany(tx, cf, "employer");
    if (company) pf.company_id = company->id;
  }
  PersonMatch m = MatchOrCreatePerson(tx, pf);
  json facts{{"person_id", m.id},
             {"company_id", company ? json(company->id) : json()},
             {"matched_by", m.created ? "created" : m.matched_by}};
  if (m.created) return {"people", m.id, "people.create", facts};
  if (!m.filled.empty()) {
    facts["filled"] = m.filled;
    return {"people", m.id, "people.update", facts, false};  // MatchOrCreatePerson announced it
  }
  // A known person, nothing new: people.match, unless an earlier run of this
  // document already announced its update.
  auto earlier = w.exec_params(
      "SELECT topic FROM events WHERE document_id = $1 AND record_table = 'people' AND record_id = $2"
      " AND topic IN ('people.update', 'people.match') ORDER BY id LIMIT 1",
      tx.document_id(), m.id);
  if (!earlier.empty() && earlier[0][0].as<std::string>() == "people.update")
    return {"people", m.id, "people.update", facts, false};
  return {"people", m.id, "people.match", facts};
}

}  // namespace docflow::records

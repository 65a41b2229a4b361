// contract -> contracts and contract_parties (document_records.h).
#include <optional>

#include "storage/records/companies.h"
#include "storage/records/document_records.h"
#include "storage/records/identifiers.h"
#include "storage/records/people.h"
#include "storage/store_document.h"

namespace docflow::records {

using nlohmann::json;

RecordOutcome StoreContractRecord(RecordTx& tx, const Fields& f) {
  pqxx::work& w = tx.w();
  const long long doc = tx.document_id();

  std::vector<std::string> names;
  if (auto it = f.find("parties"); it != f.end() && it->second.value.is_array())
    for (const json& p : it->second.value) {
      if (p.is_string() && !p.get<std::string>().empty()) names.push_back(p.get<std::string>());
      else if (p.is_object() && p.value("name", json()).is_string()) names.push_back(p["name"].get<std::string>());
    }

  std::string effective = ValidIsoDate(FieldText(f, "effective_date"));
  std::string expiration = ValidIsoDate(FieldText(f, "expiration_date"));
  if (!effective.empty() && !expiration.empty() && expiration < effective) expiration.clear();
  std::string currency = NormaliseCurrency(FieldText(f, "currency"));
  std::string value = ValidDecimal(FirstFieldText(f, {"contract_value", "value", "total_value", "amount"}));
  if (currency.empty() || (!value.empty() && value[0] == '-')) value.clear();

  auto r = w.exec_params(
      "INSERT INTO contracts(document_id, title, parties, agreement_date, effective_date, expiration_date,"
      " value_amount, currency, renewal_term, notice_period, governing_law)"
      " VALUES ($1, NULLIF($2, ''), $3::jsonb, NULLIF($4, '')::date, NULLIF($5, '')::date, NULLIF($6, '')::date,"
      " NULLIF($7, '')::numeric, NULLIF($8, ''), NULLIF($9, '')::interval, NULLIF($10, '')::interval, NULLIF($11, ''))"
      " ON CONFLICT (document_id) DO UPDATE SET title = EXCLUDED.title, parties = EXCLUDED.parties,"
      " agreement_date = EXCLUDED.agreement_date, effective_date = EXCLUDED.effective_date,"
      " expiration_date = EXCLUDED.expiration_date, value_amount = EXCLUDED.value_amount,"
      " currency = EXCLUDED.currency, renewal_term = EXCLUDED.renewal_term,"
      " notice_period = EXCLUDED.notice_period, governing_law = EXCLUDED.governing_law, updated_at = now()"
      " RETURNING id",
      doc, FieldText(f, "title"), json(names).dump(), ValidIsoDate(FieldText(f, "agreement_date")), effective,
      expiration, value, value.empty() ? "" : currency, ValidIsoDuration(FieldText(f, "renewal_term")),
      ValidIsoDuration(FieldText(f, "notice_period")), FieldText(f, "governing_law"));
  const long long contract_id = r[0][0].as<long long>();

  json parties = json::array();
  long long client = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i];
    const bool org = LooksLikeOrganisation(name);
    long long company_id = 0, person_id = 0;
    if (org) {
      CompanyFacts cf;
      cf.name = name;
      if (auto m = MatchOrCreateCompany(tx, cf, "party")) {
        company_id = m->id;
        if (!m->is_self && !client) client = m->id;  // the first party that is not us
      }
    } else {
      // A person named on this contract before keeps its row (a name alone
      // matches nobody else).
      auto prev = w.exec_params(
          "SELECT person_id FROM contract_parties WHERE contract_id = $1 AND position = $2 AND name = $3"
          " AND kind = 'person' AND person_id IS NOT NULL",
          contract_id, static_cast<int>(i), name);
      if (!prev.empty()) {
        person_id = prev[0][0].as<long long>();
      } else {
        PersonFacts pf;
        pf.full_name = name;
        pf.role = "party";
        person_id = MatchOrCreatePerson(tx, pf).id;
      }
    }
    w.exec_params(
        "INSERT INTO contract_parties(contract_id, position, name, kind, company_id, person_id)"
        " VALUES ($1, $2, $3, $4, NULLIF($5, 0), NULLIF($6, 0)) ON CONFLICT (contract_id, position) DO UPDATE"
        " SET name = EXCLUDED.name, kind = EXCLUDED.kind, company_id = EXCLUDED.company_id,"
        " person_id = EXCLUDED.person_id",
        contract_id, static_cast<int>(i), name, org ? "company" : "person", company_id, person_id);
    parties.push_back({{"name", name},
                       {"kind", org ? "company" : "person"},
                       {"company_id", company_id ? json(company_id) : json()},
                       {"person_id", person_id ? json(person_id) : json()}});
  }
  w.exec_params("DELETE FROM contract_parties WHERE contract_id = $1 AND position >= $2", contract_id,
                static_cast<int>(names.size()));
  w.exec_params("UPDATE contracts SET client_company_id = NULLIF($2, 0) WHERE id = $1", contract_id, client);
  return {"contracts", contract_id, "contracts.create",
          json{{"parties", parties}, {"client_company_id", client ? json(client) : json()}}};
}

}  // namespace docflow::records

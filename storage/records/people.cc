#include "storage/records/people.h"

#include <algorithm>

#include "storage/records/identifiers.h"

namespace docflow::records {
namespace {

using nlohmann::json;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

long long FirstId(const pqxx::result& r) { return r.empty() ? 0 : r[0][0].as<long long>(); }

}  // namespace

PersonMatch MatchOrCreatePerson(RecordTx& tx, const PersonFacts& f) {
  pqxx::work& w = tx.w();
  const std::string name = Trim(f.full_name);
  const std::string email = NormaliseEmail(f.email);
  const std::string e164 = E164Phone(f.phone);
  const std::string phone = !e164.empty() ? e164 : Trim(f.phone);
  PersonMatch m;

  if (!email.empty()) {
    m.id = FirstId(w.exec_params("SELECT id FROM people WHERE lower(email) = $1 AND merged_into IS NULL", email));
    if (m.id) m.matched_by = "email";
  }
  if (!m.id && !e164.empty()) {
    m.id = FirstId(w.exec_params(
        "SELECT id FROM people WHERE phone_key = $1 AND merged_into IS NULL"
        " AND ($2 = '' OR email IS NULL OR lower(email) = $2) ORDER BY id LIMIT 1",
        e164, email));
    if (m.id) m.matched_by = "phone";
  }
  if (!m.id && !name.empty() && f.company_id) {
    m.id = FirstId(w.exec_params(
        "SELECT id FROM people WHERE name_key = person_name_key($1) AND company_id = $2 AND merged_into IS NULL"
        " AND ($3 = '' OR email IS NULL OR lower(email) = $3) ORDER BY id LIMIT 1",
        name, f.company_id, email));
    if (m.id) m.matched_by = "name+company";
  }
  if (!m.id && f.role == "contact") {
    m.id = FirstId(w.exec_params(
        "SELECT pd.person_id FROM person_documents pd JOIN people p ON p.id = pd.person_id"
        " WHERE pd.document_id = $1 AND pd.role = 'contact' AND p.merged_into IS NULL ORDER BY pd.person_id LIMIT 1",
        tx.document_id()));
    if (m.id) m.matched_by = "document";
  }

  if (!m.id) {
    // A contact document creates at most one person (people.source_document_id is unique).
    auto r = w.exec_params(
        "INSERT INTO people(source_document_id, full_name, company, company_id, job_title, email, phone, website,"
        " address, source) VALUES (CASE WHEN $1 THEN $2::bigint END, NULLIF($3, ''), NULLIF($4, ''),"
        " NULLIF($5, 0), NULLIF($6, ''), NULLIF($7, ''), NULLIF($8, ''), NULLIF($9, ''), NULLIF($10, ''),"
        " 'docflow') RETURNING id",
        f.role == "contact", tx.document_id(), name, Trim(f.company), f.company_id, Trim(f.job_title), email, phone,
        Trim(f.website), Trim(f.address));
    m.id = r[0][0].as<long long>();
    m.matched_by = "created";
    m.created = true;
  } else {
    auto r = w.exec_params(
        "SELECT source_document_id = $2 AND source = 'docflow', $3 = ANY(manual_fields) OR full_name IS NOT NULL,"
        " $4 = ANY(manual_fields) OR company IS NOT NULL, $5 = ANY(manual_fields) OR company_id IS NOT NULL,"
        " $6 = ANY(manual_fields) OR job_title IS NOT NULL, $7 = ANY(manual_fields) OR email IS NOT NULL,"
        " $8 = ANY(manual_fields) OR phone IS NOT NULL, $9 = ANY(manual_fields) OR website IS NOT NULL,"
        " $10 = ANY(manual_fields) OR address IS NOT NULL FROM people WHERE id = $1",
        m.id, tx.document_id(), "full_name", "company", "company_id", "job_title", "email", "phone", "website",
        "address");
    const auto& row = r[0];
    m.created = !row[0].is_null() && row[0].as<bool>();
    json fill = json::object();
    auto offer = [&](int col, const char* name, const std::string& v) {
      if (!v.empty() && !row[col].as<bool>()) fill[name] = v;
    };
    offer(1, "full_name", name);
    offer(2, "company", Trim(f.company));
    if (f.company_id && !row[3].as<bool>()) fill["company_id"] = f.company_id;
    offer(4, "job_title", Trim(f.job_title));
    if (!email.empty() && !row[5].as<bool>() &&
        w.exec_params("SELECT 1 FROM people WHERE lower(email) = $1 AND merged_into IS NULL AND id <> $2", email, m.id)
            .empty())
      fill["email"] = email;
    offer(6, "phone", phone);
    offer(7, "website", Trim(f.website));
    offer(8, "address", Trim(f.address));
    if (!fill.empty()) {
      w.exec_params(
          "UPDATE people SET full_name = coalesce(full_name, $2::jsonb->>'full_name'),"
          " company = coalesce(company, $2::jsonb->>'company'),"
          " company_id = coalesce(company_id, ($2::jsonb->>'company_id')::bigint),"
          " job_title = coalesce(job_title, $2::jsonb->>'job_title'), email = coalesce(email, $2::jsonb->>'email'),"
          " phone = coalesce(phone, $2::jsonb->>'phone'), website = coalesce(website, $2::jsonb->>'website'),"
          " address = coalesce(address, $2::jsonb->>'address') WHERE id = $1",
          m.id, fill.dump());
      for (auto& [k, v] : fill.items()) m.filled.push_back(k);
      tx.Emit("people.update", "people", m.id,
              json{{"person_id", m.id}, {"role", f.role}, {"matched_by", m.matched_by}, {"filled", fill}});
    }
  }
  w.exec_params(
      "INSERT INTO person_documents(person_id, document_id, role) VALUES ($1, $2, $3)"
      " ON CONFLICT (person_id, document_id) DO NOTHING",
      m.id, tx.document_id(), f.role);
  if (m.created) {
    auto r = w.exec_params("SELECT full_name, email, company_id FROM people WHERE id = $1", m.id);
    tx.Emit("people.create", "people", m.id,
            json{{"person_id", m.id},
                 {"role", f.role},
                 {"full_name", r[0][0].is_null() ? json() : json(r[0][0].as<std::string>())},
                 {"email", r[0][1].is_null() ? json() : json(r[0][1].as<std::string>())},
                 {"company_id", r[0][2].is_null() ? json() : json(r[0][2].as<long long>())}});
  }
  return m;
}

}  // namespace docflow::records

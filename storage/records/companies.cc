#include "storage/records/companies.h"

#include <algorithm>

#include "storage/records/identifiers.h"

namespace docflow::records {
namespace {

using nlohmann::json;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string Text(const pqxx::field& f) { return f.is_null() ? "" : f.as<std::string>(); }

// The columns a document may fill on a matched company, with the document's value.
struct Fill {
  const char* column;
  std::string value;
};

}  // namespace

std::optional<CompanyMatch> MatchOrCreateCompany(RecordTx& tx, const CompanyFacts& f, const std::string& role) {
  pqxx::work& w = tx.w();
  std::string name = Trim(f.name);
  std::string vat = NormaliseVat(f.vat);
  std::string vat_siren = SirenFromVat(vat);
  std::string siren, siret;
  if (!f.siren.empty()) {
    std::string n = NormaliseSiret(f.siren, &siren);
    if (n.size() == 14) siret = n;
  }
  // A French VAT number carries the SIREN; a SIREN/SIRET field that says
  // otherwise was misread.
  if (!vat_siren.empty() && vat_siren != siren) {
    siren = vat_siren;
    siret.clear();
  }
  if (name.empty() && vat.empty() && siren.empty()) return std::nullopt;

  CompanyMatch m;
  if (!vat.empty()) {
    auto r = w.exec_params("SELECT id FROM companies WHERE vat_number = $1", vat);
    if (!r.empty()) m.id = r[0][0].as<long long>(), m.matched_by = "vat";
  }
  if (m.id == 0 && !siren.empty()) {
    auto r = w.exec_params("SELECT id FROM companies WHERE siren = $1", siren);
    if (!r.empty()) m.id = r[0][0].as<long long>(), m.matched_by = "siren";
  }
  if (m.id == 0 && !name.empty()) {
    auto r = w.exec_params(
        "SELECT id FROM companies WHERE name_key = company_name_key($1)"
        " AND ($2 = '' OR vat_number IS NULL OR vat_number = $2)"
        " AND ($3 = '' OR siren IS NULL OR siren = $3) ORDER BY id LIMIT 1",
        name, vat, siren);
    if (!r.empty()) m.id = r[0][0].as<long long>(), m.matched_by = "name";
  }

  if (m.id == 0) {
    if (name.empty()) name = !vat.empty() ? vat : "SIREN " + siren;  // known by its identifier only
    auto r = w.exec_params(
        "INSERT INTO companies(name, vat_number, siren, siret, address, website, email, phone, iban, is_supplier,"
        " source, source_document_id) VALUES ($1, NULLIF($2, ''), NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, ''),"
        " NULLIF($6, ''), NULLIF($7, ''), NULLIF($8, ''), NULLIF($9, ''), $10, 'docflow', $11) RETURNING id",
        name, vat, siren, siret, Trim(f.address), Trim(f.website), NormaliseEmail(f.email), Trim(f.phone),
        Trim(f.iban), f.supplier, tx.document_id());
    m.id = r[0][0].as<long long>();
    m.name = name;
    m.matched_by = "created";
    m.created = true;
    tx.Emit("companies.create", "companies", m.id,
            json{{"company_id", m.id}, {"name", name}, {"role", role}, {"vat_number", vat}, {"siren", siren}});
    return m;
  }

  auto r = w.exec_params(
      "SELECT name, is_self, source_document_id = $2 AND source = 'docflow', manual_fields::text[],"
      " vat_number, siren, siret, address, website, email, phone, iban, is_supplier FROM companies WHERE id = $1",
      m.id, tx.document_id());
  const auto& row = r[0];
  m.name = row[0].as<std::string>();
  m.is_self = row[1].as<bool>();
  m.created = !row[2].is_null() && row[2].as<bool>();
  std::vector<std::string> manual;
  {
    auto arr = row[3].as_array();
    for (auto e = arr.get_next(); e.first != pqxx::array_parser::juncture::done; e = arr.get_next())
      if (e.first == pqxx::array_parser::juncture::string_value) manual.push_back(e.second);
  }
  auto is_manual = [&](const std::string& c) { return std::find(manual.begin(), manual.end(), c) != manual.end(); };
  std::string have_siren = Text(row[5]);

  json fill = json::object();
  std::vector<Fill> candidates = {{"vat_number", vat},
                                  {"siren", siren},
                                  {"siret", siret},
                                  {"address", Trim(f.address)},
                                  {"website", Trim(f.website)},
                                  {"email", NormaliseEmail(f.email)},
                                  {"phone", Trim(f.phone)},
                                  {"iban", Trim(f.iban)}};
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Fill& c = candidates[i];
    if (c.value.empty() || !row[4 + static_cast<int>(i)].is_null() || is_manual(c.column)) continue;
    std::string col = c.column;
    if (col == "vat_number" || col == "siren") {
      // Another company holds it: this document's identifier is not copied.
      auto taken = w.exec_params("SELECT 1 FROM companies WHERE " + col + " = $1 AND id <> $2", c.value, m.id);
      if (!taken.empty()) continue;
      if (col == "siren") have_siren = c.value;
    }
    if (col == "siret" && c.value.substr(0, 9) != have_siren) continue;
    fill[col] = c.value;
  }
  bool supplier = f.supplier && !m.is_self && !row[12].as<bool>() && !is_manual("is_supplier");
  if (supplier) fill["is_supplier"] = true;
  if (!fill.empty()) {
    w.exec_params(
        "UPDATE companies SET vat_number = coalesce(vat_number, $2::jsonb->>'vat_number'),"
        " siren = coalesce(siren, $2::jsonb->>'siren'), siret = coalesce(siret, $2::jsonb->>'siret'),"
        " address = coalesce(address, $2::jsonb->>'address'), website = coalesce(website, $2::jsonb->>'website'),"
        " email = coalesce(email, $2::jsonb->>'email'), phone = coalesce(phone, $2::jsonb->>'phone'),"
        " iban = coalesce(iban, $2::jsonb->>'iban'),"
        " is_supplier = is_supplier OR coalesce(($2::jsonb->>'is_supplier')::boolean, false) WHERE id = $1",
        m.id, fill.dump());
    for (auto& [k, v] : fill.items()) m.filled.push_back(k);
    tx.Emit("companies.update", "companies", m.id,
            json{{"company_id", m.id}, {"role", role}, {"matched_by", m.matched_by}, {"filled", fill}});
  }
  if (m.created)  // created by this document on an earlier run: the same announcement
    tx.Emit("companies.create", "companies", m.id,
            json{{"company_id", m.id}, {"name", m.name}, {"role", role}, {"vat_number", Text(row[4])},
                 {"siren", Text(row[5])}});
  return m;
}

}  // namespace docflow::records

// People the store stage meets on documents (a contact's card, letter or
// signature; a person party to a contract): matched to a row of `people`, or
// created.
//
// Matching, first rule that finds a live (not merged) row wins:
//   1. e-mail, case-insensitively;
//   2. phone in E.164 form (a phone written in national form is not
//      compared), skipping a row whose e-mail differs from the document's;
//   3. name key (person_name_key()) together with the company, with the same
//      e-mail guard;
//   4. the person this document was linked to on an earlier run (role
//      contact), so that a re-run finds what it created.
// A matched row only gets its EMPTY columns filled, never one listed in its
// manual_fields (a person's value); an e-mail another person holds is not
// copied. Every person met is linked to the document in person_documents.
// Events: people.create for a person this document created (again on a
// re-run: same row, no new event), people.update listing the filled columns.
//
// Must run inside the store transaction holding the records lock. Throws
// libpqxx exceptions. Not thread-safe.
#pragma once

#include <string>
#include <vector>

#include "storage/records/record_tx.h"

namespace docflow::records {

struct PersonFacts {
  std::string full_name, email, phone, job_title, website, address;
  std::string company;     // the company's name as printed
  long long company_id = 0;  // 0: none
  std::string role = "contact";  // contact | party (person_documents.role)
};

struct PersonMatch {
  long long id = 0;
  std::string matched_by;  // email | phone | name+company | document | created
  bool created = false;    // created by this document (now or on an earlier run)
  std::vector<std::string> filled;
};

PersonMatch MatchOrCreatePerson(RecordTx& tx, const PersonFacts& facts);

}  // namespace docflow::records

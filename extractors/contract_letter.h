// Contracts set out as a letter: engagement letters, lettres de mission,
// offer letters, letters of intent. They name no parties in a "between X and
// Y" sentence: the sender is the letterhead (and the firm the signatory
// signs for), the other party is the addressee (and whoever countersigns
// "Agreed and accepted on behalf of X"), the agreement is dated by the
// letter's own date line above the salutation, and its subject line
// ("Objet : Lettre de mission - ...") may name it.
//
// ReadLetter finds that shape: a salutation ("Dear Mr Oduya,", "Madame,
// Monsieur,", "Chère Madame,") among the first lines of the first page. It
// returns nullopt for anything else, so that other contracts are untouched.
// Names are returned as printed (cleaned of civilities and labels); the
// caller decides whether they are plausible party names.
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "extractors/dates.h"
#include "extractors/extract_util.h"

namespace docflow::contract_letter {

struct Letter {
  size_t salutation = 0;                  // index in `lines` of the salutation
  std::optional<dates::DateMatch> date;   // the date line above the salutation
  int date_page = 0;
  std::string sender;                     // "" when neither signature nor letterhead names it
  std::string addressee;                  // "" when the address block names nobody
  std::string subject;                    // the "Objet :" / "Subject:" line up to a dash, or ""
};

std::optional<Letter> ReadLetter(const std::vector<extract::Line>& lines, dates::DateOrder order);

// Whether a folded line is a letter's salutation ("dear mr oduya,",
// "madame, monsieur,", "cher client,"). Exposed for tests.
bool IsSalutation(const std::string& folded);

}  // namespace docflow::contract_letter

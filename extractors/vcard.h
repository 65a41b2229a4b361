// Contact cards read exactly, without OCR: vCard 2.1 / 3.0 / 4.0 text
// (RFC 2426, RFC 6350 and the 2.1 specification), jCard (RFC 7095), xCard
// (RFC 6351) and MECARD (the QR-code format).
//
// vCard text: folded lines are unfolded (CRLF + one blank removed; 2.1
// keeps the blank, as RFC 822 folding does), QUOTED-PRINTABLE values are
// decoded with their soft line breaks and CHARSET (iconv), escapes (\n \, \;
// \\) are undone, groups ("item1.EMAIL") and parameters of every version
// ("TEL;WORK;VOICE", "TYPE=work,cell", "TYPE=\"voice,home\"", "PREF=1") are
// read; BASE64 values (photos, keys) and nested cards (AGENT) are skipped.
//
// Field rules, the same for every format:
//  full_name  FN, else N as "prefix given additional family suffix";
//  company    the first ORG component; org_units the others;
//  job_title  TITLE;
//  phones     every TEL with at least 6 digits, in file order, value as
//             written without "tel:" and extensions; phone() is the first
//             one that is not only a fax or pager (the card's author orders
//             them; PREF does not reorder: see contact.cc);
//  emails     every EMAIL holding an address ("Omega" <a@b.c> -> a@b.c);
//  urls       every URL; addresses every ADR as one line: non-empty
//             components (po box, extended, street, locality, region, code,
//             country) and the lines inside them joined with ", ".
//
// Results are values: text that holds no card gives nothing; malformed lines
// are skipped. Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::vcard {

struct Tel {
  std::string value;               // "+1-418-656-9254" (no tel:, no ;ext=)
  std::vector<std::string> types;  // lower case: work, home, cell, voice, fax, pager, pref...
};

struct Card {
  std::string format;  // "vcard-2.1", "vcard-3.0", "vcard-4.0", "vcard", "jcard", "xcard", "mecard"
  std::string full_name;
  std::string company;
  std::vector<std::string> org_units;
  std::string job_title;
  std::vector<Tel> phones;
  std::vector<std::string> emails;
  std::vector<std::string> urls;
  std::vector<std::string> addresses;
  std::string label;  // LABEL (2.1/3.0 formatted address), used when there is no ADR

  std::string phone() const;    // see above; "" when none
  std::string email() const;    // first; "" when none
  std::string website() const;  // first; "" when none
  std::string address() const;  // first ADR, else the label lines joined; "" when none
  bool empty() const;           // no field at all
};

// Every card in vCard text (BEGIN:VCARD ... END:VCARD), in order.
std::vector<Card> ParseVCardText(std::string_view text);
// The first card of a jCard document (["vcard", [...]] or a list of them).
std::optional<Card> ParseJCard(std::string_view text);
// The first <vcard> of an xCard document.
std::optional<Card> ParseXCard(std::string_view text);
// A MECARD payload ("MECARD:N:Owen,Sean;TEL:...;EMAIL:...;;").
std::optional<Card> ParseMeCard(std::string_view text);

// The first non-empty card of whichever form `text` is in (vCard text found
// anywhere, a jCard/xCard document, or a MECARD); nullopt when none.
std::optional<Card> ParseAnyCard(std::string_view text);

}  // namespace docflow::vcard

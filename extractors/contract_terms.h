// Contract term clauses, English and French: when a contract takes effect,
// when it ends, how it renews and the notice it asks for.
//  - durations: "three (3) years", "twelve months", "90 days", "one-year",
//    "deux (2) ans", "six mois", "trente jours" -> {years, months, days},
//    written as ISO 8601 ("P3Y", "P12M", "P90D");
//  - Clauses() reads a contract's text (the whole document, lines joined by
//    spaces) sentence by sentence:
//      effective:  "effective as of / on / from DATE", "commencing on DATE",
//                  "takes effect on DATE", "shall enter into force on DATE",
//                  "with effect from", "prend effet
//                  le", "entre en vigueur le", "commenceront à courir le",
//                  then (only when none of these gave a date) "à compter
//                  du"; "(the)
//                  Effective / Commencement / Start Date means DATE", "the
//                  Effective Date (shall) mean(s) the
//                  date of this Agreement" (-> effective_is_agreement_date),
//                  labels "Contract start:", "Commencement date:" (or, in a
//                  table, "Commencement Date" with no colon before a date), "Date de
//                  début (de location) :" (a form's "Date de début de" with
//                  no colon before a date), "Hire start date:";
//      expiration: "expire(s) on DATE", "until / through DATE", "ending on
//                  DATE", "terminate(s) on DATE", "jusqu'au DATE", "prendra
//                  fin le DATE", "(pour) se terminer le DATE", "expirant le
//                  DATE", in a sentence about the term, the engagement, the
//                  rental or the lease (not the end of
//                  a renewal or extension, unless the term "is hereby
//                  extended through DATE" / "est prolongée jusqu'au DATE"); labels
//                  "Contract end:", "End date:", "Date de fin (de
//                  location) :", "Hire end date:" (after a
//                  label, a two-digit year counts: "04-01-08"); an end on
//                  or before the effective date found is an earlier term's
//                  (an amendment's recital) and is kept only when no other
//                  end is found;
//      period:     "du DATE au DATE", "from DATE to / until DATE" in a
//                  sentence about the duration (durée, contrat, bail, term,
//                  agreement, period): the start and the end, where no
//                  clause above gave them and the end is after the start;
//      term:       "for a (initial) term of N years (from / after /
//                  commencing on) ..." or "conclu pour une durée de N ans":
//                  the duration and its anchor (an explicit DATE in the same
//                  sentence, or the effective / agreement date);
//      renewal:    "(automatically) renew(ed) for successive N-year periods",
//                  "reconduit tacitement pour une durée de N an(s)";
//      notice:     "N days' (prior) (written) notice", "notice of N days",
//                  "préavis de N mois", preferring termination / renewal
//                  sentences.
// Numeric day/month order comes from the caller (dates::DateOrder).
// Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "extractors/dates.h"

namespace docflow::contract_terms {

struct Duration {
  int years = 0, months = 0, days = 0;
  std::string Iso() const;  // "P2Y", "P6M", "P30D", "P1Y6M"
  bool empty() const { return years == 0 && months == 0 && days == 0; }
};

// The first duration in `folded` (lower-case, accents folded: text::FoldText)
// with its byte range; nullopt when there is none.
struct DurationMatch {
  Duration duration;
  size_t begin = 0, end = 0;
};
std::optional<DurationMatch> FindDuration(std::string_view folded);

// ISO date + duration ("2020-01-31" + P1M -> "2020-02-29": the day is
// clamped to the month's length). Empty on a malformed date.
std::string AddDuration(const std::string& iso, const Duration& d);

struct DatedClause {
  std::string iso;     // YYYY-MM-DD
  std::string raw;     // the date as printed
  size_t offset = 0;   // byte offset of the date in the searched text
};

struct TermClauses {
  std::optional<DatedClause> effective;
  bool effective_is_agreement_date = false;
  std::optional<DatedClause> expiration;
  // "for a term of N years from ...": the duration, and the explicit start
  // date when the sentence gives one.
  std::optional<Duration> term;
  std::optional<DatedClause> term_start;
  size_t term_offset = 0;
  std::optional<Duration> renewal;
  size_t renewal_offset = 0;
  std::optional<Duration> notice;
  size_t notice_offset = 0;
};

// `text`: the document's text, original spelling (lines joined with spaces).
TermClauses Clauses(std::string_view text, dates::DateOrder order);

}  // namespace docflow::contract_terms

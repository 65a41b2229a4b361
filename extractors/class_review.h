// A second look at the class once the fields are known: a document the
// model called a contract but in which the extractor finds no parties is
// only a contract when the model was sure of it; a blank form full of
// "[Party name]" placeholders is a template, not a record; a document
// titled as a press release, newsletter, agenda or call for tenders is none
// of the kinds, nor is an "invoice" titled as a purchase order, bank
// statement, payslip or datasheet; an "invoice" with neither a number nor a
// total that states the law governing it and the parties' roles is an
// order form that is a contract.
//
// Result: the revised classification (label "other"; for an invoice titled
// otherwise, subtype "needs_review" with kTitledOtherConfidence; subtype "template"
// with confidence kTemplateConfidence, or "needs_review" with the model's
// probability of "other" (else 1 - the original confidence); or label
// "contract", subtype "needs_review", kContractFormConfidence, whose fields
// the caller extracts again; scores kept), or std::nullopt when the class
// stands. Thread safety: a pure function.
#pragma once

#include <optional>
#include <vector>

#include "common/document_model.h"

namespace docflow {

// A contract with no parties needs at least this probability to stay one.
inline constexpr double kContractWithoutPartiesMin = 0.9;
// Distinct bracketed placeholders ("[Party name]", "[insert date]") that make
// a document without parties a template.
inline constexpr int kTemplatePlaceholders = 5;
// Or this many fill-in blanks ("______", "........") in its first
// kTemplateHead bytes, where a contract names its parties and dates (a
// signed contract's signature lines come at its end).
inline constexpr int kTemplateBlanks = 5;
inline constexpr size_t kTemplateHead = 1500;
inline constexpr double kTemplateConfidence = 0.9;
// A document titled as none of the kinds (PRESS RELEASE, NEWSLETTER, ORDRE
// DU JOUR, REQUEST FOR PROPOSAL...), or an "invoice" titled as another
// commercial paper (BON DE COMMANDE, RELEVÉ DE COMPTE, BULLETIN DE PAIE...)
// whose top never says invoice, receipt, ticket or credit note, is other,
// this sure.
inline constexpr double kTitledOtherConfidence = 0.8;
// An "invoice" without number or total that names its governing law and
// its parties' roles is a contract (a service order form), this sure.
inline constexpr double kContractFormConfidence = 0.6;

std::optional<Classification> ReviewClass(const Classification& classification, const Fields& fields,
                                          const std::vector<Page>& pages);

// Distinct bracketed placeholders in text: letters inside square brackets,
// not redaction or page notes ("[***]", "[ILLEGIBLE]", "[Signature page
// follows]", "[LOGO]").
int CountPlaceholders(const std::string& text);

// Fill-in blanks (4+ underscores, 8+ dots) in the first `head` bytes of text.
int CountBlanks(const std::string& text, size_t head);

// The other document type page 1's first 15 lines are titled as (folded,
// e.g. "press release", "privacy policy", "periodical" for an issue line
// such as "Issue 23 · Spring 2025"; for label "invoice" also "bon de
// commande", "relevé de compte"...; a title in spaced capitals, "P U RC H AS
// E O RD E R", joined: "purchaseorder"), or "" when none is, or, for an
// invoice, when they also say invoice, receipt, ticket or credit note in any
// of the four languages.
std::string TitledAs(const std::vector<Page>& pages, const std::string& label);

}  // namespace docflow

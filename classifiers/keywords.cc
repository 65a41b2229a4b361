#include "classifiers/keywords.h"

namespace docflow::keywords {
namespace {

constexpr Keyword kInvoice[] = {
    // Titles: the strongest cues.
    {"invoice", 3.0}, {"facture", 3.0}, {"rechnung", 3.0}, {"tax invoice", 2.0},
    {"invoice number", 2.5}, {"invoice no", 2.5}, {"invoice date", 2.5}, {"invoice #", 2.5},
    {"facture n", 2.5}, {"n de facture", 2.5}, {"numero de facture", 2.5},
    {"date de facture", 2.5}, {"rechnungsnummer", 2.5}, {"rechnungsdatum", 2.5},
    {"credit note", 3.0}, {"avoir", 1.0}, {"gutschrift", 2.0},
    {"receipt", 2.0}, {"recu", 1.5}, {"ticket", 0.8}, {"cash", 1.0}, {"change", 0.5},
    {"cashier", 1.5}, {"gst", 1.5}, {"rounding", 1.2}, {"ticket de caisse", 2.5},
    {"caisse", 0.8}, {"caissier", 1.2}, {"caissiere", 1.2}, {"especes", 1.0}, {"rendu", 0.6},
    {"carte bancaire", 0.8}, {"tendered", 1.2}, {"kassenbon", 2.5}, {"quittung", 2.0},
    // Totals and taxes.
    {"total ttc", 3.0}, {"montant ttc", 2.5}, {"total ht", 2.5}, {"montant ht", 2.0},
    {"net a payer", 2.5}, {"tva", 1.5}, {"vat", 1.5}, {"ust", 0.8}, {"mwst", 1.5},
    {"amount due", 2.5}, {"balance due", 2.5}, {"total due", 2.5}, {"grand total", 2.0},
    {"subtotal", 2.0}, {"sub total", 2.0}, {"sous-total", 2.0}, {"total", 1.0},
    {"montant", 1.0}, {"bruttosumme", 2.0}, {"nettobetrag", 1.5}, {"zahlbetrag", 2.0},
    {"gesamtbetrag", 1.5}, {"steuerbetrag", 1.0}, {"net total", 1.0}, {"tax total", 1.0},
    // Lines and payment.
    {"qty", 1.5}, {"qte", 1.5}, {"quantity", 0.8}, {"quantite", 0.8}, {"menge", 0.8},
    {"unit price", 1.5}, {"prix unitaire", 1.5}, {"p.u. ht", 1.5}, {"designation", 0.8},
    {"iban", 1.0}, {"bic", 0.5}, {"swift", 0.5}, {"due date", 1.5}, {"echeance", 1.5},
    {"date d'echeance", 1.0}, {"payment terms", 1.0}, {"conditions de paiement", 1.0},
    {"siret", 0.8}, {"bill to", 1.5}, {"ship to", 1.0}, {"sold to", 1.0},
    {"customer", 0.5}, {"client", 0.5}, {"kunde", 0.5}, {"order", 0.3},
};

constexpr Keyword kContract[] = {
    {"agreement", 2.5}, {"contract", 1.5}, {"contrat", 2.5}, {"convention", 1.0},
    {"hereinafter", 2.5}, {"ci-apres", 2.5}, {"ci-apres denomme", 1.5},
    {"whereas", 2.5}, {"witnesseth", 2.5}, {"in witness whereof", 3.0},
    {"governing law", 2.5}, {"droit applicable", 2.0}, {"loi applicable", 2.0},
    {"by and between", 3.0}, {"entered into", 2.0}, {"the parties", 2.0}, {"parties", 1.0},
    {"les parties", 2.0}, {"party", 0.5}, {"partie", 0.5},
    {"term of", 0.8}, {"termination", 1.5}, {"resiliation", 1.5}, {"terminate", 1.0},
    {"indemnif", 1.0}, {"indemnification", 1.5}, {"confidentiality", 1.5},
    {"confidentialite", 1.5}, {"warranties", 1.0}, {"force majeure", 1.5},
    {"arbitration", 1.2}, {"jurisdiction", 1.0}, {"notices", 0.8}, {"assignment", 0.8},
    {"article", 0.5}, {"clause", 0.8}, {"shall", 1.0}, {"hereby", 1.0}, {"hereto", 1.2},
    {"hereof", 1.0}, {"herein", 0.8}, {"thereof", 0.5}, {"signed", 0.5}, {"signature", 0.5},
    {"fait a", 1.0}, {"en deux exemplaires", 1.5}, {"lu et approuve", 2.0},
    {"effective date", 1.5}, {"exhibit", 0.5}, {"recitals", 2.0}, {"vertrag", 2.0},
    {"now, therefore", 2.0}, {"now therefore", 2.0}, {"licensee", 1.0}, {"licensor", 1.0},
    // Contracts outside the US template: UK agreements, MoUs, SOWs, amendments,
    // French avenants and protocoles.
    {"governed by", 2.0}, {"agreed terms", 2.0}, {"memorandum of understanding", 2.5},
    {"statement of work", 2.0}, {"amendment", 1.0}, {"avenant", 1.5}, {"protocole d'accord", 2.5},
    {"il est convenu", 2.0}, {"il a ete convenu", 2.0}, {"soussignes", 1.5}, {"entre en vigueur", 1.5},
    {"regi par", 1.5}, {"takes effect", 1.0}, {"d'une part", 1.5}, {"d'autre part", 1.5},
    {"representee par", 1.0},
};

constexpr Keyword kContact[] = {
    {"begin:vcard", 8.0}, {"end:vcard", 2.0}, {"\"vcard\"", 6.0}, {"<vcard", 6.0},
    {"fn:", 2.0}, {"tel:", 1.0}, {"email:", 1.0}, {"e-mail", 0.8}, {"mobile", 1.0},
    {"mob", 0.5}, {"cell", 0.5}, {"phone", 0.6}, {"tel", 0.6}, {"tel.", 0.3}, {"fax", 0.4},
    {"portable", 0.8}, {"www", 0.3}, {"mecard", 6.0},
};

constexpr Keyword kOther[] = {
    {"abstract", 1.5}, {"introduction", 1.2}, {"chapter", 1.0}, {"table of contents", 1.5},
    {"references", 0.8}, {"bibliography", 1.5}, {"figure", 0.8}, {"isbn", 1.5},
    {"copyright", 0.5}, {"university", 1.0}, {"conference", 1.0}, {"lorem ipsum", 2.0},
    {"sommaire", 1.0}, {"chapitre", 1.0}, {"inhaltsverzeichnis", 1.5}, {"kapitel", 1.0},
    {"purchase order", 2.0}, {"bon de commande", 1.5}, {"bestellung", 0.5},
    {"quotation", 1.5}, {"devis", 1.5}, {"angebot", 1.0}, {"delivery note", 1.5},
    {"bon de livraison", 1.0}, {"lieferschein", 1.5}, {"section", 0.3},
    {"certificat", 1.0}, {"certificate", 1.0}, {"formulaire", 1.5}, {"attestation", 1.0},
    // Minutes discuss agreements without being one.
    {"next meeting", 1.5}, {"ordre du jour", 1.5}, {"proces-verbal", 1.5}, {"quorum", 1.0},
    {"agenda", 0.8}, {"prochaine reunion", 1.5},
    // Texts about contracts: articles, alerts, reports, calls for tenders.
    {"client alert", 2.0}, {"newsletter", 1.5}, {"posted by", 1.5}, {"publie le", 1.5}, {"min read", 2.0},
    {"attorney advertising", 2.0}, {"not legal advice", 2.0}, {"annual report", 1.5},
    {"rapport annuel", 1.5}, {"material contracts", 2.0}, {"request for proposals", 2.0},
    {"proposals due", 2.0}, {"appel d'offres", 1.5}, {"note juridique", 2.0}, {"press release", 2.0},
    {"communique de presse", 2.0}, {"extract from the minutes", 2.0}, {"extrait du proces-verbal", 2.0},
    {"it was resolved", 1.5}, {"resolution est adoptee", 1.5}, {"share this", 1.0}, {"leave a comment", 1.5},
};

constexpr Keyword kCreditNote[] = {
    {"credit note", 3.0}, {"avoir", 2.0}, {"facture d'avoir", 3.0}, {"gutschrift", 3.0},
    {"rechnungskorrektur", 2.0}, {"credit memo", 3.0}, {"note de credit", 3.0},
};

constexpr Keyword kReceipt[] = {
    {"receipt", 2.0}, {"recu", 1.5}, {"ticket", 1.5}, {"cash", 1.5}, {"change", 1.2},
    {"cashier", 2.0}, {"rounding", 1.5}, {"thank you", 1.0}, {"merci", 0.8},
    {"visa", 0.5}, {"mastercard", 0.5}, {"tendered", 1.5}, {"caisse", 1.5},
    {"rendu", 1.0}, {"especes", 1.5}, {"pos", 0.5}, {"kassenbon", 2.0}, {"quittung", 2.0},
};

constexpr const char* kJobTitles[] = {
    "ceo", "cto", "cfo", "coo", "founder", "co-founder", "president", "vice president", "vp",
    "director", "manager", "engineer", "developer", "consultant", "architect", "designer",
    "analyst", "sales", "marketing", "head of", "partner", "associate", "assistant",
    "officer", "specialist", "lead", "chief", "owner", "accountant", "counsel", "attorney",
    "lawyer", "advisor", "adviser", "representative", "coordinator", "administrator",
    "directeur", "directrice", "gerant", "gerante", "responsable", "ingenieur", "chef de",
    "commercial", "commerciale", "charge de", "chargee de", "avocat", "avocate",
    "comptable", "conseiller", "conseillere", "fondateur", "fondatrice", "president directeur",
    "geschaftsfuhrer", "geschaeftsfuehrer", "leiter", "berater", "detective",
};

constexpr const char* kCompanyWords[] = {
    "inc", "inc.", "llc", "ltd", "ltd.", "limited", "corp", "corp.", "corporation", "company",
    "co.", "plc", "gmbh", "ag", "kg", "sa", "sas", "sarl", "sasu", "eurl", "sci", "bv", "b.v.",
    "nv", "s.a.", "s.a.s.", "s.a.r.l.", "group", "groupe", "holding", "holdings",
    "technologies", "solutions", "services", "consulting", "industries", "partners",
    "associates", "lp", "llp", "pty", "sdn", "bhd", "s.r.l.", "srl", "spa", "s.p.a.",
};

}  // namespace

std::span<const Keyword> Invoice() { return kInvoice; }
std::span<const Keyword> Contract() { return kContract; }
std::span<const Keyword> Contact() { return kContact; }
std::span<const Keyword> Other() { return kOther; }
std::span<const Keyword> CreditNote() { return kCreditNote; }
std::span<const Keyword> Receipt() { return kReceipt; }
std::span<const char* const> JobTitles() { return kJobTitles; }
std::span<const char* const> CompanyWords() { return kCompanyWords; }

}  // namespace docflow::keywords

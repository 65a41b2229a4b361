// Field extraction for a classified document.
//  invoice:  invoice_number, issue_date / due_date (YYYY-MM-DD), total_net,
//            total_tax, total_gross (decimal strings with a dot, checked
//            net + tax = gross), currency, supplier_name, supplier_address,
//            customer_name (parties.h), supplier_vat and iban (only values
//            passing validators.h) when seen;
//  contract: title, parties (a JSON list) and agreement_date when seen;
//  contact:  full_name, company, job_title, email, phone (E.164 when valid),
//            website, address when seen: card files read exactly (vcard.h),
//            QR codes on the page (Page::codes) preferred, then the printed
//            text, layout-aware (contact_text.h).
// Fields not found are absent from the map. Each Field has a confidence in
// 0-1 and its provenance (page, box when words are known, method, version).
//
// Thread safety: Extract is a pure function; call from any thread.
#pragma once

#include <vector>

#include "common/document_model.h"

namespace docflow {

Fields Extract(const Classification& classification, const std::vector<Page>& pages);

}  // namespace docflow

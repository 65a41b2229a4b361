#include "extractors/embedded_invoice.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include "workers/preprocess/test_pdf_embedded.h"

namespace docflow::embedded {
namespace {

using nlohmann::json;

// A Factur-X EN 16931 CII document (the structure of the published samples).
std::string FacturX(const std::string& number, const std::string& gross, const std::string& iban) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
  <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>
 </rsm:ExchangedDocumentContext>
 <rsm:ExchangedDocument>
  <ram:ID>)" + number + R"(</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20240312</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:AssociatedDocumentLineDocument><ram:LineID>1</ram:LineID></ram:AssociatedDocumentLineDocument>
   <ram:SpecifiedTradeProduct><ram:Name>Consulting day</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice>
    <ram:ChargeAmount>500.0000</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="DAY">2.0000</ram:BilledQuantity>
   </ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>
    <ram:LineTotalAmount>1000.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation>
   </ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Conseil Durand SARL</ram:Name>
    <ram:PostalTradeAddress><ram:PostcodeCode>75002</ram:PostcodeCode><ram:LineOne>12 rue de la Paix</ram:LineOne>
     <ram:CityName>Paris</ram:CityName><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">123/456/789</ram:ID></ram:SpecifiedTaxRegistration>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">FR44732829320</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Acme Industries SA</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementPaymentMeans><ram:TypeCode>58</ram:TypeCode>
    <ram:PayeePartyCreditorFinancialAccount><ram:IBANID>)" + iban + R"(</ram:IBANID>
    </ram:PayeePartyCreditorFinancialAccount></ram:SpecifiedTradeSettlementPaymentMeans>
   <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime>
    <udt:DateTimeString format="102">20240411</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:LineTotalAmount>1000.00</ram:LineTotalAmount>
    <ram:TaxBasisTotalAmount>1000.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="USD">216.00</ram:TaxTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">200.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>)" + gross + R"(</ram:GrandTotalAmount>
    <ram:DuePayableAmount>)" + gross + R"(</ram:DuePayableAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>)";
}

constexpr const char* kIban = "FR7630006000011234567890189";

TEST(EmbeddedInvoice, ReadsFacturXCii) {
  auto inv = ParseInvoiceXml(FacturX("F-2024-001", "1200.00", kIban));
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->syntax, "CII");
  const auto& f = inv->fields;
  EXPECT_EQ(f.at("invoice_number"), "F-2024-001");
  EXPECT_EQ(f.at("issue_date"), "2024-03-12");
  EXPECT_EQ(f.at("due_date"), "2024-04-11");
  EXPECT_EQ(f.at("currency"), "EUR");
  EXPECT_EQ(f.at("total_net"), "1000.00");
  EXPECT_EQ(f.at("total_tax"), "200.00");  // the amount in the invoice currency
  EXPECT_EQ(f.at("total_gross"), "1200.00");
  EXPECT_EQ(f.at("supplier_name"), "Conseil Durand SARL");
  EXPECT_EQ(f.at("supplier_vat"), "FR44732829320");  // schemeID VA, not the FC tax number
  EXPECT_EQ(f.at("supplier_address"), "12 rue de la Paix, 75002 Paris");
  EXPECT_EQ(f.at("customer_name"), "Acme Industries SA");
  EXPECT_EQ(f.at("iban"), kIban);
  ASSERT_EQ(inv->line_items.size(), 1u);
  EXPECT_EQ(inv->line_items[0]["description"], "Consulting day");
  EXPECT_EQ(inv->line_items[0]["quantity"], "2");
  EXPECT_EQ(inv->line_items[0]["unit_price"], "500");
  EXPECT_EQ(inv->line_items[0]["amount"], "1000.00");
}

TEST(EmbeddedInvoice, DropsIdentifiersFailingTheirChecks) {
  auto inv = ParseInvoiceXml(FacturX("F-1", "10.00", "FR7630006000011234567890188"));  // bad mod 97
  ASSERT_TRUE(inv);
  EXPECT_FALSE(inv->fields.count("iban"));
}

TEST(EmbeddedInvoice, ReadsZugferd1) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"
  xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12"
  xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15">
 <rsm:HeaderExchangedDocument><ram:ID>RE1337</ram:ID>
  <ram:IssueDateTime><udt:DateTimeString format="102">20130305</udt:DateTimeString></ram:IssueDateTime>
 </rsm:HeaderExchangedDocument>
 <rsm:SpecifiedSupplyChainTradeTransaction>
  <ram:ApplicableSupplyChainTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Lieferant GmbH</ram:Name>
    <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration>
   </ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Kunden AG Mitte</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableSupplyChainTradeAgreement>
  <ram:ApplicableSupplyChainTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementMonetarySummation>
    <ram:TaxBasisTotalAmount currencyID="EUR">198.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">37.62</ram:TaxTotalAmount>
    <ram:GrandTotalAmount currencyID="EUR">235.62</ram:GrandTotalAmount>
   </ram:SpecifiedTradeSettlementMonetarySummation>
  </ram:ApplicableSupplyChainTradeSettlement>
 </rsm:SpecifiedSupplyChainTradeTransaction>
</rsm:CrossIndustryDocument>)";
  auto inv = ParseInvoiceXml(xml);
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->syntax, "CII-ZUGFeRD1");
  EXPECT_EQ(inv->fields.at("invoice_number"), "RE1337");
  EXPECT_EQ(inv->fields.at("issue_date"), "2013-03-05");
  EXPECT_EQ(inv->fields.at("total_gross"), "235.62");
  EXPECT_EQ(inv->fields.at("supplier_vat"), "DE123456789");
  EXPECT_EQ(inv->fields.at("customer_name"), "Kunden AG Mitte");
}

TEST(EmbeddedInvoice, ReadsXRechnungUbl) {
  const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
 <cbc:ID>123456XX</cbc:ID>
 <cbc:IssueDate>2016-04-04</cbc:IssueDate>
 <cbc:DueDate>2016-05-04</cbc:DueDate>
 <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:AccountingSupplierParty><cac:Party>
  <cac:PartyName><cbc:Name>Trade name</cbc:Name></cac:PartyName>
  <cac:PostalAddress><cbc:StreetName>Hauptstrasse 1</cbc:StreetName><cbc:CityName>Berlin</cbc:CityName>
   <cbc:PostalZone>10115</cbc:PostalZone><cac:Country><cbc:IdentificationCode>DE</cbc:IdentificationCode></cac:Country>
  </cac:PostalAddress>
  <cac:PartyTaxScheme><cbc:CompanyID>DE136695976</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
  </cac:PartyTaxScheme>
  <cac:PartyLegalEntity><cbc:RegistrationName>Muster Verkauf GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingSupplierParty>
 <cac:AccountingCustomerParty><cac:Party>
  <cac:PartyLegalEntity><cbc:RegistrationName>Stadt Musterhausen</cbc:RegistrationName></cac:PartyLegalEntity>
 </cac:Party></cac:AccountingCustomerParty>
 <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
  <cac:PayeeFinancialAccount><cbc:ID>DE02120300000000202051</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">53.20</cbc:TaxAmount></cac:TaxTotal>
 <cac:LegalMonetaryTotal>
  <cbc:LineExtensionAmount currencyID="EUR">280.00</cbc:LineExtensionAmount>
  <cbc:TaxExclusiveAmount currencyID="EUR">280.00</cbc:TaxExclusiveAmount>
  <cbc:TaxInclusiveAmount currencyID="EUR">333.20</cbc:TaxInclusiveAmount>
  <cbc:PayableAmount currencyID="EUR">333.20</cbc:PayableAmount>
 </cac:LegalMonetaryTotal>
 <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="XPP">4</cbc:InvoicedQuantity>
  <cbc:LineExtensionAmount currencyID="EUR">280.00</cbc:LineExtensionAmount>
  <cac:Item><cbc:Name>Paper A4</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">70.00</cbc:PriceAmount></cac:Price>
 </cac:InvoiceLine>
</ubl:Invoice>)";
  auto inv = ParseInvoiceXml(xml);
  ASSERT_TRUE(inv);
  EXPECT_EQ(inv->syntax, "UBL");
  const auto& f = inv->fields;
  EXPECT_EQ(f.at("invoice_number"), "123456XX");
  EXPECT_EQ(f.at("issue_date"), "2016-04-04");
  EXPECT_EQ(f.at("due_date"), "2016-05-04");
  EXPECT_EQ(f.at("supplier_name"), "Muster Verkauf GmbH");  // the legal name before the trade name
  EXPECT_EQ(f.at("supplier_vat"), "DE136695976");
  EXPECT_EQ(f.at("supplier_address"), "Hauptstrasse 1, 10115 Berlin");
  EXPECT_EQ(f.at("customer_name"), "Stadt Musterhausen");
  EXPECT_EQ(f.at("iban"), "DE02120300000000202051");
  EXPECT_EQ(f.at("total_net"), "280.00");
  EXPECT_EQ(f.at("total_tax"), "53.20");
  EXPECT_EQ(f.at("total_gross"), "333.20");
  ASSERT_EQ(inv->line_items.size(), 1u);
  EXPECT_EQ(inv->line_items[0]["description"], "Paper A4");
  EXPECT_EQ(inv->line_items[0]["quantity"], "4");
}

TEST(EmbeddedInvoice, RejectsMalformedAndNonInvoiceXml) {
  EXPECT_FALSE(ParseInvoiceXml("<rsm:CrossIndustryInvoice><unclosed>"));
  EXPECT_FALSE(ParseInvoiceXml(""));
  EXPECT_FALSE(ParseInvoiceXml("<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm=\"urn:order-x\"/>"));
  EXPECT_FALSE(ParseInvoiceXml("<rsm:CrossIndustryInvoice xmlns:rsm=\"x\"/>"));  // no number, no total
  // An entity declared in a DOCTYPE is not expanded (no file is read).
  auto inv = ParseInvoiceXml(
      "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Invoice><ID>&x;A1</ID></Invoice>");
  if (inv) {
    EXPECT_EQ(inv->fields["invoice_number"].find("root:"), std::string::npos);
  }
}

TEST(EmbeddedInvoice, MergeKeepsAgreeingProvenanceAndReportsDisagreements) {
  auto inv = ParseInvoiceXml(FacturX("F-2024-001", "1200.00", kIban));
  ASSERT_TRUE(inv);
  Fields visible;
  Field number;
  number.value = "F-2024-001";
  number.page = 0;
  number.box = Box{10, 20, 30, 8};
  number.method = "label";
  visible["invoice_number"] = number;
  Field gross;
  gross.value = "1 100,00";
  gross.page = 0;
  gross.method = "label";
  visible["total_gross"] = gross;
  auto dis = MergeEmbedded(*inv, visible);
  EXPECT_EQ(visible["invoice_number"].method, "embedded-xml");
  EXPECT_DOUBLE_EQ(visible["invoice_number"].confidence, 0.99);
  ASSERT_TRUE(visible["invoice_number"].box);
  EXPECT_EQ(visible["invoice_number"].box->x, 10);
  EXPECT_EQ(visible["total_gross"].value, "1200.00");
  EXPECT_LT(visible["total_gross"].confidence, 0.9);
  EXPECT_DOUBLE_EQ(visible["iban"].confidence, 0.9);  // not printed: no visible value to compare
  ASSERT_EQ(dis.size(), 1u);
  EXPECT_EQ(dis[0].field, "total_gross");
  EXPECT_EQ(dis[0].embedded, "1200.00");
  EXPECT_EQ(dis[0].visible, "1 100,00");
  EXPECT_TRUE(visible.count("line_items"));
}

TEST(EmbeddedInvoice, SameValueByFieldKind) {
  EXPECT_TRUE(SameValue("total_gross", "1234.56", "1 234,56"));
  EXPECT_FALSE(SameValue("total_gross", "1234.56", "1234.50"));
  EXPECT_TRUE(SameValue("iban", "FR7630006000011234567890189", "FR76 3000 6000 0112 3456 7890 189"));
  EXPECT_TRUE(SameValue("supplier_name", "Conseil Durand SARL", "CONSEIL DURAND"));
  EXPECT_FALSE(SameValue("supplier_name", "Conseil Durand SARL", "Acme"));
  EXPECT_FALSE(SameValue("issue_date", "2024-03-12", "2024-12-03"));
}

TEST(EmbeddedInvoice, OnlyForInvoices) {
  Fields fields;
  std::vector<EmbeddedFile> files{{"factur-x.xml", "text/xml", FacturX("F-9", "10.00", kIban)}};
  Classification other;
  other.label = "contract";
  EXPECT_TRUE(ApplyEmbedded(other, files, fields).is_null());
  EXPECT_TRUE(fields.empty());
  Classification invoice;
  invoice.label = "invoice";
  json used = ApplyEmbedded(invoice, files, fields);
  ASSERT_FALSE(used.is_null());
  EXPECT_EQ(used["source"], "factur-x.xml");
  EXPECT_EQ(fields.at("invoice_number").value, "F-9");
}

// ------------------------------------------------------------ the CLI

std::string Shell(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

class EmbeddedCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bin = std::getenv("DOCFLOW_BIN");
    if (!bin) GTEST_FAIL() << "DOCFLOW_BIN is not set (run through ctest)";
    bin_ = bin;
    dir_ = std::filesystem::temp_directory_path() / ("docflow-embedded-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    // The page shows the number and totals but no IBAN; its gross differs
    // from the XML's (1200.00) so the disagreement is visible.
    const std::string page = test_pdf::TextContent({
        "Conseil Durand SARL", "12 rue de la Paix", "75002 Paris", "", "FACTURE", "Facture n F-2024-001",
        "Date de facture : 12/03/2024", "Client : Acme Industries SA", "",
        "Designation                Qte     Prix unitaire     Montant",
        "Consulting day             2       500,00            1 000,00", "", "Total HT      1 000,00 EUR",
        "TVA 20 %        200,00 EUR", "Total TTC     1 250,00 EUR", "",
        "Paiement a 30 jours par virement. Merci de votre confiance."});
    pdf_ = (dir_ / "facturx.pdf").string();
    std::ofstream(pdf_, std::ios::binary) << test_pdf::MakePdfWithAttachments(
        {page}, {{"factur-x.xml", "text#2Fxml", FacturX("F-2024-001", "1200.00", kIban)}});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  json Extract(const std::string& flags) {
    std::string out = Shell("DOCFLOW_HOME='" + dir_.string() + "' '" + bin_ + "' extract '" + pdf_ + "' --json " +
                            flags + " 2>/dev/null");
    return json::parse(out, nullptr, false);
  }

  std::string bin_, pdf_;
  std::filesystem::path dir_;
};

TEST_F(EmbeddedCli, UsesTheXmlAndReportsDisagreements) {
  json r = Extract("");
  ASSERT_FALSE(r.is_discarded());
  ASSERT_EQ(r.value("class", ""), "invoice") << r.dump();
  const json& f = r["fields"];
  EXPECT_EQ(f["iban"]["value"], kIban);  // only in the XML
  EXPECT_EQ(f["iban"]["method"], "embedded-xml");
  EXPECT_EQ(f["total_gross"]["value"], "1200.00");
  EXPECT_EQ(f["total_gross"]["method"], "embedded-xml");
  EXPECT_EQ(f["invoice_number"]["method"], "embedded-xml");
  EXPECT_GT(f["invoice_number"]["confidence"].get<double>(), 0.95);  // printed the same
  ASSERT_TRUE(r.contains("embedded")) << r.dump();
  bool gross_reported = false;
  for (const auto& d : r["embedded"]["disagreements"])
    if (d["field"] == "total_gross") gross_reported = d["visible"] == "1250.00";
  EXPECT_TRUE(gross_reported) << r["embedded"].dump();
}

TEST_F(EmbeddedCli, NoEmbeddedIgnoresTheXml) {
  json r = Extract("--no-embedded");
  ASSERT_FALSE(r.is_discarded());
  ASSERT_EQ(r.value("class", ""), "invoice") << r.dump();
  EXPECT_FALSE(r.contains("embedded"));
  EXPECT_FALSE(r["fields"].contains("iban"));  // printed nowhere
  for (auto& [name, field] : r["fields"].items()) EXPECT_NE(field.value("method", ""), "embedded-xml") << name;
  EXPECT_EQ(r["fields"]["total_gross"]["value"], "1250.00");  // what the page says
}

}  // namespace
}  // namespace docflow::embedded

#include "extractors/vcard.h"

#include <gtest/gtest.h>

namespace docflow::vcard {
namespace {

Card First(std::string_view text) {
  auto c = ParseAnyCard(text);
  EXPECT_TRUE(c.has_value()) << text;
  return c.value_or(Card{});
}

TEST(VCard21, QuotedPrintableWithSoftBreaksAndCharset) {
  // ISO-8859-1 bytes for "Hélène Lefèvre" and "Société Générale", QP-encoded,
  // the address split by soft line breaks ("=" at the end of a line).
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\n"
      "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;H=E9l=E8ne\r\n"
      "ORG;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:Soci=E9t=E9 G=E9n=E9rale;Direction juridique\r\n"
      "TITLE:Juriste\r\n"
      "TEL;WORK;FAX:01 42 14 20 01\r\n"
      "TEL;WORK;VOICE:01 42 14 20 00\r\n"
      "ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;29 boulevard Haussmann=0D=0A=\r\n"
      "B=C3=A2timent A;Paris;;75009;France\r\n"
      "EMAIL;INTERNET;PREF:helene.lefevre@example.fr\r\n"
      "END:VCARD\r\n";
  Card c = First(card);
  EXPECT_EQ(c.format, "vcard-2.1");
  EXPECT_EQ(c.full_name, "Hélène Lefèvre");  // from N: given then family
  EXPECT_EQ(c.company, "Société Générale");
  ASSERT_EQ(c.org_units.size(), 1u);
  EXPECT_EQ(c.org_units[0], "Direction juridique");
  EXPECT_EQ(c.job_title, "Juriste");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phone(), "01 42 14 20 00");  // the fax is not the phone
  EXPECT_EQ(c.email(), "helene.lefevre@example.fr");
  EXPECT_EQ(c.address(), "29 boulevard Haussmann, Bâtiment A, Paris, 75009, France");
}

TEST(VCard21, CharsetOfTextTheReaderAlreadyMadeUtf8IsNotAppliedTwice) {
  // A Latin-1 file reaches the parser as UTF-8 (the reader converts it):
  // only the quoted-printable bytes are still in the card's charset.
  std::string card =
      "BEGIN:VCARD\r\nVERSION:2.1\r\n"
      "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Fran=E7ois B=E9rard\r\n"
      "TITLE;CHARSET=ISO-8859-1:Directeur g\u00e9n\u00e9ral\r\n"
      "END:VCARD\r\n";
  Card c = First(card);
  EXPECT_EQ(c.full_name, "François Bérard");
  EXPECT_EQ(c.job_title, "Directeur général");
}

TEST(VCard30, FoldedLinesEscapesGroupsAndFnOverN) {
  std::string card =
      "BEGIN:VCARD\nVERSION:3.0\n"
      "N:Doe;John;Richter;Mr.;Sr.\n"
      "FN:Mr. John Richter\\, James Doe Sr.\n"
      "ORG:Acme Widgets\\, Inc.;Research;Lab 4\n"
      "TITLE:Senior \n"
      " Engineer\n"
      "item1.EMAIL;type=INTERNET;type=pref:john.doe@acme.example\n"
      "item1.X-ABLabel:_$!<Other>!$_\n"
      "TEL;type=CELL;type=VOICE;type=pref:(905) 555-1234\n"
      "ADR;TYPE=HOME:;Apt 3\\n2nd floor;15 Crescent moon drive;Albany;New York;12345;United\n"
      "  States of America\n"
      "URL:http\\://www.acme.example/john\n"
      "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\n"
      " AAgAAYdpAAQAAAABAAAAGgAAAAAAAqACAAQAAAABAAAAyKADAAQAAAABAAAAyAAAAAD\n"
      "END:VCARD\n";
  Card c = First(card);
  EXPECT_EQ(c.format, "vcard-3.0");
  EXPECT_EQ(c.full_name, "Mr. John Richter, James Doe Sr.");
  EXPECT_EQ(c.company, "Acme Widgets, Inc.");
  EXPECT_EQ(c.org_units, (std::vector<std::string>{"Research", "Lab 4"}));
  EXPECT_EQ(c.job_title, "Senior Engineer");
  EXPECT_EQ(c.email(), "john.doe@acme.example");
  EXPECT_EQ(c.phone(), "(905) 555-1234");
  EXPECT_EQ(c.website(), "http://www.acme.example/john");
  EXPECT_EQ(c.address(), "Apt 3, 2nd floor, 15 Crescent moon drive, Albany, New York, 12345, United States of America");
}

TEST(VCard40, UriTelephonesQuotedTypeListsAndPrefParameters) {
  std::string card =
      "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Simon Perreault\r\nN:Perreault;Simon;;;ing. jr,M.Sc.\r\n"
      "ORG;TYPE=work:Viagenie\r\n"
      "ADR;TYPE=work:;Suite D2-630;2875 Laurier;\r\n Quebec;QC;G1V 2M2;Canada\r\n"
      "TEL;VALUE=uri;TYPE=\"work,voice\";PREF=1:tel:+1-418-656-9254;ext=102\r\n"
      "TEL;VALUE=uri;TYPE=\"work,cell,voice,video,text\":tel:+1-418-262-6501\r\n"
      "EMAIL;TYPE=work:simon.perreault@viagenie.ca\r\n"
      "KEY;TYPE=work;VALUE=uri:\r\n http://www.viagenie.ca/simon.perreault/simon.asc\r\n"
      "URL;TYPE=home:http://nomis80.org\r\nEND:VCARD\r\n";
  Card c = First(card);
  EXPECT_EQ(c.format, "vcard-4.0");
  EXPECT_EQ(c.full_name, "Simon Perreault");
  EXPECT_EQ(c.phone(), "+1-418-656-9254");
  ASSERT_EQ(c.phones.size(), 2u);
  EXPECT_EQ(c.phones[0].types, (std::vector<std::string>{"work", "voice", "pref"}));
  EXPECT_EQ(c.address(), "Suite D2-630, 2875 Laurier, Quebec, QC, G1V 2M2, Canada");
  EXPECT_EQ(c.website(), "http://nomis80.org");
}

TEST(VCardText, OnlyNGivesThePrefixGivenAdditionalFamilySuffixName) {
  Card c = First("BEGIN:VCARD\nVERSION:3.0\nN:Angstadt;Michael;;Mr.;Jr.\nEND:VCARD\n");
  EXPECT_EQ(c.full_name, "Mr. Michael Angstadt Jr.");
}

TEST(VCardText, SeveralCardsNestedAgentsAndPlaceholders) {
  std::string text =
      "BEGIN:VCARD\nVERSION:2.1\nNOTE:no name here\nEND:VCARD\n"
      "BEGIN:VCARD\nVERSION:2.1\nN:Martin;Paul\n"
      "AGENT:BEGIN:VCARD\nFN:Secretary Agent\nTEL:0612345678\nEND:VCARD\n"
      "TEL;X-custom:1\n"
      "EMAIL;INTERNET:\"Paul Martin\"\n  <paul.martin@example.org>\n"
      "END:VCARD\n"
      "BEGIN:VCARD\nVERSION:3.0\nFN:Second Person\nEND:VCARD\n";
  auto all = ParseVCardText(text);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].empty() || all[0].full_name.empty());
  // The first card with a name is the document's contact.
  Card c = First(text);
  EXPECT_EQ(c.full_name, "Paul Martin");
  EXPECT_TRUE(c.phones.empty()) << "the agent's number and the placeholder TEL:1 are not Paul's";
  EXPECT_EQ(c.email(), "paul.martin@example.org");
}

TEST(JCard, StructuredValuesAndTypes) {
  std::string j = R"(["vcard", [
      ["version", {}, "text", "4.0"],
      ["n", {}, "text", ["Perreault", "Simon", "", "", ["ing. jr", "M.Sc."]]],
      ["org", {"type": "work"}, "text", ["Viagenie", "R&D"]],
      ["title", {}, "text", "Research engineer"],
      ["adr", {"type": "work"}, "text", ["", "Suite D2-630", "2875 Laurier", "Quebec", "QC", "G1V 2M2", "Canada"]],
      ["tel", {"type": ["work", "fax"]}, "uri", "tel:+1-418-656-9200"],
      ["tel", {"type": ["work", "voice"], "pref": "1"}, "uri", "tel:+1-418-656-9254;ext=102"],
      ["email", {"type": "work"}, "text", "simon.perreault@viagenie.ca"],
      ["url", {"type": "home"}, "uri", "http://nomis80.org"]]])";
  Card c = First(j);
  EXPECT_EQ(c.format, "jcard");
  EXPECT_EQ(c.full_name, "Simon Perreault ing. jr M.Sc.");
  EXPECT_EQ(c.company, "Viagenie");
  EXPECT_EQ(c.org_units, (std::vector<std::string>{"R&D"}));
  EXPECT_EQ(c.job_title, "Research engineer");
  EXPECT_EQ(c.phone(), "+1-418-656-9254");
  EXPECT_EQ(c.address(), "Suite D2-630, 2875 Laurier, Quebec, QC, G1V 2M2, Canada");
  EXPECT_FALSE(ParseJCard("[\"vcard\", 42]"));
  EXPECT_FALSE(ParseJCard("[\"vcard\", [ broken json"));
}

TEST(XCard, NamespacedPropertiesAndParameters) {
  std::string x = R"(<?xml version="1.0" encoding="UTF-8"?>
<vcards xmlns="urn:ietf:params:xml:ns:vcard-4.0"><vcard>
  <fn><text>Anne Moreau</text></fn>
  <org><text>Verdier &amp; Associés</text></org>
  <title><text>Avocate associée</text></title>
  <adr><parameters><type><text>work</text></type></parameters>
    <pobox/><ext/><street>15 quai Saint-Antoine</street><locality>Lyon</locality><region/>
    <code>69002</code><country>France</country></adr>
  <tel><parameters><type><text>work</text><text>voice</text></type></parameters><uri>tel:+33-4-72-10-20-30</uri></tel>
  <email><text>anne.moreau@verdier-associes.fr</text></email>
  <url><uri>https://www.verdier-associes.fr</uri></url>
</vcard></vcards>)";
  Card c = First(x);
  EXPECT_EQ(c.format, "xcard");
  EXPECT_EQ(c.full_name, "Anne Moreau");
  EXPECT_EQ(c.company, "Verdier & Associés");
  EXPECT_EQ(c.job_title, "Avocate associée");
  EXPECT_EQ(c.phone(), "+33-4-72-10-20-30");
  EXPECT_EQ(c.email(), "anne.moreau@verdier-associes.fr");
  EXPECT_EQ(c.address(), "15 quai Saint-Antoine, Lyon, 69002, France");
  EXPECT_FALSE(ParseXCard("<vcards><unclosed"));
}

TEST(MeCard, DocomoOrderEscapesAndBizcard) {
  Card c = First("MECARD:N:Owen,Sean;TEL:+12125658770;EMAIL:srowen@google.com;"
                 "ADR:,,76 9th Avenue,New York,NY,10011,USA;NOTE:a\\;b;URL:http\\://example.com;;");
  EXPECT_EQ(c.format, "mecard");
  EXPECT_EQ(c.full_name, "Sean Owen");
  EXPECT_EQ(c.phone(), "+12125658770");
  EXPECT_EQ(c.email(), "srowen@google.com");
  EXPECT_EQ(c.website(), "http://example.com");
  EXPECT_EQ(c.address(), "76 9th Avenue, New York, NY, 10011, USA");
  Card one = First("MECARD:N:Google 411;TEL:18665881077;;");
  EXPECT_EQ(one.full_name, "Google 411");
  Card biz = First("BIZCARD:N:Sean;X:Owen;T:Software Engineer;C:Google;B:+12125658770;E:srowen@google.com;;");
  EXPECT_EQ(biz.full_name, "Sean Owen");
  EXPECT_EQ(biz.company, "Google");
  EXPECT_EQ(biz.job_title, "Software Engineer");
}

TEST(AnyCard, TextWithoutACardGivesNothing) {
  EXPECT_FALSE(ParseAnyCard(""));
  EXPECT_FALSE(ParseAnyCard("Invoice INV-42\nTotal 120.00 EUR"));
  EXPECT_FALSE(ParseAnyCard("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"));  // an empty card
  EXPECT_FALSE(ParseAnyCard("BEGIN:VCARD\nthis line has no colon\nEND:VCARD"));
  EXPECT_FALSE(ParseAnyCard("MECARD:;;"));
}

}  // namespace
}  // namespace docflow::vcard

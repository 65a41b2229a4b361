// The contact extractor on pages built here: OCR-like words with boxes
// (layout), plain text (no boxes), QR code payloads, card files.
#include <gtest/gtest.h>

#include "extractors/extractor.h"

namespace docflow {
namespace {

Classification Contact() {
  Classification c;
  c.label = "contact";
  c.confidence = 0.9;
  return c;
}

std::string Value(const Fields& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? "<none>" : it->second.value.get<std::string>();
}

// One OCR'd line: words laid out left to right from x, `h` pixels high.
struct PageBuilder {
  Page page;
  int block = 0, line = 0;
  PageBuilder() {
    page.source = "ocr";
    page.width = 1050;
    page.height = 600;
    page.dpi = 300;
  }
  void Line(int x, int y, int h, const std::string& text, int blk) {
    ++line;
    size_t s = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      if (i < text.size() && text[i] != ' ') continue;
      if (i > s) {
        Word w;
        w.text = text.substr(s, i - s);
        w.box = Box{x, y, static_cast<int>(w.text.size()) * h / 2, h};
        w.block = blk;
        w.line = line;
        w.confidence = 90;
        page.words.push_back(w);
        x += w.box.w + h / 3;
      }
      s = i + 1;
    }
  }
};

TEST(ContactLayout, ALongNameShrunkToFitIsStillTheNameWhenTheAddressSpellsIt) {
  // Two columns: the long name was set smaller than the title to fit its
  // column; the e-mail spells two of its words.
  PageBuilder b;
  b.Line(50, 62, 22, "IBM", 0);
  b.Line(530, 70, 20, "905-555-1234", 1);
  b.Line(50, 132, 21, "Mr. John Richter, James Doe Sr.", 0);
  b.Line(530, 114, 20, "john.doe@ibm.com", 1);
  b.Line(530, 158, 20, "http://www.ibm.com", 1);
  b.Line(50, 188, 24, "Money Counter", 0);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Mr. John Richter, James Doe Sr.");
  EXPECT_EQ(Value(f, "job_title"), "Money Counter");  // the line under it, though larger
}

TEST(ContactLayout, OnACardTheLargestLineUnderTheTopIsTheNameWhenNoLineIsNameShaped) {
  PageBuilder b;
  b.Line(60, 40, 21, "COMPANY", 0);
  b.Line(60, 130, 33, "Smith", 0);
  b.Line(60, 200, 28, "Engineer", 0);
  b.Line(60, 300, 24, "Email: test@example.com", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Smith");
  EXPECT_DOUBLE_EQ(f.at("full_name").confidence, 0.5);
  EXPECT_EQ(Value(f, "company"), "COMPANY");
  // Nothing larger than the rest below the top line: no name is made up.
  PageBuilder c;
  c.Line(60, 40, 40, "COMPANY", 0);
  c.Line(60, 130, 24, "Engineer", 0);
  c.Line(60, 200, 24, "Sales", 0);
  c.Line(60, 300, 24, "Email: test@example.com", 1);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "full_name"), "<none>");
}

// All lines in one type size (a card with a dark header band): the line
// right above the job title is the name, at lower confidence.
TEST(ContactLayout, OnACardOfOneTypeSizeTheLineAboveTheTitleIsTheName) {
  PageBuilder b;
  b.Line(60, 40, 30, "COMPANY", 0);
  b.Line(60, 130, 30, "Smith", 0);
  b.Line(60, 200, 30, "Engineer", 0);
  b.Line(60, 300, 30, "test@example.com", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Smith");
  EXPECT_LT(f.at("full_name").confidence, 0.5);
  EXPECT_EQ(Value(f, "job_title"), "Engineer");
}

// A title set on two lines under the name, beside a column of contacts:
// the second line is a title word ("Officer") and belongs to it; the
// company under a one-line title does not.
TEST(ContactLayout, ATitleOnTwoLinesIsJoined) {
  PageBuilder b;
  b.Line(60, 40, 30, "Brightwater Capital Partners", 0);
  b.Line(60, 150, 40, "Eleanor Hayes", 1);
  b.Line(60, 210, 27, "Chief Financial", 1);
  b.Line(60, 250, 27, "Officer", 1);
  b.Line(600, 150, 25, "Tel +44 (0)161 496 0753", 2);
  b.Line(600, 200, 25, "e.hayes@brightwatercap.co.uk", 2);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Eleanor Hayes");
  EXPECT_EQ(Value(f, "job_title"), "Chief Financial Officer");
  PageBuilder c;
  c.Line(60, 150, 40, "Eleanor Hayes", 1);
  c.Line(60, 210, 27, "Chief Financial Officer", 1);
  c.Line(60, 250, 27, "Brightwater Capital", 1);
  c.Line(600, 200, 25, "e.hayes@brightwatercap.co.uk", 2);
  Fields g = Extract(Contact(), {c.page});
  EXPECT_EQ(Value(g, "job_title"), "Chief Financial Officer");
}

// Two titles around a dash on one row are one title; a company after the
// dash (its name the e-mail's domain) is not part of it.
TEST(ContactLayout, TwoTitlesAroundADashAreOneButNotATitleAndItsCompany) {
  PageBuilder b;
  b.Line(60, 40, 30, "ATELIER VERNIERE", 0);
  b.Line(60, 150, 40, "Julien Vernière", 1);
  b.Line(60, 210, 27, "Ébéniste – Gérant", 1);
  b.Line(600, 150, 25, "Tél. 04 75 00 12 34", 2);
  b.Line(600, 200, 25, "julien@atelier-verniere.fr", 2);
  EXPECT_EQ(Value(Extract(Contact(), {b.page}), "job_title"), "Ébéniste – Gérant");
  PageBuilder c;
  c.Line(60, 150, 40, "Nadia Roux", 1);
  c.Line(60, 210, 27, "Directrice commerciale – Nexora", 1);
  c.Line(600, 150, 25, "Tél. 04 75 00 12 34", 2);
  c.Line(600, 200, 25, "nadia.roux@nexora.fr", 2);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "job_title"), "Directrice commerciale");
}

TEST(ContactLayout, AnAddressWithASpaceAfterADotIsReadWhole) {
  PageBuilder b;
  b.Line(60, 40, 26, "KDE", 0);
  b.Line(60, 120, 44, "Mustermann, Heiko", 0);
  b.Line(60, 260, 22, "Email: heiko. mustermann@freenet.org", 1);
  EXPECT_EQ(Value(Extract(Contact(), {b.page}), "email"), "heiko.mustermann@freenet.org");
  // After a sentence, the word before is not part of it.
  PageBuilder c;
  c.Line(60, 120, 44, "Jane Roe", 0);
  c.Line(60, 260, 22, "Write to us. jane@roe-consulting.com", 1);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "email"), "jane@roe-consulting.com");
}

TEST(ContactLayout, AWebAddressWithAMisreadSchemeIsNeverTheCompany) {
  PageBuilder b;
  b.Line(60, 42, 29, "THECOMPANY", 0);
  b.Line(60, 150, 40, "Greg Dartmouth", 0);
  b.Line(60, 210, 26, "TheJobTitle", 0);
  b.Line(60, 300, 24, "Tel: 555 555 1111", 1);
  b.Line(60, 340, 24, "Email: gdartmouth@hotmail.com", 1);
  b.Line(60, 380, 24, "http:/TheProfile.com", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "company"), "THECOMPANY");
  EXPECT_EQ(Value(f, "website"), "http://TheProfile.com");
}

TEST(ContactLayout, TwoColumnCardNameTitleCompanyAndAddressFromTheRightColumn) {
  PageBuilder b;
  b.Line(60, 40, 40, "Studio Lumen", 0);                 // logo text, large: the company
  b.Line(60, 160, 36, "Camille Rousseau", 0);
  b.Line(60, 205, 24, "Photographe", 0);                 // no job word: the line under the name
  b.Line(60, 330, 22, "Tél. 06 71 23 45 09", 0);
  b.Line(60, 370, 22, "camille@studio-lumen.fr", 0);
  b.Line(640, 330, 22, "12 rue de la Paix", 1);          // right column, level with the phone
  b.Line(640, 370, 22, "75002 Paris", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Camille Rousseau");  // not "Studio Lumen", which spells the domain
  EXPECT_EQ(Value(f, "company"), "Studio Lumen");
  EXPECT_EQ(Value(f, "job_title"), "Photographe");
  EXPECT_EQ(Value(f, "phone"), "+33671234509");
  EXPECT_EQ(Value(f, "email"), "camille@studio-lumen.fr");
  EXPECT_EQ(Value(f, "address"), "12 rue de la Paix, 75002 Paris");
  // Provenance: the words' boxes.
  ASSERT_TRUE(f.at("full_name").box.has_value());
  EXPECT_EQ(f.at("full_name").box->y, 160);
  ASSERT_TRUE(f.at("address").box.has_value());
  EXPECT_GE(f.at("address").box->x, 640);
  EXPECT_EQ(f.at("phone").method, "label");
}

// A German card: a doctor's title before the name ("Dr" is also Drive), a
// firm whose name holds a title word ("Partner") and a legal form, a
// compound street name.
TEST(ContactLayout, GermanCardDoctorPartnerFirmCompoundStreet) {
  PageBuilder b;
  b.Line(60, 40, 34, "Weber & Partner GmbH", 0);
  b.Line(60, 140, 34, "Dr. Klaus Weber", 0);
  b.Line(60, 190, 34, "Geschäftsführer", 0);
  b.Line(60, 290, 34, "Friedrichstrasse 100", 0);
  b.Line(60, 340, 34, "10117 Berlin", 0);
  b.Line(60, 390, 34, "Tel. +49 30 1234567", 0);
  b.Line(60, 440, 34, "k.weber@weber-partner.de", 0);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Dr. Klaus Weber");
  EXPECT_EQ(Value(f, "company"), "Weber & Partner GmbH");
  EXPECT_EQ(Value(f, "job_title"), "Geschäftsführer");
  EXPECT_EQ(Value(f, "address"), "Friedrichstrasse 100, 10117 Berlin");
}

// A signature printing its web address as a bare domain, the e-mail's own:
// the website. The second half of an e-mail broken after its '@' is not.
TEST(ContactLayout, BareDomainOfTheEmailIsTheWebsite) {
  PageBuilder b;
  b.Line(60, 40, 26, "Best regards,", 0);
  b.Line(60, 80, 26, "Tom O'Brien | Senior Account Manager", 0);
  b.Line(60, 120, 26, "Greenleaf Solutions Ltd", 0);
  b.Line(60, 160, 26, "tom.obrien@greenleaf.co.uk | greenleaf.co.uk", 0);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "email"), "tom.obrien@greenleaf.co.uk");
  EXPECT_EQ(Value(f, "website"), "greenleaf.co.uk");

  PageBuilder broken;
  broken.Line(60, 40, 26, "Tom O'Brien", 0);
  broken.Line(60, 80, 26, "tom.obrien@", 0);
  broken.Line(60, 120, 26, "greenleaf.co.uk", 0);
  broken.Line(60, 160, 26, "tom.obrien@greenleaf.co.uk", 0);
  Fields g = Extract(Contact(), {broken.page});
  EXPECT_EQ(Value(g, "website"), "<none>");
}

// A card photographed at its edge: the edge or its shadow read as one
// character before a line, far from it ("7     Imogen Thackeray"), is no
// part of the line, while a house number is ("5 Wharf Lane"); one-letter
// labels before a web address and a phone ("W ...", "T ...").
TEST(ContactLayout, CardEdgeSpecksAndOneLetterLabels) {
  PageBuilder b;
  b.Line(60, 40, 30, "ASHGROVE", 0);
  b.Line(60, 90, 22, "Ashgrove Cartographic Ltd", 0);
  b.Line(20, 160, 26, "7 Imogen Thackeray", 0);
  for (auto& w : b.page.words)
    if (w.line == b.line && w.text != "7") w.box.x += 60;  // the speck stands apart
  b.Line(60, 200, 22, "Principal Cartographer", 0);
  b.Line(60, 260, 20, "T 020 7946 0321", 0);
  b.Line(60, 290, 20, "E imogen@ashgrovecarto.co.uk", 0);
  b.Line(60, 320, 20, "W ashgrovecarto.co.uk", 0);
  b.Line(60, 360, 20, "5 Wharf Lane", 0);
  b.Line(60, 390, 20, "Bristol BS1 6QR", 0);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Imogen Thackeray");
  EXPECT_EQ(Value(f, "job_title"), "Principal Cartographer");
  EXPECT_EQ(Value(f, "company"), "Ashgrove Cartographic Ltd");
  EXPECT_EQ(Value(f, "website"), "ashgrovecarto.co.uk");
  EXPECT_EQ(Value(f, "phone"), "+442079460321");
  EXPECT_EQ(Value(f, "address"), "5 Wharf Lane, Bristol BS1 6QR");
}

// A printed e-mail thread: the contact is the sender of the message
// printed first (its "De:" label a piece of its own, OCR's "é" for "ë"),
// not the author of the message quoted under it, whose signature comes
// last.
TEST(ContactLayout, EmailThreadPrintoutIsTheFirstSendersContact) {
  PageBuilder b;
  b.page.width = 2480;
  b.page.height = 3508;
  int y = 60;
  auto line = [&](int x, const std::string& t) { b.Line(x, y, 24, t, 0); };
  auto next = [&] { y += 50; };
  line(60, "RE: Charpente préau école Kerallan"); next();
  // Header labels in a column of their own: a wide gap after them.
  auto labelled = [&](const std::string& t) {
    line(60, t);
    bool first = true;
    for (auto& w : b.page.words)
      if (w.line == b.line) {
        if (!first) w.box.x += 300;
        first = false;
      }
    next();
  };
  labelled("De: Gaélle Le Floc'h <g.lefloch@kerbrat-ingenierie.fr>");
  labelled("A: Thomas Bellec <t.bellec@ville-plouzane.fr>");
  line(60, "Bonjour Monsieur Bellec,"); next();
  line(60, "Veuillez trouver ci-joint l'indice B des plans."); next();
  line(60, "Bien cordialement,"); next();
  line(60, "Gaëlle Le Floc'h"); next();
  line(60, "Responsable bureau d'études"); next();
  line(60, "KERBRAT INGÉNIERIE BOIS"); next();
  line(60, "Tél. 02 98 44 17 62"); next();
  line(60, "De: \"Thomas Bellec\" <t.bellec@ville-plouzane.fr>"); next();
  line(60, "À: \"Gaëlle Le Floc'h\" <g.lefloch@kerbrat-ingenierie.fr>"); next();
  line(60, "Madame,"); next();
  line(60, "Merci de nous transmettre les plans mis à jour."); next();
  line(60, "Cordialement,"); next();
  line(60, "Thomas Bellec"); next();
  line(60, "Technicien bâtiments"); next();
  line(60, "Mairie de Plouzané"); next();
  line(60, "Tél. 02 98 31 95 40");
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Gaëlle Le Floc'h");
  EXPECT_EQ(Value(f, "email"), "g.lefloch@kerbrat-ingenierie.fr");
  EXPECT_EQ(Value(f, "job_title"), "Responsable bureau d'études");
}

TEST(ContactLayout, ColumnsMergedOnOneOcrLineAreSplitAtTheGap) {
  PageBuilder b;
  b.Line(60, 60, 40, "OLIVIA HARTLEY", 0);
  b.Line(60, 110, 26, "Senior Architect", 0);
  b.Line(60, 230, 24, "Hartley & Shaw Architects LLP", 0);
  // Tesseract put both columns in one line; a wide gap separates them.
  b.Line(60, 300, 22, "42 Clerkenwell Green", 0);
  b.Line(700, 300, 22, "T +44 20 7946 0321", 0);
  b.Line(60, 340, 22, "London EC1R ODU", 0);  // OCR read the zero as O
  b.Line(60, 380, 22, "United Kingdom", 0);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Olivia Hartley");  // printed in capitals, recorded in name case
  ASSERT_TRUE(f.at("full_name").box.has_value());      // still found where it is printed
  EXPECT_EQ(f.at("full_name").box->y, 60);
  EXPECT_EQ(Value(f, "job_title"), "Senior Architect");
  EXPECT_EQ(Value(f, "company"), "Hartley & Shaw Architects LLP");
  EXPECT_EQ(Value(f, "phone"), "+442079460321");
  EXPECT_EQ(Value(f, "address"), "42 Clerkenwell Green, London EC1R 0DU, United Kingdom");
}

Page TextPage(const std::string& text) {
  Page p;
  p.source = "text-layer";
  p.text = text;
  return p;
}

TEST(ContactLayout, CardHolderWithCourtesyTitleAndUnassignedNumbers) {
  // On a card, "Mr. ... Jr." is the holder (on a letter it would be the
  // recipient); a labelled number libphonenumber does not know as assigned
  // is still the phone; an address written as a comma list without a
  // "postcode city" line is still the address.
  PageBuilder b;
  b.Line(60, 40, 26, "Brightwater Analytics Inc.", 0);
  b.Line(60, 120, 44, "Mr. Michael Angstadt Jr.", 0);
  b.Line(60, 175, 26, "Senior Accountant", 0);
  b.Line(60, 260, 22, "Tel: (111) 555-1111", 1);
  b.Line(60, 300, 22, "michael@brightwater-analytics.com", 1);
  b.Line(60, 380, 22, "TheOffice, 222 Broadway, New York,", 2);
  b.Line(60, 410, 22, "NY, 99999, USA", 2);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Mr. Michael Angstadt Jr.");
  EXPECT_EQ(Value(f, "job_title"), "Senior Accountant");
  EXPECT_EQ(Value(f, "phone"), "+11115551111");
  EXPECT_LT(f.at("phone").confidence, 0.9);  // an unassigned number is less sure
  EXPECT_EQ(Value(f, "address"), "TheOffice, 222 Broadway, New York, NY, 99999, USA");
}

TEST(ContactLayout, NameWithACommaAndAGermanCommaListAddress) {
  PageBuilder b;
  b.Line(60, 60, 44, "Mustermann, Heiko", 0);
  b.Line(60, 120, 24, "Projektleiter", 0);
  b.Line(60, 240, 22, "Buehlauer Strasse 45, Dresden, Sachsen, 01327, Germany", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Mustermann, Heiko");
  EXPECT_EQ(Value(f, "address"), "Buehlauer Strasse 45, Dresden, Sachsen, 01327, Germany");
}

// A comma-separated address wrapped over two lines whose postcode is not
// one it can read ("NYC887"): a street and a country at its end make it an
// address; a list of words without a street does not.
TEST(ContactLayout, CommaListAddressEndingWithACountry) {
  PageBuilder b;
  b.Line(60, 60, 44, "John Doe", 0);
  b.Line(60, 120, 24, "Generic Accountant", 0);
  b.Line(60, 240, 22, "25334, South cresent drive, Building 5,", 1);
  b.Line(60, 270, 22, "3rd floor, New York, New York, NYC887, U.S.A.", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "address"), "25334, South cresent drive, Building 5, 3rd floor, New York, New York, NYC887, U.S.A.");

  PageBuilder c;
  c.Line(60, 60, 44, "John Doe", 0);
  c.Line(60, 240, 22, "Offices in Paris, London, Berlin, France", 1);
  Fields g = Extract(Contact(), {c.page});
  EXPECT_EQ(g.count("address"), 0u);
}

TEST(ContactLayout, AnUnassignedNumberAloneOnItsLineIsThePhoneButNotInsideText) {
  PageBuilder b;
  b.Line(60, 60, 44, "Dana Whitfield", 0);
  b.Line(60, 200, 22, "555 555 1111", 1);
  b.Line(60, 240, 22, "111 Main St, New York, NY 10011", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "phone"), "+15555551111");

  PageBuilder c;
  c.Line(60, 60, 44, "Dana Whitfield", 0);
  c.Line(60, 200, 22, "Order 555 555 1111 shipped", 1);
  c.Line(60, 240, 22, "111 Main St, New York, NY 10011", 1);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "phone"), "<none>");
}

TEST(ContactLayout, ALabelledNumberPossibleOnlyInAnotherRegionIsStillThePhone) {
  // A French card (region FR) whose labelled number has ten digits without
  // a trunk 0: not possible in France, possible elsewhere.
  PageBuilder b;
  b.Line(60, 40, 26, "Société Dupont et Fils", 0);
  b.Line(60, 120, 44, "Jean Martin", 0);
  b.Line(60, 175, 26, "Directeur commercial", 0);
  b.Line(60, 260, 22, "Tél : 555 555 1111", 1);
  b.Line(60, 300, 22, "jean.martin@dupont.fr", 1);
  b.Line(60, 380, 22, "12 rue de la Paix, 75002 Paris", 2);
  Fields f = Extract(Contact(), {b.page});
  const std::string phone = Value(f, "phone");
  ASSERT_GE(phone.size(), 10u) << phone;
  EXPECT_EQ(phone.substr(phone.size() - 10), "5555551111");
  EXPECT_EQ(phone[0], '+');

  // A number too long to be one anywhere: no part of it is taken; on a card
  // it is kept whole, as printed, at low confidence (no E.164 form exists).
  PageBuilder c;
  c.Line(60, 40, 26, "IBM", 0);
  c.Line(60, 120, 44, "Mr. Doe John", 0);
  c.Line(60, 260, 22, "Tel: +1 (212) 204-34456", 1);
  c.Line(60, 300, 22, "john.doe@ibm.com", 1);
  Fields g = Extract(Contact(), {c.page});
  EXPECT_EQ(Value(g, "phone"), "+1 (212) 204-34456");
  EXPECT_EQ(g.at("phone").method, "label-unchecked");
  EXPECT_LT(g.at("phone").confidence, 0.5);
  // Bare digits without a label or a '+' are not taken that way.
  PageBuilder d;
  d.Line(60, 120, 44, "Jane Roe", 0);
  d.Line(60, 260, 22, "2024-03-12", 1);
  d.Line(60, 300, 22, "jane@roe.com", 1);
  EXPECT_EQ(Value(Extract(Contact(), {d.page}), "phone"), "<none>");
}

TEST(ContactLayout, OnACardTheLineAboveTheNameIsTheCompanyWhenNothingElseIs) {
  PageBuilder b;
  b.Line(60, 30, 22, "0351 555 1234", 0);  // digits: never a company
  b.Line(60, 70, 30, "Northwind", 0);      // no legal form, no e-mail domain
  b.Line(60, 130, 44, "Heiko Mustermann", 0);
  b.Line(60, 185, 24, "Projektleiter", 0);
  b.Line(60, 260, 22, "heiko.m@gmail.com", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Heiko Mustermann");
  EXPECT_EQ(Value(f, "company"), "Northwind");
  EXPECT_LE(f.at("company").confidence, 0.5);

  // Nothing above the name: no company is made up.
  PageBuilder c;
  c.Line(60, 130, 44, "Heiko Mustermann", 0);
  c.Line(60, 185, 24, "Projektleiter", 0);
  c.Line(60, 260, 22, "heiko.m@gmail.com", 1);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "company"), "<none>");
}

// A logo set over two lines is one company: "QUILLSTONE" over a small
// "ROBOTICS"; "LUMI" over "NOVA" spelling the domain. Icons read as symbols
// before a line ("@ 14 quai ...", ">> ") are dropped.
TEST(ContactLayout, ALogoOverTwoLinesAndIconsBeforeLines) {
  PageBuilder b;
  b.Line(60, 30, 45, ">> QUILLSTONE", 0);
  b.Line(60, 85, 19, "ROBOTICS", 0);
  b.Line(60, 140, 70, "Priya Raman", 1);
  b.Line(60, 230, 33, "Head of Partnerships", 1);
  b.Line(60, 300, 32, "+44 20 3890 4417", 2);
  b.Line(60, 350, 32, "priya.raman@quillstone.io", 2);
  b.Line(60, 400, 32, "21 Leonard Street, London EC2A 4DY", 2);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "company"), "QUILLSTONE ROBOTICS");
  EXPECT_EQ(Value(f, "full_name"), "Priya Raman");
  PageBuilder c;
  c.Line(60, 30, 50, "LUMI", 0);
  c.Line(60, 90, 50, "\xC2\xA9 NOVA", 0);
  c.Line(60, 150, 20, "éclairage & scénographie", 0);
  c.Line(60, 220, 40, "Camille Devaux", 1);
  c.Line(60, 270, 24, "Chargée d'affaires", 1);
  c.Line(60, 330, 22, "\xC2\xA9 camille.devaux@luminova.fr", 2);
  c.Line(60, 370, 22, "@ 14 quai de la Fosse, 44000 Nantes", 2);
  Fields g = Extract(Contact(), {c.page});
  EXPECT_EQ(Value(g, "company"), "LUMI NOVA");
  EXPECT_EQ(Value(g, "address"), "14 quai de la Fosse, 44000 Nantes");
  EXPECT_EQ(Value(g, "email"), "camille.devaux@luminova.fr");
  // A name with a letter of its own first is kept whole ("À" is no icon).
  PageBuilder d;
  d.Line(60, 30, 40, "Ashford & Finch Ltd", 0);
  d.Line(60, 100, 22, "ARCHITECTS", 0);
  d.Line(60, 160, 40, "Jane Holt", 1);
  d.Line(60, 220, 22, "jane@ashfordfinch.co.uk", 2);
  EXPECT_EQ(Value(Extract(Contact(), {d.page}), "company"), "Ashford & Finch Ltd");  // not in capitals: not joined
}

// The logo's word over the name with its legal form, spelling the domain
// with it ("NORDWERK" over "Sensorik GmbH", nordwerk-sensorik.de); a word
// over it that the domain does not spell stays out.
TEST(ContactLayout, TheLogosWordOverANameWithItsLegalForm) {
  PageBuilder b;
  b.Line(60, 30, 40, "ul NORDWERK", 0);
  b.Line(60, 80, 26, "Sensorik GmbH", 0);
  b.Line(60, 150, 40, "Lukas Brandtner", 1);
  b.Line(60, 200, 22, "Leiter Vertrieb DACH", 1);
  b.Line(60, 260, 22, "l.brandtner@nordwerk-sensorik.de", 2);
  b.Line(60, 300, 22, "www.nordwerk-sensorik.de", 2);
  EXPECT_EQ(Value(Extract(Contact(), {b.page}), "company"), "NORDWERK Sensorik GmbH");
  PageBuilder c;
  c.Line(60, 30, 40, "PREMIUM PARTNER", 0);
  c.Line(60, 80, 26, "Sensorik GmbH", 0);
  c.Line(60, 150, 40, "Lukas Brandtner", 1);
  c.Line(60, 260, 22, "l.brandtner@sensorik.de", 2);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "company"), "Sensorik GmbH");
}

// "Instagram @lumen.optique" is a handle, never the e-mail.
TEST(ContactLayout, ASocialHandleIsNoEmail) {
  PageBuilder b;
  b.Line(60, 30, 40, "LUMEN OPTIQUE", 0);
  b.Line(60, 100, 40, "CAMILLE FAURE", 1);
  b.Line(60, 160, 22, "www.lumen-optique.fr", 2);
  b.Line(60, 200, 22, "Instagram @lumen.optique", 2);
  EXPECT_EQ(Value(Extract(Contact(), {b.page}), "email"), "<none>");
}

TEST(ContactLayout, WebAddressSchemesMisreadByOcrAreRepaired) {
  auto site = [](const std::string& line) {
    PageBuilder b;
    b.Line(60, 60, 44, "Simon Perreault", 0);
    b.Line(60, 200, 22, "simon@viagenie.ca", 1);
    b.Line(60, 240, 22, line, 1);
    return Value(Extract(Contact(), {b.page}), "website");
  };
  EXPECT_EQ(site("http:/Avww.ibm.com"), "http://www.ibm.com");  // "//" read "/A", "www" read "vww"
  EXPECT_EQ(site("http:/nomis80.org"), "http://nomis80.org");
  EXPECT_EQ(site("https://Apple.com"), "https://Apple.com");    // a capital A that is the name's
  EXPECT_EQ(site("www.viagenie.ca"), "www.viagenie.ca");
  EXPECT_EQ(site("http://www. mustermann.de/~heiko/"), "http://www.mustermann.de/~heiko/");  // OCR's space
}

TEST(ContactLayout, ALowerCaseNameCountsOnlyWhenTheEmailSpellsIt) {
  PageBuilder b;
  b.Line(60, 40, 26, "SOURCE EXTREME", 0);
  b.Line(60, 120, 44, "ian geiser", 0);
  b.Line(60, 175, 24, "VP of Engineering", 0);
  b.Line(60, 260, 22, "geiseri@yahoo.com", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "ian geiser");
  EXPECT_EQ(Value(f, "company"), "SOURCE EXTREME");

  PageBuilder c;  // the e-mail names someone else: no name from a lower-case line
  c.Line(60, 120, 44, "ian geiser", 0);
  c.Line(60, 260, 22, "contact@yahoo.com", 1);
  EXPECT_EQ(Value(Extract(Contact(), {c.page}), "full_name"), "<none>");

  PageBuilder d;  // "Last,First" whose space OCR lost
  d.Line(60, 120, 44, "Mustermann,Heiko", 0);
  d.Line(60, 260, 22, "heiko@example.org", 1);
  EXPECT_EQ(Value(Extract(Contact(), {d.page}), "full_name"), "Mustermann, Heiko");
}

TEST(ContactText, CommaListWithoutAStreetOrPostcodeIsNoAddress) {
  PageBuilder b;
  b.Line(60, 60, 44, "Claire Dubois", 0);
  b.Line(60, 120, 24, "Sales, Marketing, Events, 2024", 0);
  b.Line(60, 200, 22, "claire@example.org", 1);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Claire Dubois");
  EXPECT_EQ(Value(f, "address"), "<none>");
}

TEST(ContactText, LetterSignatoryAndSenderAddressNotTheRecipient) {
  Fields f = Extract(Contact(), {TextPage(
      "Thornbury Logistics Ltd\nUnit 7, Riverside Park\nBristol BS1 6QH\nTel 0117 496 0723\n\n"
      "Ms Rachel Green\nGreenfield Farms\nOld Mill Lane\nBath BA2 4QT\n\n"
      "Dear Ms Green,\n\nThank you for meeting us last week.\n\nYours sincerely,\n\n"
      "David Okafor\nOperations Director\n")});
  EXPECT_EQ(Value(f, "full_name"), "David Okafor");
  EXPECT_EQ(Value(f, "job_title"), "Operations Director");
  EXPECT_EQ(Value(f, "company"), "Thornbury Logistics Ltd");
  EXPECT_EQ(Value(f, "address"), "Unit 7, Riverside Park, Bristol BS1 6QH");
  EXPECT_EQ(Value(f, "phone"), "+441174960723");
}

TEST(ContactText, FrenchSignatureWithSeparatorsAndFromHeader) {
  Fields f = Extract(Contact(), {TextPage(
      "De : Sophie Laurent <s.laurent@atelier-lumiere.fr>\nÀ : James Whitfield <james@kestrel.co.uk>\n\n"
      "Bonjour James,\nMerci pour votre retour.\n\nBien cordialement,\n\nSophie Laurent\n"
      "Chargée d'affaires – Atelier Lumière SARL\n27 rue des Tanneurs, 69001 Lyon · Tél. 04 78 92 15 40\n")});
  EXPECT_EQ(Value(f, "full_name"), "Sophie Laurent");
  EXPECT_EQ(Value(f, "email"), "s.laurent@atelier-lumiere.fr");
  EXPECT_EQ(Value(f, "job_title"), "Chargée d'affaires");
  EXPECT_EQ(Value(f, "company"), "Atelier Lumière SARL");
  EXPECT_EQ(Value(f, "address"), "27 rue des Tanneurs, 69001 Lyon");
  EXPECT_EQ(Value(f, "phone"), "+33478921540");  // French although a .co.uk address is on the page
}

// A logo read as a stray "a" above the card, or as an "A" before the
// company, introduces no recipient; OCR's space after the last dot of an
// address ("moreau-lefevre. fr") is closed; "Cheffe de projet" is a title.
TEST(ContactText, StrayLogoLettersAndASpaceBeforeTheTopLevelDomain) {
  Fields f = Extract(Contact(), {TextPage("\xE2\x80\x9C>\na\n\nStudio Ondée\n\nSophie Marchand\n\n"
                                          "Cheffe de projet digital\n\n+33 (0)6 48 27 15 93\n"
                                          "sophie@studio-ondee. fr — studio-ondee.fr\n3 place Bellecour, 69002 Lyon\n")});
  EXPECT_EQ(Value(f, "full_name"), "Sophie Marchand");
  EXPECT_EQ(Value(f, "job_title"), "Cheffe de projet digital");
  EXPECT_EQ(Value(f, "email"), "sophie@studio-ondee.fr");
  Fields g = Extract(Contact(), {TextPage("Julien Moreau\n\nArchitecte associé\n\nA Moreau & Lefèvre Architectes\n\n"
                                          "Tél. 01 42 68 53 17\nj.moreau@moreau-lefevre. fr\n\n"
                                          "www.moreau-lefevre. fr\n8 rue de la Pépinière, 75008 Paris\n")});
  EXPECT_EQ(Value(g, "email"), "j.moreau@moreau-lefevre.fr");
  EXPECT_EQ(Value(g, "website"), "www.moreau-lefevre.fr");
  EXPECT_NE(Value(g, "company").find("Moreau & Lefèvre Architectes"), std::string::npos);
}

// In an e-mail's signature: the first labelled number ("Tél. :" with its
// space before the colon) rather than the mobile under it; a greeting
// ("Bonjour Marc,") introduces the recipient and is no company; a company
// whose domain drops its small words ("Théâtre de l'Étoile",
// theatre-etoile.fr).
TEST(ContactText, SignatureFirstLabelledNumberAndACompanyItsDomainAbbreviates) {
  Fields f = Extract(Contact(), {TextPage(
      "Accréditation presse — première du 15 mai\n\nBonjour Marc,\n\n"
      "Je vous confirme votre accréditation pour la première du 15 mai.\n\nBien cordialement,\n\n"
      "Emilie Fontaine\n\nChargée de communication | Théâtre de l'Étoile\n\n"
      "Tél. : 04 72 41 08 65 | Port. : 07 58 13 26 44\ne.fontaine@theatre-etoile.fr | www.theatre-etoile.fr\n"
      "12 quai Saint-Antoine, 69002 Lyon\n")});
  EXPECT_EQ(Value(f, "full_name"), "Emilie Fontaine");
  EXPECT_EQ(Value(f, "company"), "Théâtre de l'Étoile");
  EXPECT_EQ(Value(f, "phone"), "+33472410865");
  Fields g = Extract(Contact(), {TextPage("Cordialement,\n\nNicolas Petit\n\nResponsable achats\n\n"
                                          "Groupe Verdier Alimentaire\n\nTél. : 01 47 20 63 88\n\n"
                                          "Mobile : 06 71 42 90 13\nn.petit@verdier-alimentaire.fr\n")});
  EXPECT_EQ(Value(g, "phone"), "+33147206388");
}

// A letter on letterhead: the logo's words are the start of the legal name
// its footer prints ("HALLORAN VALE" / "Halloran Vale Architects LLP"); the
// premises over the street ("Studio 3, The Granary"); a phone labelled "T"
// in a range libphonenumber does not know as assigned.
TEST(ContactText, LetterheadLogoFooterNamePremisesAndALetterLabel) {
  PageBuilder b;
  b.page.source = "text-layer";
  b.page.width = 2480;
  b.page.height = 3508;
  b.Line(1700, 60, 20, "Studio 3, The Granary", 1);
  b.Line(1700, 90, 20, "Mill Lane", 1);
  b.Line(200, 110, 40, "HALLORAN VALE", 0);
  b.Line(1700, 120, 20, "Shrewsbury SY3 8BT", 1);
  b.Line(1700, 150, 20, "T 01632 960184", 1);
  b.Line(200, 170, 20, "ARCHITECTS", 0);
  b.Line(1700, 180, 20, "www.halloranvale.co.uk", 1);
  int y = 400;
  for (const char* l : {"23 April 2025", "Mr Declan Forsyth", "Forsyth & Reid Builders Ltd", "Dear Declan,",
                        "Thank you for your call on Tuesday.", "Yours sincerely,", "Rosalind Achebe",
                        "Associate Director, RIBA", "r.achebe@halloranvale.co.uk"}) {
    b.Line(200, y, 20, l, 2 + y);
    y += 60;
  }
  b.Line(300, 3300, 16, "Halloran Vale Architects LLP · Registered in England and Wales No. OC412987", 99);
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "full_name"), "Rosalind Achebe");
  EXPECT_EQ(Value(f, "company"), "Halloran Vale Architects LLP");
  EXPECT_EQ(Value(f, "phone"), "+441632960184");
  EXPECT_EQ(Value(f, "address"), "Studio 3, The Granary, Mill Lane, Shrewsbury SY3 8BT");
}

// Four-digit postcodes and a domain's country: a Belgian card's "02 ..."
// number is Belgian, its town line "1000 Bruxelles".
TEST(ContactText, BelgianCardByItsDomain) {
  Fields f = Extract(Contact(), {TextPage("Verhaegen\n& Dubois\nRESTAURATION\nDE MOBILIER ANCIEN\n\n"
                                          "Laurence Dubois\nEbéniste restauratrice\n\nTél. 02 512 34 87\n"
                                          "laurence@verhaegen-dubois.be\nwww.verhaegen-dubois.be\n\n"
                                          "Atelier :\nRue Haute 214\n1000 Bruxelles\n")});
  EXPECT_EQ(Value(f, "phone"), "+3225123487");
  EXPECT_EQ(Value(f, "address"), "Rue Haute 214, 1000 Bruxelles");
}

// A letter's signer: the direct line under the signature, not the
// letterhead's switchboard.
TEST(ContactText, TheSignersDirectLineOverTheSwitchboard) {
  Fields f = Extract(Contact(), {TextPage("Cabinet Morvan & Associés       12 quai de la Fosse\n"
                                          "                                 44000 Nantes\n"
                                          "Tél. 02 40 11 22 00\ncontact@morvan-associes.fr\n\n"
                                          "Nantes, le 4 mars 2024\n\nMadame,\n"
                                          "Veuillez trouver ci-joint les comptes annuels.\n"
                                          "Nous vous prions d'agréer, Madame, nos salutations distinguées.\n\n"
                                          "Hélène Morvan\nExpert-comptable associée\n"
                                          "Ligne directe : 02 40 11 22 36\nh.morvan@morvan-associes.fr\n")});
  EXPECT_EQ(Value(f, "phone"), "+33240112236");
  EXPECT_EQ(Value(f, "full_name"), "Hélène Morvan");
  // "Direct:" alone, under an American signer's company.
  Fields us = Extract(Contact(), {TextPage("HOLLIS & PARK\nENGINEERS LLC\n\n"
                                           "200 Walnut Street, Suite 300, Philadelphia, PA 19106 | T (215) 555-0200 | "
                                           "info@hollispark.com\n\nApril 2, 2025\n\nDear Mr. Grant,\n"
                                           "Thank you for your call. We will visit the site next week.\n\nSincerely,\n\n"
                                           "Laura B. Hollis\nPrincipal\nHollis & Park Engineers LLC\n"
                                           "Direct: (215) 555-0233\n")});
  EXPECT_EQ(Value(us, "phone"), "+12155550233");
}

TEST(ContactText, NothingContactLikeGivesNoInventedFields) {
  Fields f = Extract(Contact(), {TextPage("Minutes of the garden committee\nThe meeting opened at 7 pm.\n")});
  EXPECT_EQ(f.count("phone"), 0u);
  EXPECT_EQ(f.count("address"), 0u);
  EXPECT_EQ(f.count("email"), 0u);
  EXPECT_EQ(f.count("company"), 0u);
}

TEST(ContactQr, QrFieldsArePreferredAndMergedWithPrintedOnes) {
  PageBuilder b;
  b.Line(60, 160, 36, "Camille Rousseau", 0);
  b.Line(60, 205, 24, "Photographe", 0);
  b.Line(60, 330, 22, "Tél. 06 00 00 00 01", 0);  // printed number differs from the code's
  b.page.codes = {"MECARD:N:Rousseau,Camille;ORG:Studio Lumen;TEL:+33671234509;EMAIL:camille@studio-lumen.fr;;"};
  Fields f = Extract(Contact(), {b.page});
  EXPECT_EQ(Value(f, "phone"), "+33671234509");
  EXPECT_EQ(f.at("phone").method, "qr");
  EXPECT_EQ(Value(f, "company"), "Studio Lumen");
  EXPECT_EQ(Value(f, "job_title"), "Photographe");    // only printed
  EXPECT_EQ(f.at("job_title").method, "layout");
  EXPECT_EQ(Value(f, "full_name"), "Camille Rousseau");
  EXPECT_GT(f.at("full_name").confidence, 0.96);     // printed and coded agree
  EXPECT_TRUE(f.at("full_name").box.has_value());    // where it is printed
}

TEST(ContactCardFile, VCardPhonesNormalisedOnlyWhenValid) {
  Fields f = Extract(Contact(), {TextPage(
      "BEGIN:VCARD\nVERSION:3.0\nFN:Anne Moreau\nTEL;TYPE=WORK:04 72 10 20 30\n"
      "ADR;TYPE=WORK:;;15 quai Saint-Antoine;Lyon;;69002;France\nEND:VCARD\n")});
  EXPECT_EQ(Value(f, "phone"), "+33472102030");  // region from the card's address
  EXPECT_EQ(Value(f, "address"), "15 quai Saint-Antoine, Lyon, 69002, France");
  EXPECT_EQ(f.at("phone").method, "vcard");
  Fields odd = Extract(Contact(), {TextPage("BEGIN:VCARD\nVERSION:3.0\nFN:Test\nTEL:555 555 1111\nEND:VCARD\n")});
  EXPECT_EQ(Value(odd, "phone"), "555 555 1111");  // not a valid number: kept as written
  // Written with its country code, a possible number is E.164 (no region was
  // guessed), with the lower confidence of a number libphonenumber does not know.
  Fields intl = Extract(Contact(), {TextPage(
      "BEGIN:VCARD\nVERSION:4.0\nFN:John Public\nTEL;VALUE=uri:tel:+1-555-555-0199;ext=102\nEND:VCARD\n")});
  EXPECT_EQ(Value(intl, "phone"), "+15555550199");
  EXPECT_LT(intl.at("phone").confidence, f.at("phone").confidence);
}

}  // namespace
}  // namespace docflow

// Tests of ParseMimeMessage on messages built here, one concern each:
// structure, encodings, names, hostile input, limits and provenance.
#include "pipeline/mail/mime_message.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/mail/attachment_name.h"

namespace docflow::mail {
namespace {

using namespace std::string_literals;

const std::string kHeaders =
    "From: =?UTF-8?Q?Fran=C3=A7ois_P=C3=A9rez?= <francois@example.fr>\r\n"
    "To: Inbox <invoices@example.com>, other@example.com\r\n"
    "Subject: =?ISO-8859-1?Q?Facture_d=E9cembre?=\r\n"
    "Date: Tue, 2 Dec 2025 14:03:09 +0100\r\n"
    "Message-ID: <abc.123@mail.example.fr>\r\n"
    "MIME-Version: 1.0\r\n";

// A multipart/mixed message from its parts (each: headers, blank line, body).
std::string Mixed(const std::vector<std::string>& parts, const std::string& boundary = "b1") {
  std::string m = kHeaders + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\npreamble\r\n";
  for (const auto& p : parts) m += "--" + boundary + "\r\n" + p + "\r\n";
  return m + "--" + boundary + "--\r\n";
}

const std::string kText = "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease find the invoice attached.";

MimeMessage Parse(const std::string& bytes, MailOptions options = {}) {
  auto r = ParseMimeMessage(bytes, options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : MimeMessage{};
}

std::vector<std::string> Names(const MimeMessage& m) {
  std::vector<std::string> names;
  for (const auto& a : m.attachments) names.push_back(a.filename);
  return names;
}

bool IsPlainName(const std::string& n) {
  if (n.empty() || n.front() == '.' || n.find('/') != std::string::npos || n.find('\\') != std::string::npos)
    return false;
  for (unsigned char c : n)
    if (c < 0x20 || c == 0x7f) return false;
  return ToValidUtf8(n) == n;
}

TEST(MimeMessage, NestedMultipartsYieldTheirLeavesInTreeOrder) {
  std::string alternative =
      "Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
      "--alt\r\n" + kText + "\r\n"
      "--alt\r\nContent-Type: text/html\r\n\r\n<p>Please find the invoice attached.</p>\r\n"
      "--alt--";
  std::string inner =
      "Content-Type: multipart/mixed; boundary=\"inner\"\r\n\r\n"
      "--inner\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
      "--inner\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment; filename=scan.jpg\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n"
      "--inner--";
  MimeMessage m = Parse(Mixed({alternative, inner}));
  ASSERT_EQ(m.attachments.size(), 2u);
  const auto& pdf = m.attachments[0];
  EXPECT_EQ(pdf.filename, "invoice.pdf");
  EXPECT_EQ(pdf.sanitized_filename, "invoice.pdf");
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.bytes, "%PDF-1.4\n");
  EXPECT_EQ(pdf.size(), 9u);
  EXPECT_EQ(pdf.path, "2.1");
  EXPECT_EQ(pdf.disposition, "");
  const auto& jpg = m.attachments[1];
  EXPECT_EQ(jpg.filename, "scan.jpg");
  EXPECT_EQ(jpg.disposition, "attachment");
  EXPECT_EQ(jpg.bytes, "\xff\xd8\xff\xe0\x00\x10"s);
  EXPECT_EQ(jpg.path, "2.2");
}

TEST(MimeMessage, AttachedMessagesAreWalkedNotListed) {
  std::string forwarded =
      "From: supplier@example.com\r\nSubject: original\r\n"
      "Content-Type: multipart/mixed; boundary=\"fw\"\r\n\r\n"
      "--fw\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
      "--fw\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"inner.pdf\"\r\n\r\n%PDF-inner\r\n"
      "--fw--\r\n";
  std::string as_part = "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=fw.eml\r\n\r\n" + forwarded;
  std::string encoded_inner = "Subject: encoded\r\nContent-Type: application/pdf; name=enc.pdf\r\n\r\n%PDF-enc";
  // base64 of encoded_inner, as some clients send attached messages
  std::string b64 =
      "U3ViamVjdDogZW5jb2RlZA0KQ29udGVudC1UeXBlOiBhcHBsaWNhdGlvbi9wZGY7IG5hbWU9ZW5j\r\n"
      "LnBkZg0KDQolUERGLWVuYw==";
  std::string as_base64 = "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64;
  MimeMessage m = Parse(Mixed({kText, as_part, as_base64}));
  ASSERT_EQ(Names(m), (std::vector<std::string>{"inner.pdf", "enc.pdf"}));
  EXPECT_EQ(m.attachments[0].bytes, "%PDF-inner");
  EXPECT_EQ(m.attachments[0].path, "2.2");
  EXPECT_EQ(m.attachments[1].bytes, "%PDF-enc");
  EXPECT_EQ(m.attachments[1].path, "3.1");
  EXPECT_EQ(m.provenance.subject, "Facture décembre");  // the outer message's
}

TEST(MimeMessage, Rfc2047NamesAreDecoded) {
  MimeMessage m = Parse(Mixed({kText,
                               "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                               " filename=\"=?UTF-8?B?ZmHDp3R1cmUucGRm?=\"\r\n\r\nx",
                               "Content-Type: application/pdf; name=\"=?ISO-8859-1?Q?r=E9sum=E9.pdf?=\"\r\n\r\ny"}));
  EXPECT_EQ(Names(m), (std::vector<std::string>{"façture.pdf", "résumé.pdf"}));
}

TEST(MimeMessage, Rfc2231NamesWithContinuationsAndCharsets) {
  MimeMessage m = Parse(Mixed({kText,
                               "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                               " filename*0*=ISO-8859-1''%E9t%E9;\r\n filename*1*=%20rapport;\r\n filename*2=\".pdf\"\r\n\r\nx",
                               "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                               " filename*=UTF-8''%E7%AE%A1%E7%90%86.pdf\r\n\r\ny"}));
  EXPECT_EQ(Names(m), (std::vector<std::string>{"été rapport.pdf", "管理.pdf"}));
}

TEST(MimeMessage, RawEightBitNamesInAnyCharsetBecomeUtf8) {
  MimeMessage m = Parse(Mixed({kText,
                               "Content-Type: text/plain; name=\"Hasen und Fr\xf6sche.txt\"\r\n\r\nlatin-1 name",
                               "Content-Type: application/msword; name=\"\xe7\xae\xa1\xe7\x90\x86.doc\"\r\n\r\nutf-8 name",
                               "Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n"
                               " filename*=x-no-such-charset''abc%E9%FF.pdf\r\n\r\nunknown charset"}));
  ASSERT_EQ(m.attachments.size(), 3u);
  EXPECT_EQ(m.attachments[0].filename, "Hasen und Frösche.txt");
  EXPECT_EQ(m.attachments[1].filename, "管理.doc");
  const std::string& unknown = m.attachments[2].filename;
  EXPECT_EQ(ToValidUtf8(unknown), unknown);
  EXPECT_EQ(unknown.substr(0, 3), "abc");
  EXPECT_EQ(unknown.substr(unknown.size() - 4), ".pdf");
}

TEST(MimeMessage, Base64WithGarbageAndQuotedPrintableAreDecoded) {
  MimeMessage m = Parse(Mixed({kText,
                               "Content-Type: application/octet-stream; name=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                               "SGVs!!bG8g\r\n###V29y bGQ=\r\n",
                               "Content-Type: text/plain; name=b.txt\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                               "caf=C3=A9 au=\r\n lait=3D=0A=ZZ"}));
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].bytes, "Hello World");
  EXPECT_EQ(m.attachments[1].bytes, "café au lait=\n=ZZ");  // an invalid escape is kept as written
}

TEST(MimeMessage, UuencodedBlocksInBodiesAndPartsAreAttachments) {
  std::string body =
      "Content-Type: text/plain\r\n\r\nHere is the scan:\r\n\r\n"
      "begin 644 scan.gif\r\n#0V%T\r\n`\r\nend\r\n\r\nand a second one\r\nbegin 600 ../../etc/passwd\r\n#0V%T\r\nend\r\n";
  std::string part =
      "Content-Type: application/octet-stream; name=c.txt\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
      "begin 644 c.txt\r\n#0V%T\r\n`\r\nend\r\n";
  MimeMessage m = Parse(Mixed({body, part}));
  ASSERT_EQ(m.attachments.size(), 3u);
  EXPECT_EQ(m.attachments[0].filename, "scan.gif");
  EXPECT_EQ(m.attachments[0].content_type, "image/gif");
  EXPECT_EQ(m.attachments[0].bytes, "Cat");
  EXPECT_EQ(m.attachments[0].path, "1.u1");
  EXPECT_EQ(m.attachments[1].filename, "../../etc/passwd");
  EXPECT_EQ(m.attachments[1].sanitized_filename, "passwd");
  EXPECT_EQ(m.attachments[2].filename, "c.txt");
  EXPECT_EQ(m.attachments[2].bytes, "Cat");

  MailOptions no_uu;
  no_uu.decode_uuencode = false;
  EXPECT_EQ(Parse(Mixed({body, part}), no_uu).attachments.size(), 1u);
}

TEST(MimeMessage, BrokenStructureNeverFails) {
  // multipart without a boundary parameter
  std::string no_boundary = kHeaders + "Content-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\n%PDF\r\n--x--\r\n";
  EXPECT_TRUE(ParseMimeMessage(no_boundary).ok());
  // boundary declared but never used, and a closing boundary that never comes
  std::string unused = kHeaders + "Content-Type: multipart/mixed; boundary=nothere\r\n\r\njust text\r\n";
  EXPECT_TRUE(ParseMimeMessage(unused).ok());
  std::string unclosed = kHeaders +
                         "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n" + kText +
                         "\r\n--b\r\nContent-Type: application/pdf; name=a.pdf\r\n\r\n%PDF-unclosed\r\n";
  MimeMessage m = Parse(unclosed);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].bytes.substr(0, 13), "%PDF-unclosed");
}

TEST(MimeMessage, TruncatedMessageKeepsWhatWasThere) {
  std::string full = Mixed({kText,
                            "Content-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                            "JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoK"});
  std::string cut = full.substr(0, full.find("JVBERi0xLjQKJeLj") + 24);
  MimeMessage m = Parse(cut);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].bytes.substr(0, 9), "%PDF-1.4\n");
  for (size_t n = 1; n < full.size(); ++n) {  // cut anywhere: a result or a permanent error, never a crash
    auto r = ParseMimeMessage(full.substr(0, n));
    if (!r.ok()) {
      EXPECT_FALSE(r.error().retryable) << n;
      EXPECT_FALSE(r.error().message.empty()) << n;
    }
  }
}

TEST(MimeMessage, HeaderOnlyMessageHasProvenanceAndNoAttachments) {
  MimeMessage m = Parse(kHeaders);
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_EQ(m.provenance.message_id, "abc.123@mail.example.fr");
  EXPECT_EQ(m.provenance.subject, "Facture décembre");
  EXPECT_NE(m.provenance.from.find("François Pérez"), std::string::npos);
  EXPECT_NE(m.provenance.from.find("francois@example.fr"), std::string::npos);
  EXPECT_NE(m.provenance.to.find("invoices@example.com"), std::string::npos);
  EXPECT_NE(m.provenance.to.find("other@example.com"), std::string::npos);
  EXPECT_EQ(m.provenance.date.substr(0, 19), "2025-12-02T14:03:09");
  EXPECT_NE(m.provenance.date.find("+01"), std::string::npos);
}

TEST(MimeMessage, NulBytesAreHarmless) {
  std::string with_nuls = Mixed({kText, "Content-Type: application/octet-stream; name=\"a\0b.bin\"\r\n\r\nx\0y\0z"s});
  auto r = ParseMimeMessage(with_nuls);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->attachments.size(), 1u);
  EXPECT_TRUE(IsPlainName(r->attachments[0].sanitized_filename));
  EXPECT_EQ(r->attachments[0].filename.find('\0'), std::string::npos);

  auto leading = ParseMimeMessage("\0\0\0Subject: x\r\n\r\nbody"s);
  ASSERT_FALSE(leading.ok());
  EXPECT_FALSE(leading.error().retryable);
}

TEST(MimeMessage, NotAMessageIsAPermanentError) {
  for (std::string junk : {std::string(), std::string("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
                           "\x78\x9f\x3e\x22\x01\x00\x00"s}) {
    auto r = ParseMimeMessage(junk);
    ASSERT_FALSE(r.ok());
    EXPECT_FALSE(r.error().retryable);
  }
  EXPECT_NE(ParseMimeMessage("\x78\x9f\x3e\x22\x01\x00"s).error().message.find("TNEF"),
            std::string::npos);
}

TEST(MimeMessage, BlankLinesBeforeTheHeadersAreSkipped) {
  MimeMessage m = Parse("   \r\n\r\n" + Mixed({kText, "Content-Type: application/pdf; name=a.pdf\r\n\r\n%PDF"}));
  EXPECT_EQ(Names(m), (std::vector<std::string>{"a.pdf"}));
  EXPECT_EQ(m.provenance.message_id, "abc.123@mail.example.fr");
}

TEST(MimeMessage, NestingBombIsRefused) {
  std::string bomb = kHeaders;
  for (int i = 0; i < 10000; ++i)
    bomb += "Content-Type: multipart/mixed; boundary=\"n" + std::to_string(i) + "\"\r\n\r\n--n" + std::to_string(i) + "\r\n";
  bomb += "Content-Type: application/pdf; name=deep.pdf\r\n\r\n%PDF\r\n";
  auto r = ParseMimeMessage(bomb);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().retryable);

  std::string messages = kHeaders;
  for (int i = 0; i < 10000; ++i) messages += "Content-Type: message/rfc822\r\n\r\nSubject: level\r\n";
  messages += "Content-Type: application/pdf; name=deep.pdf\r\n\r\n%PDF\r\n";
  r = ParseMimeMessage(messages);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("deeper"), std::string::npos);
}

TEST(MimeMessage, ModerateNestingIsFine) {
  std::string nested = kHeaders;
  for (int i = 0; i < 20; ++i)
    nested += "Content-Type: multipart/mixed; boundary=\"n" + std::to_string(i) + "\"\r\n\r\n--n" + std::to_string(i) + "\r\n";
  nested += "Content-Type: application/pdf; name=deep.pdf\r\n\r\n%PDF\r\n";
  MimeMessage m = Parse(nested);
  EXPECT_EQ(Names(m), (std::vector<std::string>{"deep.pdf"}));
  EXPECT_EQ(m.attachments[0].path, "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1");
}

TEST(MimeMessage, LimitsAreErrorsNotTruncation) {
  std::string m = Mixed({kText, "Content-Type: application/pdf; name=a.pdf\r\n\r\n%PDF",
                         "Content-Type: application/pdf; name=b.pdf\r\n\r\n%PDF-b"});
  MailOptions few;
  few.limits.max_parts = 2;
  EXPECT_FALSE(ParseMimeMessage(m, few).ok());
  MailOptions small;
  small.limits.max_message_bytes = m.size() - 1;
  auto r = ParseMimeMessage(m, small);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("too large"), std::string::npos);
  MailOptions shallow;
  shallow.limits.max_depth = 0;
  EXPECT_FALSE(ParseMimeMessage(m, shallow).ok());
  MailOptions late;
  late.limits.time_limit = std::chrono::milliseconds(-1);  // the deadline has already passed
  r = ParseMimeMessage(m, late);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("longer than"), std::string::npos);
}

TEST(MimeMessage, HostileNamesStayNames) {
  std::vector<std::string> hostile = {"../../etc/passwd", "/etc/shadow", "..\\\\..\\\\win.ini", "C:/Windows/evil.exe",
                                      "a\x01" "b\x1f" "c.pdf", ".hidden", "..", "=?UTF-8?Q?=2E=2E=2F=2E=2E=2Fx.pdf?="};
  std::vector<std::string> parts = {kText};
  for (const auto& n : hostile)
    parts.push_back("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"" + n +
                    "\"\r\n\r\n" + n);
  parts.push_back("Content-Type: application/pdf\r\nContent-Disposition: attachment;\r\n filename*=UTF-8''..%2F..%2Fetc%2Fpasswd\r\n\r\nz");
  MimeMessage m = Parse(Mixed(parts));
  ASSERT_EQ(m.attachments.size(), hostile.size() + 1);
  EXPECT_EQ(m.attachments[0].filename, "../../etc/passwd");  // the name as sent, for display
  EXPECT_EQ(m.attachments[0].sanitized_filename, "passwd");
  EXPECT_EQ(m.attachments[3].sanitized_filename, "evil.exe");
  EXPECT_EQ(m.attachments[7].filename, "../../x.pdf");
  EXPECT_EQ(m.attachments[7].sanitized_filename, "x.pdf");
  EXPECT_EQ(m.attachments[8].filename, "../../etc/passwd");
  for (const auto& a : m.attachments) EXPECT_TRUE(IsPlainName(a.sanitized_filename)) << a.sanitized_filename;
}

TEST(MimeMessage, WinmailDatIsListedAsUnsupported) {
  MimeMessage m = Parse(Mixed({kText,
                               "Content-Type: application/ms-tnef; name=\"winmail.dat\"\r\n"
                               "Content-Transfer-Encoding: base64\r\n\r\neJ8+IgEA",
                               "Content-Type: application/octet-stream; name=\"WINMAIL.DAT\"\r\n\r\nx"}));
  ASSERT_EQ(m.attachments.size(), 2u);
  for (const auto& a : m.attachments) {
    EXPECT_TRUE(a.unsupported);
    EXPECT_NE(a.note.find("unsupported"), std::string::npos);
  }
  EXPECT_EQ(m.attachments[0].bytes, "\x78\x9f\x3e\x22\x01\x00"s);
}

TEST(MimeMessage, BodyTextInlineImagesAndSignaturesAreNotAttachments) {
  std::string related =
      "Content-Type: multipart/related; boundary=\"rel\"\r\n\r\n"
      "--rel\r\nContent-Type: text/html\r\n\r\n<img src=\"cid:logo@x\"><img src=\"CID:Other@X\">\r\n"
      "--rel\r\nContent-Type: image/png; name=logo.png\r\nContent-ID: <logo@x>\r\n\r\nPNG1\r\n"
      "--rel--";
  std::string signed_part =
      "Content-Type: multipart/signed; protocol=\"application/pgp-signature\"; boundary=\"sig\"\r\n\r\n"
      "--sig\r\nContent-Type: application/pdf; name=signed.pdf\r\n\r\n%PDF-signed\r\n"
      "--sig\r\nContent-Type: application/pgp-signature; name=signature.asc\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\n"
      "--sig--";
  std::vector<std::string> parts = {
      kText,
      related,
      "Content-Type: image/png\r\nContent-ID: <other@x>\r\n\r\nPNG2",  // shown by the HTML but in mixed: a photo
      "Content-Type: image/jpeg; name=photo.jpg\r\nContent-Disposition: inline\r\n\r\nJPG",  // a named inline part
      "Content-Type: application/pdf\r\n\r\n%PDF-unnamed",                      // unnamed, not text
      "Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR",    // data, not body text
      "Content-Type: text/html\r\n\r\n<p>second body</p>",
      signed_part,
      "Content-Type: multipart/related; boundary=\"rel2\"\r\n\r\n"  // no HTML root: nothing shows the image
      "--rel2\r\nContent-Type: text/plain\r\n\r\nsee chart\r\n"
      "--rel2\r\nContent-Type: image/png; name=chart.png\r\n\r\nPNG3\r\n--rel2--",
  };
  MimeMessage m = Parse(Mixed(parts));
  EXPECT_EQ(Names(m), (std::vector<std::string>{"", "photo.jpg", "", "", "signed.pdf", "chart.png"}));
  ASSERT_EQ(m.attachments.size(), 6u);
  EXPECT_EQ(m.attachments[0].bytes, "PNG2");
  EXPECT_EQ(m.attachments[2].content_type, "application/pdf");
  EXPECT_EQ(m.attachments[2].sanitized_filename, "part-5.pdf");
  EXPECT_EQ(m.attachments[3].content_type, "text/calendar");

  MailOptions with_images;
  with_images.include_inline_images = true;
  MimeMessage all = Parse(Mixed(parts), with_images);
  EXPECT_EQ(Names(all), (std::vector<std::string>{"logo.png", "", "photo.jpg", "", "", "signed.pdf", "chart.png"}));
}

TEST(MimeMessage, ConcurrentParsesAgree) {
  std::string msg = Mixed({kText, "Content-Type: application/pdf; name=\"=?UTF-8?Q?r=C3=A9sum=C3=A9.pdf?=\"\r\n"
                                  "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK"});
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        auto r = ParseMimeMessage(msg);
        if (r.ok() && r->attachments.size() == 1 && r->attachments[0].filename == "résumé.pdf" &&
            r->attachments[0].bytes == "%PDF-1.4\n")
          ++good[t];
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(good, std::vector<int>(4, 50));
}

}  // namespace
}  // namespace docflow::mail

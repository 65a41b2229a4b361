// The IMAP response reader, mailbox names, BODYSTRUCTURE and skeleton
// messages, on answers as Dovecot 2.3 gives them.
#include "pipeline/mail/imap_response.h"

#include <gtest/gtest.h>

#include "pipeline/mail/imap_bodystructure.h"
#include "pipeline/mail/mime_message.h"

namespace docflow::mail {
namespace {

TEST(ImapResponseTest, ReadsUntaggedTaggedListsAndLiterals) {
  std::string raw =
      "* OK [CAPABILITY IMAP4rev1 LITERAL+] Dovecot (Debian) \"ready.\r\n"
      "* 3 EXISTS\r\n"
      "* OK [PERMANENTFLAGS (\\Answered \\Seen \\*)] Flags permitted.\r\n"
      "* 1 FETCH (UID 7 FLAGS (\\Seen) RFC822.SIZE 411 BODY[HEADER.FIELDS (FROM SUBJECT)] {24}\r\n"
      "From: a\r\nSubject: (x\r\n\r\n)\r\n"
      "* SEARCH 7 9\r\n"
      "A004 NO [NONEXISTENT] Mailbox doesn't exist: Foo (0.001 secs)\r\n";
  auto rs = ParseImapResponses(raw);
  ASSERT_EQ(rs.size(), 6u);
  for (const auto& r : rs) EXPECT_FALSE(r.malformed) << r.line;
  EXPECT_TRUE(rs[0].values[0].IsAtom("ok"));
  EXPECT_EQ(rs[0].text, "[CAPABILITY IMAP4rev1 LITERAL+] Dovecot (Debian) \"ready.");  // free text, unbalanced quote
  EXPECT_EQ(rs[1].values[0].Number(), 3);
  const ImapValue& fetch = rs[3].values[2];
  ASSERT_TRUE(fetch.IsList());
  ASSERT_EQ(fetch.items.size(), 8u);
  EXPECT_EQ(fetch.items[1].Number(), 7);
  EXPECT_EQ(fetch.items[3].items[0].text, "\\Seen");
  EXPECT_EQ(fetch.items[6].text, "BODY[HEADER.FIELDS (FROM SUBJECT)]");
  EXPECT_EQ(fetch.items[7].kind, ImapValue::kString);
  EXPECT_EQ(fetch.items[7].text, "From: a\r\nSubject: (x\r\n\r\n");
  EXPECT_EQ(rs[4].values.size(), 3u);
  EXPECT_EQ(rs[5].tag, "A004");
  EXPECT_EQ(LastTaggedStatus(rs), "NO [NONEXISTENT] Mailbox doesn't exist: Foo (0.001 secs)");
}

TEST(ImapResponseTest, BrokenInputIsMarkedAndReadingGoesOn) {
  std::string raw =
      "* 1 FETCH (UID 1 BODY[] {999}\r\nshort)\r\n";  // literal longer than the input
  auto rs = ParseImapResponses(raw);
  ASSERT_FALSE(rs.empty());
  EXPECT_TRUE(rs[0].malformed);
  auto unbalanced = ParseImapResponses("* 2 FETCH (UID 2 FLAGS (\\Seen)\r\n* SEARCH 4\r\n");
  ASSERT_EQ(unbalanced.size(), 2u);
  EXPECT_TRUE(unbalanced[0].malformed);
  EXPECT_FALSE(unbalanced[1].malformed);
  EXPECT_EQ(unbalanced[1].values[1].Number(), 4);
  std::string deep = "* 1 FETCH " + std::string(200, '(') + std::string(200, ')') + "\r\n";
  EXPECT_TRUE(ParseImapResponses(deep)[0].malformed);
  EXPECT_TRUE(ParseImapResponses("* 1 FETCH (\"unterminated\r\n")[0].malformed);
}

TEST(ImapResponseTest, MailboxNamesAreModifiedUtf7) {
  EXPECT_EQ(*ImapMailboxName("INBOX"), "INBOX");
  EXPECT_EQ(*ImapMailboxName("Re\xc3\xa7u"), "Re&AOc-u");
  EXPECT_EQ(*ImapMailboxName("A&B"), "A&-B");
  EXPECT_EQ(*ImapMailboxName("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), "&ZeVnLIqe-");
  EXPECT_EQ(*ImapMailboxName("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"),
            "~peter/mail/&U,BTFw-/&ZeVnLIqe-");  // RFC 3501's example
  EXPECT_FALSE(ImapMailboxName("bad\r\nname").ok());
  EXPECT_FALSE(ImapMailboxName("\xff").ok());
  EXPECT_EQ(*ImapQuoted("a \"b\" \\c"), "\"a \\\"b\\\" \\\\c\"");
  EXPECT_FALSE(ImapQuoted("a\r\n").ok());
}

// Dovecot's BODYSTRUCTURE of a message with an RFC 2231 name, joined
// continuations, an attached message and an HTML body with its logo.
const char* kStructure =
    "* 4 FETCH (UID 4 BODYSTRUCTURE ("
    "((\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 17 0 NIL NIL NIL NIL)"
    "(\"image\" \"png\" NIL \"<x>\" NIL \"base64\" 7000 NIL NIL NIL NIL) \"related\" (\"boundary\" \"b2\") NIL NIL NIL)"
    "(\"application\" \"pdf\" (\"name\" \"=?utf-8?q?fac=C3=A9?=.pdf\") NIL NIL \"base64\" 1200 NIL "
    "(\"attachment\" (\"filename*\" \"utf-8''fa%C3%A9%20%22q%22.pdf\")) NIL NIL)"
    "(\"application\" \"octet-stream\" NIL NIL NIL \"7bit\" 2 NIL (\"attachment\" (\"filename*\" "
    "\"utf-8''a%C3%A9b c.pdf\")) NIL NIL)"
    "(\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 72 (NIL \"inner\" NIL NIL NIL NIL NIL NIL NIL NIL) "
    "(\"application\" \"pdf\" (\"name\" \"in\\\"ner.pdf\") NIL NIL \"7bit\" 300 NIL NIL NIL NIL) 3 NIL NIL NIL NIL)"
    " \"mixed\" (\"boundary\" \"b1\") NIL NIL NIL))\r\n";

TEST(ImapBodyStructureTest, SkeletonListsTheAttachmentsTheMessageWouldGive) {
  auto rs = ParseImapResponses(kStructure);
  ASSERT_EQ(rs.size(), 1u);
  ASSERT_FALSE(rs[0].malformed);
  auto body = ParseBodyStructure(rs[0].values[2].items[3]);
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_TRUE(body->IsMultipart());
  ASSERT_EQ(body->children.size(), 4u);
  EXPECT_EQ(body->children[0].children[1].path, "1.2");
  EXPECT_EQ(body->children[3].children[0].path, "4.1");

  auto sizes = LeafSizes(*body);
  EXPECT_EQ(sizes["1.2"], 7000);
  EXPECT_EQ(sizes["2"], 1200);
  EXPECT_EQ(sizes["4.1"], 300);

  std::string headers = "From: =?utf-8?q?J=C3=A9r=C3=B4me?= <j@example.com>\r\nSubject: Facture\r\n"
                        "Message-ID: <m4@example.com>\r\n\r\n";
  auto parsed = ParseMimeMessage(SkeletonMessage(headers, *body));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->provenance.message_id, "m4@example.com");
  EXPECT_EQ(parsed->provenance.from, "J\xc3\xa9r\xc3\xb4me <j@example.com>");
  ASSERT_EQ(parsed->attachments.size(), 3u);  // the logo is part of the HTML body
  EXPECT_EQ(parsed->attachments[0].path, "2");
  EXPECT_EQ(parsed->attachments[0].filename, "fa\xc3\xa9 \"q\".pdf");
  EXPECT_EQ(parsed->attachments[1].path, "3");
  EXPECT_EQ(parsed->attachments[1].filename, "a\xc3\xa9" "b c.pdf");
  EXPECT_EQ(parsed->attachments[2].path, "4.1");
  EXPECT_EQ(parsed->attachments[2].filename, "in\"ner.pdf");

  MailOptions with_images;
  with_images.include_inline_images = true;
  auto images = ParseMimeMessage(SkeletonMessage(headers, *body), with_images);
  ASSERT_TRUE(images.ok());
  ASSERT_EQ(images->attachments.size(), 4u);
  EXPECT_EQ(images->attachments[0].path, "1.2");
  EXPECT_EQ(images->attachments[0].content_type, "image/png");

  EXPECT_FALSE(HasOpaqueContent(*body, 16 * 1024));
}

TEST(ImapBodyStructureTest, TextBodiesAndSinglePartMessages) {
  auto rs = ParseImapResponses(
      "* 1 FETCH (BODYSTRUCTURE (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 40000 800 NIL NIL "
      "NIL NIL))\r\n");
  auto body = ParseBodyStructure(rs[0].values[2].items[1]);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->path, "1");
  EXPECT_TRUE(HasOpaqueContent(*body, 16 * 1024)) << "a large text may hold uuencoded files";
  EXPECT_FALSE(HasOpaqueContent(*body, 64 * 1024));
  auto parsed = ParseMimeMessage(SkeletonMessage("", *body));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->attachments.empty());

  // A single-part PDF message (a scanner's mail).
  rs = ParseImapResponses(
      "* 1 FETCH (BODYSTRUCTURE (\"application\" \"pdf\" (\"name\" \"scan.pdf\") NIL NIL \"base64\" 5000 NIL NIL NIL "
      "NIL))\r\n");
  body = ParseBodyStructure(rs[0].values[2].items[1]);
  ASSERT_TRUE(body.ok());
  parsed = ParseMimeMessage(SkeletonMessage("Subject: scan\r\n", *body));
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->attachments.size(), 1u);
  EXPECT_EQ(parsed->attachments[0].path, "1");
  EXPECT_EQ(parsed->attachments[0].filename, "scan.pdf");
  EXPECT_EQ(LeafSizes(*body)["1"], 5000);

  // Hostile parameters: CR/LF dropped, names that are not tokens ignored.
  ImapBodyPart p;
  p.path = "1";
  p.type = "application";
  p.subtype = "pdf";
  p.size = 3;
  p.params = {{"name", "x\r\nContent-Type: text/plain"}, {"bad name", "y"}};
  std::string skeleton = SkeletonMessage("", p);
  EXPECT_EQ(skeleton.find("\r\nContent-Type: text/plain"), std::string::npos);
  EXPECT_EQ(skeleton.find("bad name"), std::string::npos);

  EXPECT_FALSE(ParseBodyStructure(ImapValue{}).ok());
}

}  // namespace
}  // namespace docflow::mail

#include "flows/mail_message.h"

#include <gtest/gtest.h>

namespace docflow::flows {
namespace {

TEST(MailMessage, HeadersCannotBeInjectedAndUtf8IsEncoded) {
  MailMessage m;
  m.from = "docflow@example.com";
  m.to = {"a@example.com", "b@example.org"};
  m.subject = "Contrat « Acme » échéance\r\nBcc: evil@example.net";
  m.text = "Bonjour,\nl'échéance approche.\n.\nfin";
  m.message_id = "docflow-12-mail@docflow";
  m.date = 1740000000;
  std::string s = BuildMailMessage(m);
  EXPECT_EQ(s.find("\nBcc:"), std::string::npos);
  EXPECT_NE(s.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(s.find("To: a@example.com, b@example.org\r\n"), std::string::npos);
  EXPECT_NE(s.find("Message-ID: <docflow-12-mail@docflow>\r\n"), std::string::npos);
  EXPECT_NE(s.find("Content-Transfer-Encoding: base64"), std::string::npos);  // a non-ASCII body
}

TEST(MailMessage, AsciiBodyIsSentAsIsWithCrlf) {
  MailMessage m;
  m.from = "f@example.com";
  m.to = {"t@example.com"};
  m.subject = "Hello";
  m.text = "line one\nline two";
  m.message_id = "x@docflow";
  std::string s = BuildMailMessage(m);
  EXPECT_NE(s.find("Subject: Hello\r\n"), std::string::npos);
  EXPECT_NE(s.find("7bit\r\n\r\nline one\r\nline two\r\n"), std::string::npos);
}

TEST(MailMessage, Addresses) {
  auto a = MailAddresses({"Jane <jane@acme.fr>, bob@example.com", "not an address", "x@y"});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], "jane@acme.fr");
  EXPECT_EQ(a[1], "bob@example.com");
}

}  // namespace
}  // namespace docflow::flows

#include "tws/wire/frame_decoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tws/wire/message_writer.hpp"

namespace rt::tws {
namespace {

std::string three_message_stream() {
  std::string s = MessageWriter(15).add(1).add("DU1234567").finish();
  s += MessageWriter(9).add(1).add(1000).finish();
  s += MessageWriter(4).add(2).add(-1).add(2104).add("Market data farm connection is OK:usfarm").add("").finish();
  return s;
}

std::vector<std::string> drain(FrameDecoder& d) {
  std::vector<std::string> out;
  for (;;) {
    auto next = d.next();
    EXPECT_TRUE(next.has_value());
    if (!next || !*next) return out;
    out.emplace_back(**next);
  }
}

std::string payload(std::initializer_list<std::string_view> fields) {
  std::string p;
  for (auto f : fields) p.append(f).push_back('\0');
  return p;
}

const std::vector<std::string> kExpectedPayloads = {
    payload({"15", "1", "DU1234567"}),
    payload({"9", "1", "1000"}),
    payload({"4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""}),
};

TEST(FrameDecoder, ReassemblesTheSameMessagesWhateverTheSplitPoint) {
  const std::string stream = three_message_stream();
  for (std::size_t split = 0; split <= stream.size(); ++split) {
    FrameDecoder d;
    d.feed(std::string_view(stream).substr(0, split));
    auto got = drain(d);
    d.feed(std::string_view(stream).substr(split));
    auto rest = drain(d);
    got.insert(got.end(), rest.begin(), rest.end());
    ASSERT_EQ(got, kExpectedPayloads) << "split at byte " << split;
    EXPECT_EQ(d.buffered(), 0u);
  }
}

TEST(FrameDecoder, ReassemblesWhenFedOneByteAtATime) {
  const std::string stream = three_message_stream();
  FrameDecoder d;
  std::vector<std::string> got;
  for (char c : stream) {
    d.feed(std::string_view(&c, 1));
    auto more = drain(d);
    got.insert(got.end(), more.begin(), more.end());
  }
  EXPECT_EQ(got, kExpectedPayloads);
}

TEST(FrameDecoder, WaitsWhileTheLengthPrefixIsIncomplete) {
  FrameDecoder d;
  d.feed(std::string_view("\0\0\0", 3));
  auto next = d.next();
  ASSERT_TRUE(next.has_value());
  EXPECT_FALSE(next->has_value());
  EXPECT_EQ(d.buffered(), 3u);
}

TEST(FrameDecoder, OverSizeFrameIsRejectedAndTheStreamStaysFailed) {
  FrameDecoder d(100);
  d.feed(std::string_view("\0\0\0\x65", 4));  // 101 bytes announced
  auto next = d.next();
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code, ErrorCode::kParse);
  EXPECT_NE(next.error().message.find("101"), std::string::npos);
  d.feed(MessageWriter(49).add(1).finish());
  EXPECT_FALSE(d.next().has_value());
}

TEST(FrameDecoder, DefaultLimitRejectsALengthAbove16MiB) {
  FrameDecoder d;
  d.feed(std::string_view("\x01\x00\x00\x00", 4));
  EXPECT_FALSE(d.next().has_value());
}

TEST(FrameDecoder, FrameExactlyAtTheLimitIsAccepted) {
  FrameDecoder d(8);
  d.feed(std::string_view("\0\0\0\x08" "1234567\0", 12));
  auto next = d.next();
  ASSERT_TRUE(next.has_value());
  ASSERT_TRUE(next->has_value());
  EXPECT_EQ(next->value().size(), 8u);
}

TEST(Preamble, EncodesApiMagicBigEndianLengthAndRange) {
  EXPECT_EQ(encode_preamble({100, 193, ""}), std::string("API\0\0\0\0\x09v100..193", 17));
  EXPECT_EQ(encode_preamble({176, 176, ""}), std::string("API\0\0\0\0\x04v176", 12));
  EXPECT_EQ(encode_preamble({157, 193, "+PACEAPI"}), std::string("API\0\0\0\0\x12v157..193 +PACEAPI", 26));
}

TEST(Preamble, DecodesWhatWasEncodedAndReportsBytesConsumed) {
  std::string bytes = encode_preamble({100, 193, ""}) + "trailing";
  std::size_t consumed = 0;
  auto r = decode_preamble(bytes, consumed);
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ(r->value().min, 100);
  EXPECT_EQ(r->value().max, 193);
  EXPECT_EQ(consumed, 17u);
}

TEST(Preamble, EveryProperPrefixIsIncompleteNotAnError) {
  const std::string bytes = encode_preamble({100, 193, ""});
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    std::size_t consumed = 0;
    auto r = decode_preamble(std::string_view(bytes).substr(0, n), consumed);
    ASSERT_TRUE(r.has_value()) << n;
    EXPECT_FALSE(r->has_value()) << n;
  }
}

TEST(Preamble, BytesThatAreNotTheApiMagicAreAnError) {
  std::size_t consumed = 0;
  EXPECT_FALSE(decode_preamble("GET / HTTP/1.1\r\n", consumed).has_value());
  EXPECT_FALSE(decode_preamble(std::string_view("AP\x01", 3), consumed).has_value());
}

TEST(Preamble, ALegacyClientVersionOpeningIsRefusedByName) {
  std::size_t consumed = 0;
  auto r = decode_preamble(std::string_view("62\0" "7\0", 5), consumed);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("legacy handshake from client version 62"), std::string::npos)
      << r.error().message;
}

TEST(Preamble, ZeroOrHugeVersionTextLengthIsAnError) {
  std::size_t consumed = 0;
  EXPECT_FALSE(decode_preamble(std::string_view("API\0\0\0\0\0", 8), consumed).has_value());
  EXPECT_FALSE(decode_preamble(std::string_view("API\0\x7f\0\0\0", 8), consumed).has_value());
}

TEST(Preamble, ParsesSingleVersionAndConnectOptions) {
  auto one = parse_version_range("v176");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->min, 176);
  EXPECT_EQ(one->max, 176);
  auto opts = parse_version_range("v100..193 +PACEAPI");
  ASSERT_TRUE(opts.has_value());
  EXPECT_EQ(opts->options, "+PACEAPI");
  EXPECT_FALSE(parse_version_range("100..193").has_value());
  EXPECT_FALSE(parse_version_range("v193..100").has_value());
  EXPECT_FALSE(parse_version_range("vabc").has_value());
}

}  // namespace
}  // namespace rt::tws

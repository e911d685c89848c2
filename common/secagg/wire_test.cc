#include "common/secagg/wire.h"

#include <gtest/gtest.h>

namespace radfed::secagg {
namespace {

TEST(WireTest, RoundTripsEveryFieldType) {
  WireWriter w;
  w.U8(0xab);
  w.U16(0xbeef);
  w.U32(0xdeadbeef);
  w.U64(0x0123456789abcdefULL);
  w.String("site-a");
  w.Blob(crypto::Bytes{1, 2, 3});
  std::vector<uint64_t> words = {1, ~uint64_t{0}, 42};
  w.Words(words);
  crypto::Bytes bytes = w.Take();
  // Little-endian on the wire.
  EXPECT_EQ(bytes[1], 0xef);
  EXPECT_EQ(bytes[2], 0xbe);

  WireReader r(bytes, "test message");
  EXPECT_EQ(r.U8("a").value(), 0xab);
  EXPECT_EQ(r.U16("b").value(), 0xbeef);
  EXPECT_EQ(r.U32("c").value(), 0xdeadbeefu);
  EXPECT_EQ(r.U64("d").value(), 0x0123456789abcdefULL);
  EXPECT_EQ(r.String("e", 10).value(), "site-a");
  EXPECT_EQ(r.Blob("f", 10).value(), (crypto::Bytes{1, 2, 3}));
  EXPECT_EQ(r.Words("g", 10).value(), words);
  EXPECT_TRUE(r.ExpectEnd().ok());
}

TEST(WireTest, TruncationIsAnErrorNamingTheField) {
  crypto::Bytes bytes = {1, 2, 3};
  WireReader r(bytes, "test message");
  Result<uint32_t> value = r.U32("round_id");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(value.status().message().find("test message: field 'round_id'"), std::string::npos)
      << value.status().message();
}

TEST(WireTest, LengthsAreCheckedBeforeAllocating) {
  WireWriter w;
  w.U32(0xffffffff);  // a hostile count with nothing behind it
  crypto::Bytes bytes = w.Take();
  WireReader words(bytes, "m");
  EXPECT_EQ(words.Words("masked", size_t{1} << 40).status().code(), StatusCode::kInvalidArgument);
  WireReader blob(bytes, "m");
  EXPECT_EQ(blob.Blob("certificate", size_t{1} << 40).status().code(),
            StatusCode::kInvalidArgument);
  WireReader count(bytes, "m");
  EXPECT_EQ(count.Count("entries", 10, 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(WireTest, EnforcesMaximaAndTrailingBytes) {
  WireWriter w;
  w.String("abcdef");
  w.U8(0);
  crypto::Bytes bytes = w.Take();
  WireReader too_long(bytes, "m");
  EXPECT_EQ(too_long.String("site_id", 5).status().code(), StatusCode::kInvalidArgument);
  WireReader trailing(bytes, "m");
  ASSERT_TRUE(trailing.String("site_id", 6).ok());
  EXPECT_EQ(trailing.ExpectEnd().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace radfed::secagg

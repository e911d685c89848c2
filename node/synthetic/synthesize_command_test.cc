#include "node/synthetic/synthesize_command.h"

#include <gtest/gtest.h>

namespace radfed::synthetic {
namespace {

// A site name with a path in it put patient folders outside --out ("../../x" -> ../../x-001).
TEST(SynthesizeCommandTest, SiteNamesThatAreNotPlainNamesAreRefusedBeforeWriting) {
  // CLI11 takes the arguments of a vector in reverse order.
  for (const char* site : {"../../x", "/tmp/x", "a/b", "", "."}) {
    SCOPED_TRACE(site);
    CLI::App app;
    AddSynthesizeCommand(app);
    EXPECT_THROW(app.parse(std::vector<std::string>{"/nonexistent/out", "--out", site, "--site", "synthesize"}),
                 CLI::ValidationError);
  }
}

}  // namespace
}  // namespace radfed::synthetic

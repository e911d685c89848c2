// The report in a real browser: `radfed report` renders real study results (computed in-process
// from the lung cohort split over three sites), Debian's headless chromium loads the page, and
// the test checks the screenshot has content, the DOM holds the SVG plots, and the page logged
// nothing to the console. Skipped only when chromium is not installed (scripts/install-deps.sh
// --test installs it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "tests/report/simulated_study.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

const fs::path kRadfed = fs::path(RADFED_BINARY_DIR) / "coordinator/cli/radfed";

std::optional<fs::path> Chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(candidate)) return fs::path(candidate);
  }
  return std::nullopt;
}

// Pixels of an 8-bit RGB or RGBA PNG, as packed RGB values (enough to judge a screenshot).
struct Png {
  uint32_t width = 0, height = 0;
  std::vector<uint32_t> rgb;
};

uint32_t BigEndian(const std::string& s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

std::optional<Png> DecodePng(const std::string& file) {
  if (file.size() < 8 || file.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return std::nullopt;
  Png png;
  int colour_type = -1;
  std::string idat;
  for (size_t at = 8; at + 8 <= file.size();) {
    const uint32_t length = BigEndian(file, at);
    const std::string type = file.substr(at + 4, 4);
    if (at + 12 + length > file.size()) return std::nullopt;
    if (type == "IHDR") {
      png.width = BigEndian(file, at + 8);
      png.height = BigEndian(file, at + 12);
      if (file[at + 16] != 8) return std::nullopt;  // bit depth
      colour_type = file[at + 17];
    } else if (type == "IDAT") {
      idat += file.substr(at + 8, length);
    }
    at += 12 + length;
  }
  const size_t channels = colour_type == 2 ? 3 : colour_type == 6 ? 4 : 0;
  if (channels == 0 || png.width == 0 || png.height == 0) return std::nullopt;
  const size_t stride = png.width * channels;
  std::vector<unsigned char> raw((stride + 1) * png.height);
  uLongf raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||
      raw_size != raw.size()) {
    return std::nullopt;
  }
  // Undo the per-row filters (PNG specification, section 9).
  std::vector<unsigned char> pixels(stride * png.height), zero(stride, 0);
  for (size_t y = 0; y < png.height; ++y) {
    const unsigned char filter = raw[y * (stride + 1)];
    const unsigned char* in = &raw[y * (stride + 1) + 1];
    unsigned char* out = &pixels[y * stride];
    const unsigned char* up = y > 0 ? &pixels[(y - 1) * stride] : zero.data();
    for (size_t i = 0; i < stride; ++i) {
      const int a = i >= channels ? out[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 0: predictor = 0; break;
        case 1: predictor = a; break;
        case 2: predictor = b; break;
        case 3: predictor = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: return std::nullopt;
      }
      out[i] = static_cast<unsigned char>(in[i] + predictor);
    }
  }
  for (size_t k = 0; k < static_cast<size_t>(png.width) * png.height; ++k) {
    const unsigned char* p = &pixels[k * channels];
    png.rgb.push_back(static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2]);
  }
  return png;
}

class ReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = Chromium();
    if (!chromium_) GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh --test installs it)";
    dir_ = fs::temp_directory_path() / ("radfed-report-browser-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    if (!dir_.empty() && !std::getenv("RADFED_KEEP_TEST_DIRS")) fs::remove_all(dir_, ec);
  }

  // Writes the result of `spec` on the lung sites, and the specification, then runs radfed report.
  fs::path Report(const std::string& name, const std::string& spec) {
    auto result = SimulateStudy(spec, LungTables());
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    std::ofstream(dir_ / (name + ".json")) << result.value_or(nlohmann::json()).dump(2);
    std::ofstream(dir_ / (name + ".yaml")) << spec;
    std::ofstream(dir_ / "audit-status.txt") << "audit.log: intact (42 entries, 3 receipts verified)\n";
    const fs::path html = dir_ / (name + ".html");
    RunResult run = RunProgram(kRadfed, {"report", "--result", (dir_ / (name + ".json")).string(), "--study",
                                         (dir_ / (name + ".yaml")).string(), "--audit-status",
                                         (dir_ / "audit-status.txt").string(), "--out", html.string()});
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return html;
  }

  // Chromium's output (stdout and stderr) for one page; console messages appear as ":CONSOLE".
  RunResult Browse(const fs::path& page, const std::vector<std::string>& action) {
    std::vector<std::string> args{"--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
                                  "--v=0", "--window-size=1200,2600", "--user-data-dir=" + (dir_ / "profile").string()};
    args.insert(args.end(), action.begin(), action.end());
    args.push_back("file://" + page.string());
    return RunProgram(*chromium_, args, std::chrono::seconds(120));
  }

  static size_t ConsoleMessages(const std::string& output) {
    size_t n = 0;
    for (const char* marker : {":CONSOLE", "Uncaught"}) {
      for (size_t at = output.find(marker); at != std::string::npos; at = output.find(marker, at + 1)) ++n;
    }
    return n;
  }

  std::optional<fs::path> chromium_;
  fs::path dir_;
};

const std::string kCox = std::string(kLungCoxSpec) + R"yaml(validation: leave-one-site-out
)yaml";

const std::string kLogistic = std::string(kLungLogisticSpec) + R"yaml(validation: leave-one-site-out
)yaml";

TEST_F(ReportBrowserTest, CoxReportRendersWithItsPlots) {
  const fs::path html = Report("cox", kCox);
  RunResult dom = Browse(html, {"--dump-dom"});
  ASSERT_EQ(dom.exit_code, 0) << dom.output;
  // The DOM chromium built holds the forest plot and the convergence chart as SVG.
  EXPECT_THAT(dom.output, HasSubstr("<svg"));
  EXPECT_THAT(dom.output, HasSubstr("<title>Forest plot: hazard ratio (log scale)</title>"));
  EXPECT_THAT(dom.output, HasSubstr("<title>Log-likelihood per round</title>"));
  EXPECT_THAT(dom.output, HasSubstr("<title>Kaplan–Meier curves by predicted risk group</title>"));
  EXPECT_EQ(Occurrences(dom.output, "class=\"km-curve\""), 3u);
  EXPECT_THAT(dom.output, HasSubstr(">at risk<"));
  EXPECT_THAT(dom.output, HasSubstr("Validation: leave one site out"));
  EXPECT_THAT(dom.output, HasSubstr("Verified: audit.log: intact"));
  EXPECT_EQ(ConsoleMessages(dom.output), 0u) << dom.output;

  const fs::path shot = dir_ / "cox.png";
  RunResult run = Browse(html, {"--screenshot=" + shot.string()});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(ConsoleMessages(run.output), 0u) << run.output;
  ASSERT_TRUE(fs::exists(shot)) << run.output;
  EXPECT_GT(fs::file_size(shot), 20000u);
  auto png = DecodePng(ReadFile(shot));
  ASSERT_TRUE(png.has_value());
  EXPECT_EQ(png->width, 1200u);
  EXPECT_EQ(png->height, 2600u);
  // A rendered report: mostly white paper, with text, rules and coloured plot lines on it.
  std::set<uint32_t> colours(png->rgb.begin(), png->rgb.end());
  size_t ink = 0, blue = 0;
  for (uint32_t c : png->rgb) {
    if (c != 0xffffff) ++ink;
    if (c == 0x1f5fa8) ++blue;  // the forest plot's and the chart's colour
  }
  EXPECT_GT(colours.size(), 50u);
  EXPECT_GT(ink, png->rgb.size() / 100);
  EXPECT_LT(ink, png->rgb.size() / 2);
  EXPECT_GT(blue, 100u);
}

TEST_F(ReportBrowserTest, LogisticReportShowsTheRocCurve) {
  const fs::path html = Report("logistic", kLogistic);
  RunResult dom = Browse(html, {"--dump-dom"});
  ASSERT_EQ(dom.exit_code, 0) << dom.output;
  EXPECT_THAT(dom.output, HasSubstr("<title>ROC curve</title>"));
  EXPECT_THAT(dom.output, HasSubstr("<title>Forest plot: odds ratio (log scale)</title>"));
  EXPECT_EQ(ConsoleMessages(dom.output), 0u) << dom.output;
}

TEST_F(ReportBrowserTest, ConsoleErrorsWouldBeNoticed) {
  // The check above must be able to fail: a page with a script error is caught.
  const fs::path page = dir_ / "broken.html";
  std::ofstream(page) << "<!DOCTYPE html><html><body><script>no_such_function();</script></body></html>";
  RunResult dom = Browse(page, {"--dump-dom"});
  EXPECT_GT(ConsoleMessages(dom.output), 0u) << dom.output;
}

}  // namespace
}  // namespace radfed::testing

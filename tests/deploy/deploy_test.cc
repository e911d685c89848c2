// Checks what can be checked of deploy/ without a container engine or a cluster: unit files pass
// `systemd-analyze verify`, every YAML manifest parses and has the expected shape, and the
// container build installs only Debian packages from Debian 12 images.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <unistd.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/federation.h"
#include "tests/support/process.h"

namespace radfed::testing {
namespace {

const std::filesystem::path kDeploy = std::filesystem::path(RADFED_SOURCE_DIR) / "deploy";

std::string Slurp(const std::filesystem::path& p) { return ReadFile(p); }

TEST(DeployTest, SystemdUnitsVerify) {
  const auto dir = std::filesystem::temp_directory_path() / ("radfed-units-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  for (const char* name : {"radfed-node", "radfed-coordinator"}) {
    SCOPED_TRACE(name);
    std::string unit = Slurp(kDeploy / "systemd" / (std::string(name) + ".service"));
    ASSERT_FALSE(unit.empty());
    // Point the unit at the built program and the example environment file.
    const std::string binary = BinaryPath(name).string();
    unit = std::regex_replace(unit, std::regex("/usr/bin/" + std::string(name)), binary);
    unit = std::regex_replace(unit, std::regex("/etc/default/" + std::string(name)),
                              (kDeploy / "systemd" / (std::string(name) + ".env")).string());
    for (const char* hardening : {"User=radfed", "ProtectSystem=strict", "PrivateTmp=yes",
                                  "RestrictAddressFamilies=", "NoNewPrivileges=yes", "EnvironmentFile="}) {
      EXPECT_NE(unit.find(hardening), std::string::npos) << hardening;
    }
    const auto path = dir / (std::string(name) + ".service");
    std::ofstream(path) << unit;
    auto verify = RunProgram("/usr/bin/systemd-analyze", {"verify", path.string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.output;
    EXPECT_EQ(verify.output.find("Unknown key"), std::string::npos) << verify.output;
    EXPECT_EQ(verify.output.find("Unknown lvalue"), std::string::npos) << verify.output;
  }
  std::filesystem::remove_all(dir);
}

TEST(DeployTest, KubernetesManifestsParse) {
  std::set<std::string> kinds;
  for (const char* file : {"coordinator.yaml", "node.yaml", "extraction-job.yaml"}) {
    SCOPED_TRACE(file);
    std::vector<YAML::Node> docs;
    ASSERT_NO_THROW(docs = YAML::LoadAllFromFile((kDeploy / "kubernetes" / file).string()));
    ASSERT_FALSE(docs.empty());
    for (const YAML::Node& doc : docs) {
      ASSERT_TRUE(doc["apiVersion"] && doc["kind"] && doc["metadata"]["name"]);
      kinds.insert(doc["kind"].as<std::string>());
      if (doc["kind"].as<std::string>() == "Deployment" || doc["kind"].as<std::string>() == "Job") {
        const YAML::Node pod = doc["spec"]["template"]["spec"];
        EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
        for (const YAML::Node& c : pod["containers"]) {
          EXPECT_FALSE(c["securityContext"]["allowPrivilegeEscalation"].as<bool>());
          EXPECT_TRUE(c["securityContext"]["readOnlyRootFilesystem"].as<bool>());
        }
      }
      if (doc["kind"].as<std::string>() == "ConfigMap" && doc["data"]["coordinator.yaml"]) {
        // The embedded configuration is itself valid YAML with the contract's keys.
        YAML::Node config = YAML::Load(doc["data"]["coordinator.yaml"].as<std::string>());
        EXPECT_TRUE(config["listen"] && config["tls"]["crl"] && config["roster"]);
      }
    }
  }
  for (const char* kind : {"Deployment", "Service", "Job", "ConfigMap", "NetworkPolicy"}) {
    EXPECT_TRUE(kinds.count(kind)) << kind;
  }
  const YAML::Node job = YAML::LoadAllFromFile((kDeploy / "kubernetes" / "extraction-job.yaml").string())[0];
  EXPECT_EQ(job["spec"]["completionMode"].as<std::string>(), "Indexed");
}

// The cluster manifests of sharded extraction pass only options radfed-node accepts.
TEST(DeployTest, ExtractionJobsUseRealOptions) {
  auto help = [](const std::string& subcommand) {
    return RunProgram(BinaryPath("radfed-node"), {subcommand, "--help"}).output;
  };
  const std::string extract_help = help("extract-batch");
  const std::string merge_help = help("merge-features");
  const YAML::Node job = YAML::LoadAllFromFile((kDeploy / "kubernetes" / "extraction-job.yaml").string())[0];
  const YAML::Node args = job["spec"]["template"]["spec"]["containers"][0]["args"];
  ASSERT_EQ(args[0].as<std::string>(), "extract-batch");
  std::set<std::string> flags;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string arg = args[i].as<std::string>();
    const std::string flag = arg.substr(0, arg.find('='));
    flags.insert(flag);
    EXPECT_NE(extract_help.find(flag + " "), std::string::npos) << "extraction-job.yaml: " << flag;
    if (flag == "--shard") {
      EXPECT_EQ(arg, "--shard=$(JOB_COMPLETION_INDEX)/" + job["spec"]["completions"].as<std::string>())
          << "every completion index must be a shard, and every shard a completion index";
    }
  }
  EXPECT_TRUE(flags.count("--shard"));

  const std::string sbatch = Slurp(kDeploy / "slurm" / "extract-array.sbatch");
  const std::regex command(R"(radfed-node (extract-batch|merge-features)((?:[^\\\n]|\\[\s\S])*))");
  int commands = 0;
  for (std::sregex_iterator it(sbatch.begin(), sbatch.end(), command), end; it != end; ++it, ++commands) {
    const std::string& subhelp = (*it)[1] == "extract-batch" ? extract_help : merge_help;
    const std::string rest = (*it)[2];
    const std::regex flag("--[a-z][a-z-]*");
    for (std::sregex_iterator f(rest.begin(), rest.end(), flag); f != end; ++f) {
      EXPECT_NE(subhelp.find(f->str() + " "), std::string::npos) << "extract-array.sbatch: " << (*it)[1] << " " << f->str();
    }
  }
  EXPECT_EQ(commands, 2) << "the array's extract-batch and the merge shown in its header";
}

TEST(DeployTest, ComposeFileParsesWithCoordinatorAndThreeNodes) {
  YAML::Node compose;
  ASSERT_NO_THROW(compose = YAML::LoadFile((kDeploy / "compose" / "compose.yaml").string()));
  for (const char* service : {"coordinator", "site-a", "site-b", "site-c"}) {
    EXPECT_TRUE(compose["services"][service]) << service;
  }
  EXPECT_EQ(compose["services"]["site-a"]["build"]["target"].as<std::string>(), "node");
}

TEST(DeployTest, ContainerBuildUsesOnlyDebianPackages) {
  const std::string dockerfile = Slurp(kDeploy / "container" / "Dockerfile");
  ASSERT_FALSE(dockerfile.empty());
  // Every stage starts from Debian 12 or from an earlier stage of this file.
  std::set<std::string> stages;
  std::smatch m;
  const std::regex from(R"(FROM\s+(\S+)(?:\s+AS\s+(\S+))?)");
  for (std::string rest = dockerfile; std::regex_search(rest, m, from); rest = m.suffix()) {
    const std::string base = m[1].str();
    EXPECT_TRUE(base.rfind("debian:12", 0) == 0 || stages.count(base)) << "base image " << base << " is not Debian 12";
    if (m[2].matched) stages.insert(m[2].str());
  }
  for (const char* download : {"curl ", "wget ", "pip ", "npm ", "git clone", "ADD http"}) {
    EXPECT_EQ(dockerfile.find(download), std::string::npos) << download;
  }
  // Every package the runtime stage installs exists in Debian's archive.
  const auto start = dockerfile.find("--no-install-recommends");
  ASSERT_NE(start, std::string::npos);
  const auto end = dockerfile.find("&&", start);
  std::istringstream words(dockerfile.substr(start, end - start));
  std::string word;
  std::vector<std::string> args{"show", "--no-all-versions"};
  while (words >> word) {
    if (word != "\\" && word.rfind("--", 0) != 0) args.push_back(word);
  }
  EXPECT_GE(args.size(), 12u);
  auto show = RunProgram("/usr/bin/apt-cache", args);
  EXPECT_EQ(show.exit_code, 0) << "not all of these are Debian packages here:\n" << show.output.substr(0, 2000);
  // The build stage installs through the project's own dependency script.
  EXPECT_NE(dockerfile.find("scripts/install-deps.sh"), std::string::npos);
}

}  // namespace
}  // namespace radfed::testing

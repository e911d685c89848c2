#include "coordinator/cli/pki_command.h"

#include <ctime>
#include <iostream>
#include <memory>

#include "common/pki/certificate_authority.h"
#include "coordinator/cli/command_failure.h"

namespace radfed::cli {
namespace {

int Report(const Status& status, const std::string& success) {
  if (!status.ok()) return Fail("radfed pki", status);
  std::cout << success << "\n";
  return 0;
}

}  // namespace

void AddPkiCommand(CLI::App& app) {
  auto* pki = app.add_subcommand("pki", "Consortium certificate authority: create, issue, revoke");
  pki->require_subcommand(1);

  struct Options {
    std::string dir, name, role = "node";
    int ca_days = 3650, days = 825;
    std::vector<std::string> sans;
  };
  auto o = std::make_shared<Options>();

  auto* init = pki->add_subcommand("init", "Create the consortium CA in DIR (ca.crt, ca.key, ca.crl)");
  init->add_option("--dir", o->dir, "CA directory")->required();
  init->add_option("--days", o->ca_days, "validity of the CA certificate in days (default 3650)")
      ->check(CLI::Range(1, pki::kMaxValidityDays));
  init->callback([o] {
    std::exit(Report(pki::CertificateAuthority::Init(o->dir, o->ca_days),
                     "created the consortium CA in " + o->dir + " (keep " + o->dir + "/ca.key offline and private)"));
  });

  auto* issue = pki->add_subcommand("issue", "Issue DIR/NAME.crt and DIR/NAME.key for a site, operator, auditor or coordinator");
  issue->add_option("--dir", o->dir, "CA directory")->required();
  issue->add_option("--name", o->name, "site id or user name")->required();
  issue->add_option("--role", o->role, "node, coordinator, operator or auditor")->required();
  issue->add_option("--days", o->days, "validity in days (default 825)")->check(CLI::Range(1, pki::kMaxValidityDays));
  issue->add_option("--san", o->sans, "DNS name or IP address of a coordinator (repeatable)");
  issue->callback([o] {
    auto ca = pki::CertificateAuthority::Open(o->dir);
    if (!ca.ok()) std::exit(Report(ca.status(), ""));
    auto role = pki::ParseRole(o->role);
    if (!role.ok()) std::exit(Report(role.status(), ""));
    if (*role == pki::Role::kCoordinator && o->sans.empty()) {
      std::exit(Report(Status::InvalidArgument("a coordinator certificate needs the names nodes will use to reach "
                                               "it: add --san HOST (repeatable)"),
                       ""));
    }
    if (*role != pki::Role::kCoordinator && !o->sans.empty()) {
      std::exit(Report(Status::InvalidArgument("--san is only for coordinator certificates"), ""));
    }
    pki::IssueRequest request;
    request.name = o->name;
    request.role = *role;
    request.days = o->days;
    request.sans = o->sans;
    std::exit(Report(ca->Issue(request), "issued " + o->dir + "/" + o->name + ".crt (" + o->role + ") and " +
                                             o->dir + "/" + o->name + ".key"));
  });

  auto* revoke = pki->add_subcommand("revoke", "Revoke NAME's certificate and rewrite DIR/ca.crl");
  revoke->add_option("--dir", o->dir, "CA directory")->required();
  revoke->add_option("--name", o->name, "the certificate to revoke")->required();
  revoke->callback([o] {
    auto ca = pki::CertificateAuthority::Open(o->dir);
    if (!ca.ok()) std::exit(Report(ca.status(), ""));
    std::exit(Report(ca->Revoke(o->name, std::time(nullptr)),
                     "revoked " + o->name + "; distribute " + o->dir +
                         "/ca.crl to the coordinator and reload it (SIGHUP)"));
  });

  auto* list = pki->add_subcommand("list", "List the certificates the CA has issued");
  list->add_option("--dir", o->dir, "CA directory")->required();
  list->callback([o] {
    auto ca = pki::CertificateAuthority::Open(o->dir);
    if (!ca.ok()) std::exit(Report(ca.status(), ""));
    for (const auto& e : ca->index()) {
      std::cout << e.name << "\t" << pki::RoleName(e.role) << "\tserial " << e.serial_hex << "\texpires "
                << e.not_after << (e.revoked_at.empty() ? "" : "\tREVOKED " + e.revoked_at) << "\n";
    }
    std::exit(0);
  });
}

}  // namespace radfed::cli

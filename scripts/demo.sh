#!/usr/bin/env bash
# The local federation demo: a consortium CA, a coordinator and three hospital nodes on loopback,
# the R `lung` cohort split by institution over the three sites, and a federated statistics study.
# Installs missing Debian packages and builds first. Everything it creates is in demo-output/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)" --target radfed radfed-coordinator radfed-node
bin=$root/build/dev
radfed=$bin/coordinator/cli/radfed

out=$root/demo-output
rm -rf "$out"
mkdir -p "$out"
cd "$out"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

echo "== consortium PKI"
"$radfed" pki init --dir pki
"$radfed" pki issue --dir pki --name coordinator --role coordinator --san 127.0.0.1 --san localhost
"$radfed" pki issue --dir pki --name operator --role operator
for site in site-a site-b site-c; do "$radfed" pki issue --dir pki --name "$site" --role node; done

echo "== cohorts: lung.csv split by institution (inst <= 5, 6-15, > 15 or unknown)"
awk -F, -v OFS=, '
  NR == 1 { header = "patient_id," $0; gsub(/"/, "", header)
            print header > "site-a.csv"; print header > "site-b.csv"; print header > "site-c.csv"; next }
  { site = "site-c"
    if ($1 != "" && $1 != "NA") { if ($1 + 0 <= 5) site = "site-a"; else if ($1 + 0 <= 15) site = "site-b" }
    print "p" (NR - 1), $0 > (site ".csv") }' "$root/tests/data/outcomes/r_survival/lung.csv"
for site in site-a site-b site-c; do echo "  $site: $(($(wc -l < $site.csv) - 1)) patients"; done

cat > coordinator.yaml <<YAML
listen: 127.0.0.1:0
tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key, crl: pki/ca.crl}
roster: [site-a, site-b, site-c]
state_dir: coord-state
audit_log: coord-state/audit.log
YAML
echo "== starting the coordinator"
"$bin/coordinator/radfed-coordinator" --config coordinator.yaml > coordinator.log 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -s coord-state/listen-address ]] && break; sleep 0.1; done
address=$(cat coord-state/listen-address)
echo "  listening on $address"

echo "== starting three hospital nodes"
for site in site-a site-b site-c; do
  cat > "$site.yaml" <<YAML
site: $site
coordinator: $address
tls: {ca: pki/ca.crt, cert: pki/$site.crt, key: pki/$site.key}
cohort:
  tables: [{path: $site.csv, key: patient_id}]
state_dir: $site-state
YAML
  "$bin/node/radfed-node" serve --config "$site.yaml" > "$site.log" 2>&1 &
  pids+=($!)
done
for site in site-a site-b site-c; do
  for _ in $(seq 200); do grep -q "$site connected" coordinator.log && break; sleep 0.1; done
  grep -q "$site connected" coordinator.log || { echo "$site did not connect:"; cat "$site.log"; exit 1; }
done
echo "  all sites connected"

cat > lung-baseline.yaml <<YAML
name: lung-baseline
type: statistics
columns: [age, ph.ecog, wt.loss]
group_by: sex
levels: [1, 2]
allow_min_max: true
min_sites: 3
YAML
echo "== federated statistics study (operator certificate)"
"$radfed" study run --coordinator "$address" --ca pki/ca.crt --cert pki/operator.crt \
  --key pki/operator.key lung-baseline.yaml --out lung-baseline.json
echo
echo "Result: $out/lung-baseline.json; logs: $out/*.log"

#!/usr/bin/env bash
# The local federation demo: three hospitals, DICOM to a validated model and a report.
#
# A consortium CA, then three hospitals (site-a, site-b, site-c) with their own scanners and
# synthetic patients (CT series, tumour "GTV" as RTSTRUCT or, at site-b, DICOM SEG, a clinical table). Each hospital
# extracts IBSI features from its own DICOM and pseudonymises its tables; a coordinator and three
# nodes on loopback then run a statistics study, a Cox and a logistic study under secure
# aggregation with leave-one-site-out validation. The audit log is exported and verified against
# the sites' receipts, and the Cox study becomes demo-output/report.html.
#
# Installs missing Debian packages and builds first. Everything it creates is in demo-output/.
# Usage: scripts/demo.sh [--no-build] [--bin DIR] [--out DIR]
#   --no-build  use the binaries already built (in build/dev, or DIR of --bin)
#   --out DIR   write everything to DIR instead of demo-output/ (the test suite runs the demo so)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
start=$SECONDS

build=1
bin=$root/build/dev
out=$root/demo-output
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --bin) bin=$(realpath "$2"); shift ;;
    --out) out=$(realpath -m "$2"); shift ;;
    *) echo "usage: scripts/demo.sh [--no-build] [--bin DIR] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done

step=0
steps=10
section() {
  step=$((step + 1))
  printf '\n[%d/%d %3ds] %s\n' "$step" "$steps" $((SECONDS - start)) "$*"
}

section "installing dependencies and building"
if ((build)); then
  scripts/install-deps.sh
  cmake --preset dev >/dev/null
  cmake --build --preset dev -j "$(nproc)" --target radfed radfed-coordinator radfed-node
fi
command -v jq >/dev/null || { echo "demo: jq is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
radfed=$bin/coordinator/cli/radfed
node=$bin/node/radfed-node
coordinator=$bin/coordinator/radfed-coordinator
threads=$(nproc)

rm -rf "$out"
mkdir -p "$out"
cd "$out"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

sites=(site-a site-b site-c)
# Different cohort sizes and seeds per hospital, as in a real consortium.
declare -A patients=([site-a]=110 [site-b]=75 [site-c]=50)
declare -A seeds=([site-a]=101 [site-b]=202 [site-c]=303)

section "consortium PKI: a CA, the coordinator, an operator, an auditor and three sites"
"$radfed" pki init --dir pki
"$radfed" pki issue --dir pki --name coordinator --role coordinator --san 127.0.0.1 --san localhost
"$radfed" pki issue --dir pki --name operator --role operator
"$radfed" pki issue --dir pki --name auditor --role auditor
for site in "${sites[@]}"; do "$radfed" pki issue --dir pki --name "$site" --role node; done

section "each hospital's PACS export: synthetic CT series, GTV as RTSTRUCT (site-b: DICOM SEG), clinical table"
for site in "${sites[@]}"; do
  mkdir -p "$site"
  "$node" synthesize --site "$site" --patients "${patients[$site]}" --seed "${seeds[$site]}" \
    --threads "$threads" --out "$site/pacs"
done

section "each hospital extracts IBSI features from its own DICOM (configs/demo/ct_radiomics.yaml)"
# The pseudonym key never leaves the site; features and clinical table get the same pseudonyms.
for site in "${sites[@]}"; do
  "$node" extract-batch --manifest "$site/pacs/manifest.csv" --params "$root/configs/demo/ct_radiomics.yaml" \
    --out "$site/features.csv" --threads "$threads" --pseudonym-key "$site/state/pseudonym.key"
  "$node" pseudonymise --table "$site/pacs/clinical.csv" --column patient_id \
    --pseudonym-key "$site/state/pseudonym.key" --out "$site/clinical.csv"
  echo "  $site: $(($(wc -l < "$site/features.csv") - 1)) cases, $(($(head -1 "$site/features.csv" | tr ',' '\n' | wc -l) - 1)) features"
done

section "starting the coordinator and three hospital nodes (mutual TLS on loopback)"
cat > coordinator.yaml <<YAML
listen: 127.0.0.1:0
tls: {ca: pki/ca.crt, cert: pki/coordinator.crt, key: pki/coordinator.key, crl: pki/ca.crl}
roster: [site-a, site-b, site-c]
state_dir: coord-state
audit_log: coord-state/audit.log
YAML
"$coordinator" --config coordinator.yaml > coordinator.log 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -s coord-state/listen-address ]] && break; sleep 0.1; done
[[ -s coord-state/listen-address ]] || { echo "the coordinator did not start:"; cat coordinator.log; exit 1; }
address=$(cat coord-state/listen-address)
echo "  coordinator listening on $address"
for site in "${sites[@]}"; do
  cat > "$site/node.yaml" <<YAML
site: $site
coordinator: $address
tls: {ca: ../pki/ca.crt, cert: ../pki/$site.crt, key: ../pki/$site.key}
cohort:
  tables: [{path: features.csv, key: case_id}, {path: clinical.csv, key: patient_id}]
state_dir: state
guards: {min_rows: 20, min_events: 5, max_parameters_per_row: 0.2}
YAML
  "$node" serve --config "$site/node.yaml" > "$site/node.log" 2>&1 &
  pids+=($!)
done
for site in "${sites[@]}"; do
  for _ in $(seq 200); do grep -q "$site connected" coordinator.log && break; sleep 0.1; done
  grep -q "$site connected" coordinator.log || { echo "$site did not connect:"; cat "$site/node.log"; exit 1; }
done
echo "  all three sites connected"

client=(--coordinator "$address" --ca pki/ca.crt --cert pki/operator.crt --key pki/operator.key)
mkdir -p studies results

# Runs studies/NAME.yaml as the operator; shows the rounds as they finish, keeps the CLI's output
# in results/NAME.log and the result in results/NAME.json.
run_study() {
  local name=$1 log=results/$1.log
  "$radfed" study run "${client[@]}" "studies/$name.yaml" --out "results/$name.json" > "$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    [[ -t 1 ]] && printf '\r  rounds done: %d' "$(grep -c '\[done\]' "$log")"
    sleep 0.2
  done
  wait "$pid" || { echo; echo "study $name failed:"; cat "$log"; exit 1; }
  printf '\r  rounds done: %d; result in results/%s.json\n' "$(grep -c '\[done\]' "$log")" "$name"
}

# The coefficients of a model result as hazard or odds ratios with 95 % intervals, then its
# discrimination on all sites and on each held-out site.
show_model() {
  local ratio=$2
  printf '  %-30s %7s  %-17s %7s\n' term "$ratio" "95 % CI" p
  jq -r '.coefficients[] | select(.term != "(Intercept)") | [.term, .exp_coef, (.ci_low | exp), (.ci_high | exp), .p] | @tsv' "$1" |
    awk -F '\t' '{ printf "  %-30s %7.3f  [%6.3f, %6.3f] %7.4f\n", $1, $2, $3, $4, $5 }'
  jq -r '(.discrimination | if .c_index then "C-index \(.c_index)" else "AUC \(.auc)" end),
         (.validation.sites[] | "\(.site) \(.c_index // .auc // "n/a")")' "$1" |
    awk 'NR == 1 { printf "  %s %.3f; held out:", $1, $2; next }
         { printf "%s %s %s", (NR > 2 ? "," : ""), $1, ($2 == "n/a" ? $2 : sprintf("%.3f", $2)) }
         END { print "" }'
}

section "statistics study: the cohorts by sex, pooled through secure aggregation"
cat > studies/baseline.yaml <<YAML
name: baseline
type: statistics
columns: [age, ecog, os_days, morph_volume_mesh, stat_mean_intensity, glcm_joint_entropy_3d_merged]
group_by: sex
levels: [1, 2]
min_sites: 3
YAML
run_study baseline
grep -v -e '^  round ' -e '^submitted' -e '^  starting' -e '^result written' results/baseline.log

section "Cox study of overall survival under secure aggregation, validated leave-one-site-out"
cat > studies/survival.yaml <<YAML
name: survival
type: model
model: cox
ties: efron
features: [age, sex, ecog, "log(morph_volume_mesh)", glcm_joint_entropy_3d_merged]
outcome: {time: os_days, event: os_event, event_value: 1}
standardize: true
min_sites: 3
secure_aggregation: {threshold: 2}
validation: leave-one-site-out
YAML
run_study survival
show_model results/survival.json "HR"

section "logistic study of response under secure aggregation, validated leave-one-site-out"
cat > studies/response.yaml <<YAML
name: response
type: model
model: logistic
features: [age, sex, ecog, "log(morph_volume_mesh)", glcm_joint_entropy_3d_merged]
outcome: {label: response, positive: 1}
standardize: true
min_sites: 3
secure_aggregation: {threshold: 2}
validation: leave-one-site-out
YAML
run_study response
show_model results/response.json "OR"

section "audit: export the log as the auditor and verify it against every site's receipts"
"$radfed" audit export --coordinator "$address" --ca pki/ca.crt --cert pki/auditor.crt \
  --key pki/auditor.key --out audit.log
receipts=()
for site in "${sites[@]}"; do receipts+=(--receipts "$site/state/receipts"); done
audit_ok=1
"$radfed" audit verify --log audit.log --ca pki/ca.crt --crl pki/ca.crl "${receipts[@]}" \
  > audit-verify.txt 2>&1 || audit_ok=0
cat audit-verify.txt

section "reports: the Cox study in report.html, the others beside it"
report_ok=1
"$radfed" report --result results/survival.json --study studies/survival.yaml \
  --audit-log audit.log --ca pki/ca.crt --crl pki/ca.crl "${receipts[@]}" --out report.html || report_ok=0
"$radfed" report --result results/response.json --study studies/response.yaml \
  --audit-status audit-verify.txt --out report-response.html || report_ok=0
"$radfed" report --result results/baseline.json --study studies/baseline.yaml \
  --audit-status audit-verify.txt --out report-baseline.html || report_ok=0

total=0
per_site=()
for site in "${sites[@]}"; do
  n=$(($(wc -l < "$site/features.csv") - 1))
  total=$((total + n))
  per_site+=("$site $n")
done
metric() { jq -r "$2 * 1000 | round / 1000" "$1"; }
echo
echo "== radfed demo done in $((SECONDS - start)) s"
echo "  sites:     3 hospitals ($(IFS=,; echo "${per_site[*]}" | sed 's/,/, /g')), $total patients; features extracted at each site"
echo "  Cox:       C-index $(metric results/survival.json .discrimination.c_index), leave-one-site-out mean $(metric results/survival.json .validation.mean)"
echo "  logistic:  AUC $(metric results/response.json .discrimination.auc), leave-one-site-out mean $(metric results/response.json .validation.mean)"
echo "  audit log: $(tail -1 audit-verify.txt)"
echo "  report:    $out/report.html (also report-response.html, report-baseline.html)"
echo "  details:   $out/results/, logs in $out/coordinator.log and $out/site-*/node.log"
((audit_ok && report_ok)) || { echo "demo: the audit log did not verify or a report failed" >&2; exit 1; }

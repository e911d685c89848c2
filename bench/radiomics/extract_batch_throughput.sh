#!/usr/bin/env bash
# extract-batch throughput (issue 5): cases per minute, from DICOM to the wide table, at each
# --threads count, on two cohorts:
#   - synthetic: `radfed-node synthesize` patients (small chest CT series, about 21 slices, with an
#     RTSTRUCT GTV), as the demo uses;
#   - phantom: the IBSI CT phantom (60 slices of 204 x 201, GTV-1 of 125k voxels) listed
#     --phantom-cases times, a clinical-size case.
# Every run starts from an empty output, so nothing is resumed. Run by hand:
#   bench/radiomics/extract_batch_throughput.sh [--bin build/dev] [--patients 100] [--phantom-cases 8]
#       [--params configs/ibsi/config_C.yaml] [--threads "1 2"]
# Target: throughput grows with --threads up to the number of cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$root/build/dev
patients=100
phantom_cases=8
params=$root/configs/ibsi/config_C.yaml
threads="1 2"
while (($#)); do
  case $1 in
    --bin) bin=$(cd "$2" && pwd); shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --phantom-cases) phantom_cases=$2; shift 2 ;;
    --params) params=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 [--bin DIR] [--patients N] [--phantom-cases N] [--params FILE] [--threads \"1 2\"]" >&2; exit 2 ;;
  esac
done
node=$bin/node/radfed-node
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$node" synthesize --site site-a --patients "$patients" --seed 7 --out "$work/pacs" >/dev/null 2>&1
phantom=$root/tests/data/ibsi/ibsi1_ct_phantom/dicom
{
  echo "case_id,image,mask,roi"
  for ((i = 1; i <= phantom_cases; i++)); do echo "phantom-$i,$phantom/image,$phantom/mask/DCM_RS_00060.dcm,GTV-1"; done
} >"$work/phantom.csv"

# run LABEL MANIFEST CASES: wall time, and the CPU time the batch got (user + system), which shows
# whether the threads found free cores on a shared machine.
run() {
  for t in $threads; do
    local out=$work/$1-$t.csv start end
    start=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$out.cpu" "$node" extract-batch --manifest "$2" --params "$params" --out "$out" \
      --threads "$t" --keep-case-ids 2>"$out.log" || { cat "$out.log"; exit 1; }
    end=$(date +%s.%N)
    read -r user sys <"$out.cpu"
    awk -v l="$1" -v t="$t" -v n="$3" -v s="$start" -v e="$end" -v c="$(awk -v u="$user" -v y="$sys" 'BEGIN { print u + y }')" \
      'BEGIN { printf "%s, --threads %d: %d cases in %.1f s = %.0f cases/min (%.3f s per case; CPU %.3f s per case, %.2f cores busy)\n", l, t, n, e - s, 60 * n / (e - s), (e - s) / n, c / n, c / (e - s) }'
  done
}
echo "params $(basename "$params"), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run "synthetic ($patients patients, $(du -sh "$work/pacs" | cut -f1) of DICOM)" "$work/pacs/manifest.csv" "$patients"
run "IBSI CT phantom x $phantom_cases" "$work/phantom.csv" "$phantom_cases"

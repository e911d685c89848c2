#!/usr/bin/env bash
# Builds the libFuzzer targets (preset `fuzz`) and runs each reader's fuzzer for a bounded time on
# seeds from tests/data. Without clang it says so and succeeds, so the test command still works
# where only GCC is installed.
#
#   scripts/fuzz-smoke.sh [TARGET...]          default: every target
#   RADFED_FUZZ_SECONDS=60                     run time per target (5 targets: 5 min by default)
#   RADFED_FUZZ_JOBS=$(nproc)                  parallel compile jobs for the fuzz build
#
# A crash, a leak, an input slower than 30 s or above 2 GB of memory fails the run; the input is
# kept in build/fuzz/artifacts/<target>/ and the fuzzer's report names it. Make it a regression
# test beside the reader's tests, fix the reader, and run the fuzzer again.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${RADFED_FUZZ_SECONDS:-60}
jobs=${RADFED_FUZZ_JOBS:-$(nproc)}
if [[ $seconds == 0 ]]; then
  echo "fuzz-smoke: RADFED_FUZZ_SECONDS=0; fuzzers skipped"
  exit 0
fi
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz-smoke: clang++ not installed; fuzzers skipped"
  exit 0
fi

data=tests/data
phantom=$data/ibsi/ibsi1_digital_phantom/nifti
declare -A seeds=(
  [nifti]="$phantom/image/phantom.nii.gz $phantom/mask/mask.nii.gz"
  [nrrd]="$(ls $data/dicom/dcmqi_ct3slice_seg/*.nrrd | tr '\n' ' ')"
  [dicom_series]="$data/dicom/pydicom_ct_highdicom_seg/CT_small.dcm $data/dicom/misc_single_files/MR_small.dcm
    $data/ibsi/ibsi1_ct_phantom/dicom/image/DCM_IMG_00000.dcm"
  [rtstruct]="$data/dicom/rtutils_phantom_2slice/rt.dcm $data/dicom/misc_single_files/rtstruct.dcm
    $data/dicom/misc_single_files/octave-dicom_rtstruct_varian.dcm"
  [seg]="$(ls $data/dicom/pydicom_ct_highdicom_seg/seg/*.dcm | tr '\n' ' ') $data/dicom/dcmqi_ct3slice_seg/liver.dcm"
)
targets=("$@")
((${#targets[@]})) || targets=(nifti nrrd dicom_series rtstruct seg)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target radfed_fuzzers -j "$jobs"

# Corpora and the fuzzers' input files live here (in memory where /dev/shm exists) and go with it,
# also after a crash, which skips the fuzzer's own clean-up.
work=$(mktemp -d -p /dev/shm radfed-fuzz-smoke.XXXXXX 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
export RADFED_FUZZ_WORK_DIR=$work
failed=()
for target in "${targets[@]}"; do
  [[ -n ${seeds[$target]:-} ]] || { echo "fuzz-smoke: unknown target '$target'"; exit 2; }
  corpus=$work/$target
  artifacts=build/fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  n=0
  for seed in ${seeds[$target]}; do
    n=$((n + 1))
    cp "$seed" "$corpus/$n-$(basename "$seed")"
    # NIfTI is fuzzed uncompressed too: mutating gzip streams mostly exercises zlib's checks.
    if [[ $target == nifti ]]; then gzip -dc "$seed" >"$corpus/$n-$(basename "$seed" .gz)"; fi
  done
  # Inputs that once crashed a reader stay in the corpus (tests/data/fuzz/<target>/).
  if [[ -d $data/fuzz/$target ]]; then cp "$data/fuzz/$target"/* "$corpus/"; fi
  # The test data's NRRDs are gzip-encoded 512 x 512 slices; a tiny raw one reaches the raw path
  # and keeps executions fast.
  if [[ $target == nrrd ]]; then
    printf 'NRRD0004\ntype: unsigned char\ndimension: 3\nsizes: 2 2 2\nspace: left-posterior-superior\nspace directions: (1,0,0) (0,1,0) (0,0,2)\nspace origin: (0,0,0)\nencoding: raw\n\n\x00\x01\x01\x00\x00\x02\x01\x00' >"$corpus/raw.nrrd"
  fi
  echo "fuzz-smoke: $target for ${seconds}s on $(ls "$corpus" | wc -l) seeds"
  if ! build/fuzz/tests/fuzz/${target}_fuzzer -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 \
      -artifact_prefix="$artifacts/" -print_final_stats=1 "$corpus" >"$work/$target.log" 2>&1; then
    tail -n 60 "$work/$target.log"
    failed+=("$target")
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|cov:' "$work/$target.log" | tail -n 3
  fi
done
if ((${#failed[@]})); then
  echo "fuzz-smoke: FAILED: ${failed[*]} (inputs in build/fuzz/artifacts/)"
  exit 1
fi
echo "fuzz-smoke: ${#targets[@]} targets ran ${seconds}s each without a crash"

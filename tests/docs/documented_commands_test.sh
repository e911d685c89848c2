#!/usr/bin/env bash
# Every radfed, radfed-node and radfed-coordinator command shown in README.md and docs/ must name
# a real subcommand and only flags that subcommand accepts (checked against its --help), so the
# guides cannot drift from the programs. What the commands do is exercised by the other tests
# and the demo. Usage: documented_commands_test.sh SOURCE_DIR BINARY_DIR
set -uo pipefail
src=$1
bin=$2
declare -A programs=(
  [radfed]=$bin/coordinator/cli/radfed
  [radfed-node]=$bin/node/radfed-node
  [radfed-coordinator]=$bin/coordinator/radfed-coordinator
)

failures=0
checked=0
while IFS=$'\t' read -r file command; do
  read -ra words <<<"$command"
  program=${programs[${words[0]}]}
  subcommands=()
  for word in "${words[@]:1}"; do
    [[ $word =~ ^[a-z][a-z-]*$ ]] || break
    subcommands+=("$word")
  done
  if ! help=$("$program" "${subcommands[@]}" --help 2>&1); then
    echo "$file: '${words[0]} ${subcommands[*]}' is not a command: $command"
    failures=$((failures + 1))
    continue
  fi
  # CLI11 answers --help of an unknown word with the parent's help; the subcommand must own it.
  if ((${#subcommands[@]})) && ! grep -q "${subcommands[-1]}" <<<"$help"; then
    echo "$file: unknown subcommand '${subcommands[-1]}': $command"
    failures=$((failures + 1))
    continue
  fi
  for flag in $(grep -oE -- '--[a-z][a-z0-9-]*' <<<"$command" | sort -u); do
    if ! grep -qE -- "(^|[ ,])$flag([ ,=]|$)" <<<"$help"; then
      echo "$file: '${words[0]} ${subcommands[*]}' has no option $flag: $command"
      failures=$((failures + 1))
    fi
  done
  checked=$((checked + 1))
done < <(
  # Commands in fenced code blocks, continuation lines joined, one per line: FILE<TAB>COMMAND.
  for f in "$src"/README.md "$src"/docs/*.md "$src"/docs/*/*.md; do
    awk -v file="${f#"$src"/}" '
      /^```/ { in_block = !in_block; next }
      !in_block { next }
      {
        line = $0
        sub(/#.*/, "", line)
        if (pending != "") { line = pending " " line; pending = "" }
        if (line ~ /\\[[:space:]]*$/) { sub(/\\[[:space:]]*$/, "", line); pending = line; next }
        sub(/^[[:space:]]*(\$[[:space:]]+)?(sudo[[:space:]]+(-u[[:space:]]+[^[:space:]]+[[:space:]]+)?)?/, "", line)
        if (line ~ /^(radfed|radfed-node|radfed-coordinator)[[:space:]]/) print file "\t" line
      }' "$f"
  done
)

echo "$checked documented commands checked, $failures problems"
((checked > 0 && failures == 0))

#!/usr/bin/env bash
# Times the README's first command on a fresh Debian 12 system: a minimal Debian 12 made with
# debootstrap, a clone of this repository's HEAD in it, then `scripts/demo.sh` inside (which
# installs the packages, builds with an empty compiler cache and runs the federation demo).
# Prints the time of each part and the total a new user waits. Needs root, debootstrap and
# access to a Debian mirror; nothing outside the work directory is changed.
# Usage: bench/demo/fresh_machine_demo.sh [--dir WORKDIR] [--mirror URL] [--keep]
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)

work=""
mirror=http://deb.debian.org/debian
keep=0
while (($#)); do
  case "$1" in
    --dir) work=$(realpath -m "$2"); shift ;;
    --mirror) mirror=$2; shift ;;
    --keep) keep=1 ;;
    *) echo "usage: bench/demo/fresh_machine_demo.sh [--dir WORKDIR] [--mirror URL] [--keep]" >&2; exit 2 ;;
  esac
  shift
done
[[ $(id -u) -eq 0 ]] || { echo "fresh_machine_demo: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "fresh_machine_demo: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
if [[ -z $work ]]; then
  work=$(mktemp -d /var/tmp/radfed-fresh.XXXXXX)
fi
root=$work/root
mkdir -p "$work"

cleanup() {
  for m in proc dev; do mountpoint -q "$root/$m" && umount "$root/$m"; done
  # --one-file-system: never into the host's /proc or /dev, should an unmount have failed.
  ((keep)) || rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# run LABEL COMMAND...: runs the command with its output in $work/LABEL.log; on failure shows
# the end of the log and keeps the work directory for a look.
run() {
  local label=$1
  shift
  if ! "$@" >"$work/$label.log" 2>&1; then
    echo "fresh_machine_demo: $label failed; last lines of $work/$label.log:" >&2
    tail -20 "$work/$label.log" >&2
    keep=1
    exit 1
  fi
}
in_chroot() { chroot "$root" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin bash -c "cd /src/radfed && $1"; }

echo "fresh Debian 12 in $root (making the system is not part of the figure)"
start=$SECONDS
run debootstrap debootstrap --variant=minbase bookworm "$root" "$mirror"
t_system=$((SECONDS - start))
mount --bind /proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
git clone -q "$repo" "$root/src/radfed"

# The README's first command, as a new user runs it: packages, build, demo.
start=$SECONDS
run install in_chroot scripts/install-deps.sh
t_install=$((SECONDS - start))
start=$SECONDS
run demo in_chroot scripts/demo.sh
t_demo=$((SECONDS - start))
t_build=$(sed -n 's/^\[2\/[0-9]* *\([0-9]*\)s\].*/\1/p' "$work/demo.log")

echo "debootstrap (not counted):       ${t_system} s"
echo "packages (scripts/install-deps): ${t_install} s"
echo "configure and build:             ${t_build} s on $(nproc) cores, empty compiler cache"
echo "demo:                            $((t_demo - t_build)) s"
echo "fresh machine to report:         $((t_install + t_demo)) s"
grep -A6 '^== radfed demo done' "$work/demo.log"

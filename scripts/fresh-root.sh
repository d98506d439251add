#!/usr/bin/env bash
# Runs commands in a fresh Debian 12 root (debootstrap --variant=minbase bookworm) holding
# clean clones of this checkout's HEAD, the way a new user's machine starts: nothing
# installed but what the commands themselves install. A missing install step fails here.
#
#   scripts/fresh-root.sh 'COMMAND' ['COMMAND' ...]      (as root)
#
# Each COMMAND runs in its own clean clone, /home/tunescope-N, one after the other in the same
# root (so the second finds what the first installed, as on one machine), and the script stops
# at the first that fails. Only committed work is seen: the clones are of HEAD.
#
# The pristine base root is made once (about a minute) and cached in $TUNESCOPE_FRESH_BASE;
# every run works in a fresh copy of it, removed afterwards ($TUNESCOPE_FRESH_KEEP=1 keeps it).
# Downloaded .deb files are kept in $TUNESCOPE_FRESH_APT_CACHE to spare the mirror; they are
# still installed by the commands, so this hides no install step. A command that passed has
# its clone removed before the next starts (what it installed stays): three builds of the
# project side by side filled a shared disk once. With less than 12 GB free where the root
# goes, the run says so before it starts (a root with its packages and one build take ~9 GB). The mirror is the one this
# machine's apt uses. Nothing started inside the root outlives the run. With
# $TUNESCOPE_FRESH_OUT set, that folder of this machine is /out in the root: a way to hand
# what one run made (a package) to the next.
set -euo pipefail
[ "$#" -ge 1 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "fresh-root.sh: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
base=${TUNESCOPE_FRESH_BASE:-/var/tmp/tunescope-fresh-base}
apt_cache=${TUNESCOPE_FRESH_APT_CACHE:-/var/cache/tunescope-fresh-apt}

command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap >/dev/null; }

# The mirror of this machine's apt sources (deb822 first, then the one-line format).
mirror() {
    local m=""
    m=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
    [ -n "$m" ] || m=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
    [ -n "$m" ] || { echo "fresh-root.sh: no apt mirror found in /etc/apt/sources.list*" >&2; exit 1; }
    echo "$m"
}

if [ ! -f "$base/.tunescope-base-ok" ]; then
    rm -rf "$base.partial"
    echo "fresh-root.sh: making the base root in $base from $(mirror)"
    debootstrap --variant=minbase bookworm "$base.partial" "$(mirror)" >/dev/null
    # The same sources (and the same reachability settings for them) as this machine.
    rm -f "$base.partial"/etc/apt/sources.list
    cp /etc/apt/sources.list.d/*.sources "$base.partial/etc/apt/sources.list.d/" 2>/dev/null || true
    cp /etc/apt/sources.list "$base.partial/etc/apt/" 2>/dev/null || true
    grep -lsE '^Acquire::(Check-Valid-Until|Check-Date|http::Proxy|https::Proxy)' /etc/apt/apt.conf.d/* |
        xargs -r cp -t "$base.partial/etc/apt/apt.conf.d/"
    # As in container images: package scripts do not start services in a chroot.
    printf '#!/bin/sh\nexit 101\n' > "$base.partial/usr/sbin/policy-rc.d"
    chmod 755 "$base.partial/usr/sbin/policy-rc.d"
    touch "$base.partial/.tunescope-base-ok"
    mv "$base.partial" "$base"
fi

free_gb=$(( $(df -Pk /var/tmp | awk 'NR == 2 {print $4}') / 1024 / 1024 ))
echo "fresh-root.sh: ${free_gb} GB free in /var/tmp"
[ "$free_gb" -ge 12 ] ||
    echo "fresh-root.sh: warning: only ${free_gb} GB free in /var/tmp; a root with its packages and one build take about 9 GB" >&2
root=$(mktemp -d /var/tmp/tunescope-fresh-run.XXXXXX)
cleanup() {
    local rc=$?
    # Whatever the commands started (a PostgreSQL server, Xvfb) ends with the run.
    for p in /proc/[0-9]*; do
        [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
    done
    sleep 0.5
    for m in out var/cache/apt/archives dev/pts dev/shm dev sys proc; do
        umount -l "$root/$m" 2>/dev/null || true
    done
    if [ "${TUNESCOPE_FRESH_KEEP:-0}" = 1 ]; then
        echo "fresh-root.sh: kept $root"
    else
        rm -rf --one-file-system "$root"
    fi
    exit $rc
}
trap cleanup EXIT
cp -a "$base/." "$root/"
rm -f "$root/.tunescope-base-ok"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$apt_cache/partial"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys" 2>/dev/null || true
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts" 2>/dev/null || true
mount -t tmpfs tmpfs "$root/dev/shm" 2>/dev/null || true
mount --bind "$apt_cache" "$root/var/cache/apt/archives"
if [ -n "${TUNESCOPE_FRESH_OUT:-}" ]; then
    mkdir -p "$TUNESCOPE_FRESH_OUT" "$root/out"
    mount --bind "$TUNESCOPE_FRESH_OUT" "$root/out"
fi
# apt in the root keeps what it downloads (minbase's docker-clean rule would drop it).
echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > "$root/etc/apt/apt.conf.d/01tunescope-keep-debs"

n=0
for cmd in "$@"; do
    n=$((n + 1))
    dir=/home/tunescope-$n
    git clone -q "$src" "$root$dir"
    echo "fresh-root.sh: [$n] $cmd"
    start=$(date +%s)
    rc=0
    chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" \
        PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        bash -lc "cd $dir && $cmd" || rc=$?
    echo "fresh-root.sh: [$n] exit $rc after $(( $(date +%s) - start )) s"
    [ "$rc" -eq 0 ] || exit "$rc"
    [ "$n" -eq "$#" ] || rm -rf --one-file-system "$root$dir"
done

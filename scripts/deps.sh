#!/bin/sh
# Make sure the Debian packages a make target needs are installed.
#
#   scripts/deps.sh GROUP...     GROUP is build, test, bench, cross, fuzz or torch
#
# Does nothing when everything is present. Otherwise installs the missing
# packages with apt-get (as root) or through sudo, and when neither is
# possible stops with the exact command to run by hand.
set -eu

# libsimde-dev: the avx512 kernels emulated with AVX2 (isa_avx512_emul.c),
# compiled into the program and tested on every x86-64 machine
pkgs_build="gcc make pkg-config libncurses-dev libcjson-dev libsimde-dev"
pkgs_test="libcriterion-dev python3 python3-numpy tmux valgrind"
pkgs_bench="libopenblas-dev"
pkgs_cross="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
pkgs_fuzz="clang libclang-rt-14-dev"
# only for `make bench-torch`: PyTorch's attention, timed beside attnstep's
pkgs_torch="python3-torch"

wanted=""
for group in "$@"; do
    case "$group" in
        build) wanted="$wanted $pkgs_build" ;;
        test)  wanted="$wanted $pkgs_build $pkgs_test" ;;
        bench) wanted="$wanted $pkgs_build $pkgs_bench" ;;
        cross) wanted="$wanted $pkgs_cross" ;;
        fuzz)  wanted="$wanted $pkgs_fuzz" ;;
        torch) wanted="$wanted $pkgs_torch" ;;
        *) echo "scripts/deps.sh: unknown group '$group' (build, test, bench, cross, fuzz, torch)" >&2; exit 2 ;;
    esac
done

# Two groups checked at once (make -j) would both start apt-get: take turns,
# so the second sees what the first installed.
if command -v flock >/dev/null 2>&1; then
    exec 9>"${TMPDIR:-/tmp}/attnstep-deps.lock"
    flock 9
fi

# A package counts as present when dpkg says it is installed.
missing=""
for p in $wanted; do
    case " $missing " in *" $p "*) continue ;; esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done
# The tokenizer test runs GPT-2's reference encoder on Node.js, fetched with
# npm. Any Node.js will do (the distribution's or another vendor's, whose
# package may be named differently), so the commands are looked for, and the
# Debian packages installed only when they are missing.
case " $* " in
    *" test "*)
        if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
            missing="$missing nodejs npm"
        fi ;;
esac

[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "attnstep needs these packages, and this is not a Debian-like system:$missing" >&2
    echo "install their equivalents with your package manager, then run make again." >&2
    exit 1
fi

echo "installing missing packages:$missing"
if [ "$(id -u)" = 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    run="sudo"
else
    echo "attnstep needs packages that are not installed. Run:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# `make -j` may run two groups at once: wait for another apt-get (ours or the
# system's) instead of failing on the dpkg lock.
apt="apt-get -o DPkg::Lock::Timeout=600"
# The package lists may be missing or stale on a fresh machine: refresh once,
# and retry the install after refreshing if the first attempt fails.
if ! $run $apt install -y --no-install-recommends $missing; then
    $run $apt update
    $run $apt install -y --no-install-recommends $missing
fi

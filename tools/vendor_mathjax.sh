#!/usr/bin/env bash
# Vendor MathJax 3 (from the npm registry) into _vendor/static/mathjax, so the
# site typesets math with no CDN. Run by `make`; needs npm.
#
# Only what the pages load is kept (about 2 MB of the package's 24 MB): the
# combined TeX-to-CHTML component (`mathjax_path` in _config.yml), the TeX
# extensions it loads on demand (autoload, \require), the CHTML fonts as woff,
# and the licence. The menu items that would load anything else are disabled
# on the pages (book/_ext/course_assets.py). `.vendored` records the version
# and the kept paths: a change to either vendors again.
set -euo pipefail
version=3.2.2
target=_vendor/static/mathjax
kept=(tex-chtml.js input/tex/extensions output/chtml/fonts/woff-v2)
signature="mathjax $version: ${kept[*]} LICENSE"
if [ -f "$target/.vendored" ] && [ "$(cat "$target/.vendored")" = "$signature" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "mathjax@$version" >/dev/null && tar xzf "mathjax-$version.tgz")
trimmed="$work/trimmed"
for path in "${kept[@]}"; do
  mkdir -p "$trimmed/$(dirname "$path")"
  cp -r "$work/package/es5/$path" "$trimmed/$path"
done
cp "$work/package/LICENSE" "$trimmed/LICENSE"
echo "$signature" >"$trimmed/.vendored"
mkdir -p "$(dirname "$target")"
rm -rf "$target"
cp -r "$trimmed" "$target"
echo "MathJax $version vendored into $target ($(du -sh "$target" | cut -f1))"

#!/usr/bin/env bash
# Cuts the bundled DejaVu Sans (regular and bold) down to what a published page needs: Latin
# (Basic, Latin-1, Extended-A) and common punctuation, arrows and marks, without kerning or
# hinting, so that a browser advances each glyph exactly as `render`'s text widths measured it.
# `chronolanes publish` inlines the results (assets/fonts/*-web.ttf). Run it again only when the
# fonts or the character ranges change; it needs fontTools (`pip install fonttools`).
set -euo pipefail
cd "$(dirname "$0")/.."
ranges="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2122,U+2190-2193,U+2212,U+25B2-25BC,U+2605,U+2713"
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "assets/fonts/$face.ttf" --output-file="assets/fonts/$face-web.ttf" \
    --unicodes="$ranges" --layout-features='' --no-hinting --desubroutinize
done
ls -l assets/fonts/*-web.ttf

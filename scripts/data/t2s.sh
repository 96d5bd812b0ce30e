#!/bin/sh
# Builds data/text/t2s.tsv (traditional<TAB>simplified, one code point each) from
# OpenCC's TSCharacters dictionary as shipped by Debian's libopencc-data.
# Run by hand, not by the build:
#   apt-get install -y opencc        # also pulls in libopencc-data
#   sh scripts/data/t2s.sh > data/text/t2s.tsv
# Debian ships only the binary TSCharacters.ocd2; opencc_dict turns it back into
# OpenCC's text form "trad<TAB>simp1 simp2 ...". Kept: the first candidate only,
# single code points only, identity pairs dropped, sorted by traditional code point.
set -eu

OCD2="${1:-/usr/share/opencc/TSCharacters.ocd2}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

opencc_dict -i "$OCD2" -o "$tmp/TSCharacters.txt" -f ocd2 -t text >/dev/null

node - "$tmp/TSCharacters.txt" <<'EOF'
'use strict';
const fs = require('fs');
const pairs = [];
for (const line of fs.readFileSync(process.argv[2], 'utf8').split('\n')) {
  if (line === '') continue;
  const [t, cands] = line.split('\t');
  const s = cands.split(' ')[0];
  if ([...t].length !== 1 || [...s].length !== 1 || t === s) continue;
  pairs.push([t, s]);
}
pairs.sort((a, b) => a[0].codePointAt(0) - b[0].codePointAt(0));
process.stdout.write('# traditional\tsimplified\n' + pairs.map((p) => p.join('\t') + '\n').join(''));
process.stderr.write(`t2s: ${pairs.length} pairs\n`);
EOF

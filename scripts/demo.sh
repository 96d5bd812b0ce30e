#!/usr/bin/env bash
# `make demo`: imports the bundled sample decision into an embedded database (demo/luoshi.db)
# and shows what luoshi made of it: the outline, the deliverables, the targets, and how to
# look further. Safe to run again: the same document is stored once.
set -euo pipefail
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LUOSHI="$ROOT/$B/luoshi"
DB="$ROOT/demo/luoshi.db"
SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
mkdir -p "$ROOT/demo"
echo "== importing $SAMPLE into $DB"
"$LUOSHI" import "$SAMPLE" --db "$DB" --summary
echo
echo "== deliverables (documents the decision orders issued)"
"$LUOSHI" tasks 1 --kind deliverable --db "$DB"
echo
echo "== targets"
"$LUOSHI" tasks 1 --kind target --db "$DB"
echo
cat <<EOT
The sample is stored in $DB. Try:
  $B/luoshi show 1 --db $DB              the whole outline with every task
  $B/luoshi tasks 1 --place 宜宾 --db $DB  tasks naming a place
  $B/luoshi export 1 --json --db $DB      the document JSON
  $B/luoshi places 支持西昌建设成德绵同城化  what the gazetteer finds
EOT

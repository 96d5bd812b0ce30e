#!/usr/bin/env bash
# `make demo`: imports the bundled sample decision into an embedded database (demo/luoshi.db),
# shows what luoshi made of it (the deliverables, the targets), then sets up its ledger: the
# unit tree, demo accounts, the items with their lead units, and today's warnings. Safe to run
# again: the document is stored once and what exists is left as it is. (The web application
# comes with a later version; the demo prints the commands to try instead.)
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
echo "== the ledger (台账)"
if [ "$("$LUOSHI" unit list --json --db "$DB" | jq length 2>/dev/null || echo 0)" = 0 ]; then
  "$LUOSHI" unit seed --db "$DB"
fi
for who in "supervisor 督查室 supervisor 省委办公厅" "yibin 宜宾市填报员 reporter 宜宾市人民政府"; do
  set -- $who
  if ! sqlite3 "$DB" "select 1 from people where login='$1'" 2>/dev/null | grep -q 1; then
    echo 'demo-password' | "$LUOSHI" user add "$1" "$2" "$3" --unit "$4" --db "$DB" >/dev/null
    echo "account $1 ($3, $4), password demo-password"
  fi
done
"$LUOSHI" ledger create 1 --db "$DB" 2>/dev/null || echo "(the ledger exists already)"
"$LUOSHI" warnings run --db "$DB"
echo

cat <<EOT
The sample is stored in $DB. Try:
  $B/luoshi ledger list 1 --unit 宜宾市人民政府 --db $DB     宜宾's items (and its counties')
  $B/luoshi warnings list --colour red --db $DB           today's red warnings
  $B/luoshi report file ITEM --period $(date +%Y-%m) --progress 30 --as yibin --db $DB
  $B/luoshi show 1 --db $DB              the whole outline with every task
  $B/luoshi tasks 1 --place 宜宾 --db $DB  tasks naming a place
  $B/luoshi export 1 --json --db $DB      the document JSON
  $B/luoshi places 支持西昌建设成德绵同城化  what the gazetteer finds
EOT

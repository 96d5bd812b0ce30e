#!/usr/bin/env bash
# `make demo`: imports the bundled sample decision into an embedded database (demo/luoshi.db),
# sets up its ledger — the unit tree, demo accounts of every role, items with their lead units,
# a few reports, milestones and public items, the warnings of the demo's date — and serves the
# web application, printing its address. Safe to run again: the document is stored once and
# what exists is left as it is.
#
# The sample is a 2018 decision, so the demo's clock stands at DEMO_TODAY (default 2019-09-30,
# in the middle of its work) rather than today, when every deadline would long have passed.
# DEMO_LISTEN sets the address (default 127.0.0.1:8080).
set -euo pipefail
B=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LUOSHI="$ROOT/$B/luoshi"
DB="$ROOT/demo/luoshi.db"
SAMPLE="$ROOT/test/corpus/sichuan-2018-decision-page.txt"
TODAY=${DEMO_TODAY:-2019-09-30}
LISTEN=${DEMO_LISTEN:-127.0.0.1:8080}
export LUOSHI_TODAY=$TODAY
L() { "$LUOSHI" --db "$DB" "$@"; }
mkdir -p "$ROOT/demo"
echo "== importing $SAMPLE into $DB"
L import "$SAMPLE" --summary

if [ "$(L unit list --json | jq length 2>/dev/null || echo 0)" = 0 ]; then
  L unit seed >/dev/null
fi
accounts="admin 系统管理员 admin 省委办公厅
supervisor 督查室 supervisor 省委办公厅
leader 分管副省长 leader 省发展改革委
yibin 宜宾市填报员 reporter 宜宾市人民政府
luzhou 泸州市填报员 reporter 泸州市人民政府
jiaotong 交通运输厅填报员 reporter 省交通运输厅"
while read -r login name role unit; do
  if ! sqlite3 "$DB" "select 1 from people where login='$login'" 2>/dev/null | grep -q 1; then
    echo 'demo-password' | L user add "$login" "$name" "$role" --unit "$unit" >/dev/null
  fi
done <<<"$accounts"

if L ledger create 1 >/dev/null 2>&1; then
  echo "== the ledger (台账) created; assigning the demo's items"
  # Items naming 宜宾 or 泸州 go to those cities; a few reports, milestones and public items.
  n=0
  for id in $(L ledger list 1 --place 511500 --json | jq -r '.[].id' | head -n 6); do
    L ledger assign "$id" --lead 宜宾市人民政府 --deadline 2019-12-31 --leader 分管副省长 >/dev/null
    n=$((n + 1))
  done
  for id in $(L ledger list 1 --place 510500 --json | jq -r '.[].id' | head -n 4); do
    L ledger assign "$id" --lead 泸州市人民政府 --deadline 2019-09-15 >/dev/null
  done
  first=$(L ledger list 1 --unit 宜宾市人民政府 --json | jq -r '.[0].id')
  if [ -n "$first" ] && [ "$first" != null ]; then
    r=$(L report file "$first" --period 2019-08 --progress 40 --done '完成项目前期工作' --as yibin --json | jq -r .report)
    L report submit "$r" --as yibin >/dev/null
    L report accept "$r" --as supervisor >/dev/null
    L milestone add "$first" --due 2019-10-31 --title '开工建设' >/dev/null
    L milestone add "$first" --due 2019-08-31 --title '完成可研批复' >/dev/null
  fi
  # Half of the assigned items reported for September, at varied progress, so that the map
  # shows every colour: on track, behind (yellow, red), and no report (yellow).
  i=0
  for id in $(L ledger list 1 --json | jq -r '.[] | select(.lead != "") | .id' | awk 'NR % 2 == 0'); do
    i=$((i + 1))
    r=$(L report file "$id" --period 2019-09 --progress $(( (i * 37) % 100 )) --done '按计划推进' --as admin --json | jq -r .report)
    L report submit "$r" --as admin >/dev/null
    [ $((i % 3)) -ne 0 ] && L report accept "$r" --as supervisor >/dev/null
  done
  for id in $(L ledger list 1 --search 交通 --json | jq -r '.[].id' | head -n 8); do
    L ledger publish "$id" >/dev/null
  done
fi
L warnings run --date "$TODAY" >/dev/null
echo
echo "Demo accounts (password demo-password): admin, supervisor, leader (分管副省长),"
echo "yibin and luzhou (city reporters), jiaotong (交通运输厅 reporter). Demo date: $TODAY."
echo "The public page needs no login: /public"
exec "$LUOSHI" --db "$DB" serve --listen "$LISTEN" --access-log "$ROOT/demo/access.log"

#!/bin/sh
# The LED board on the console through a whole trading day in five minutes: a node on a business calendar whose
# session starts a minute from now (pre-market 1 min, market 1 min, post-market 1 min, then research), every task in
# dry run, on its own ports and journal. Watch the "LED board [...]" lines change: RESEARCH (research slow blink),
# PREP (trading slow blink), TRADING (trading on), then RESEARCH again. Stops by itself after 5 minutes.
#   conf/scripts/led-demo.sh            (from the Interlude home)
set -eu
home=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
at() { date -u -d "+$1 min" +%H:%M; }
cat >"$dir/demo.conf" <<CONF
include "$home/conf/application.conf"
interlude.calendar {
  id = "business"
  business { zone = "UTC", weekend = [], pre-market = "$(at 1)", open = "$(at 2)", close = "$(at 3)",
             after-hours-end = "$(at 4)", early-close = "$(at 3)", early-close-after-hours-end = "$(at 4)" }
}
interlude.windows { research-start-after-close = 2m, research-end-before-open = 1m }
interlude.hardware.device = console
CONF
echo "LED demo: session at $(at 2) UTC, config and journal in $dir"
INTERLUDE_PORT=0 INTERLUDE_HTTP_PORT=0 INTERLUDE_JOURNAL_H2_PATH="$dir/journal" INTERLUDE_DRY_RUN=on \
  timeout -s TERM 300 "$home/interlude" --config "$dir/demo.conf" run 2>&1 | grep --line-buffered -E "LED board|Supervisor - now" || true

#!/bin/sh
# send_alerts for the sample desk: appends one line to data/desk/alerts.log (under INTERLUDE_HOME, else the working
# directory) instead of posting to a chat. The run id is the idempotency key: a retry of a run that already wrote
# its line does not write it twice. The last line of output is the task's result.
set -eu

run_id="${INTERLUDE_RUN_ID:?INTERLUDE_RUN_ID is not set: run me from interlude}"
reason="${INTERLUDE_PARAM_REASON:-no reason given}"
desk="${INTERLUDE_HOME:-.}/data/desk"
log="$desk/alerts.log"

mkdir -p "$desk"
if [ -f "$log" ] && grep -q -F -e " $run_id " "$log"; then
    echo "already alerted for $run_id: $reason"
    exit 0
fi
printf '%s %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$run_id" "$reason" >> "$log"
echo "alerted: $reason"

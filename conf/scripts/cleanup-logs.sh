#!/bin/sh
# cleanup_logs for the sample desk: deletes *.log files older than DAYS days under DIR (default data/logs, 14 days;
# a relative DIR is under INTERLUDE_HOME, else the working directory), creating DIR when it does not exist yet so a
# fresh clone has nothing to fail on. The last line of output, the task's result, says how many files went.
#
#   conf/scripts/cleanup-logs.sh [DIR] [DAYS]
set -eu

dir="${1:-data/logs}"
days="${2:-14}"
case "$dir" in
    /*) ;;
    *) dir="${INTERLUDE_HOME:-.}/$dir" ;;
esac
case "$days" in
    ''|*[!0-9]*) echo "cleanup-logs: DAYS must be a whole number of days, got \"$days\"" >&2; exit 2 ;;
esac

mkdir -p "$dir"
removed=$(find "$dir" -type f -name '*.log' -mmin +"$((days * 1440))" -print -delete | wc -l | tr -d ' ')
echo "removed $removed log file(s) older than $days days from ${1:-data/logs}"

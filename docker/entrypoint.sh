#!/bin/sh
# The image's entry point: runs fennel.jar with JVM flags for the command, as ./fennel does.
# For `monitor` the heap is sized to --max-tasks and the serial collector returns freed memory;
# other commands get 75 % of the container's memory. FENNEL_JAVA_OPTS comes last and wins.
set -eu
opts="-XX:MaxRAMPercentage=75"
if [ "${1:-}" = "monitor" ]; then
  max_tasks=100000
  prev=""
  for a in "$@"; do
    case "$a" in
      --max-tasks=*) max_tasks="${a#--max-tasks=}" ;;
      *) if [ "$prev" = "--max-tasks" ]; then max_tasks="$a"; fi ;;
    esac
    prev="$a"
  done
  case "$max_tasks" in ''|*[!0-9]*) max_tasks=100000 ;; esac
  heap_mb=$((128 + max_tasks * 3 / 1024))
  opts="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xms32m -Xmx${heap_mb}m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=192m"
fi
# shellcheck disable=SC2086
exec java $opts ${FENNEL_JAVA_OPTS:-} -jar /app/fennel.jar "$@"

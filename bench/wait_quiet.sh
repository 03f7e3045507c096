#!/usr/bin/env bash
# bench/wait_quiet.sh [min_idle_pct=90] [max_wait_s=900]: block until the whole machine is idle
# (sampled from /proc/stat over 5 s), so a benchmark does not share the 2 cores with
# another process's build. Prints the idle % it saw; exit 1 if it never got quiet.
MIN=${1:-90}; MAX=${2:-900}; t0=$(date +%s)
while :; do
  read -r _ a b c d e f g h _ < /proc/stat; t1=$((a+b+c+d+e+f+g+h)); i1=$((d+e)); sleep 5
  read -r _ a b c d e f g h _ < /proc/stat; t2=$((a+b+c+d+e+f+g+h)); i2=$((d+e))
  idle=$(( 100 * (i2 - i1) / (t2 - t1) ))
  [ "$idle" -ge "$MIN" ] && { echo "quiet: idle ${idle}%"; exit 0; }
  [ $(( $(date +%s) - t0 )) -ge "$MAX" ] && { echo "never quiet: idle ${idle}%"; exit 1; }
done

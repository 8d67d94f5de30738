#!/usr/bin/env bash
# Interleaved timings of copies that run.sh already built (issue 18: a noisy shared machine, so A B A B, never A A B B):
#
#   tools/realworld/interleaved.sh <libs/NAME.sh> <rounds> <test|build> <label>=<copy folder> ...
#
#   test:  `dotnet test --no-build` of the library's test project, with nobody listening (REALWORLD_SPAN_FILE unset,
#          so the span counter of after/ copies stays off), wall time and the test host's CPU time;
#   build: `dotnet build --no-restore --no-incremental` of the test project (library included), wall time.
# Prints one line per run (round, label, seconds) and the median per label. Nothing is written in the copies but obj/bin.
set -uo pipefail
config="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"; rounds="$2"; what="$3"; shift 3
retarget() { :; }; add_property() { :; }; add_package() { :; }
# shellcheck disable=SC1090
source "$config"
declare -A times host
for round in $(seq 1 "$rounds"); do
  for pair in "$@"; do
    label="${pair%%=*}"; dir="${pair#*=}"
    cd "$dir" || exit 1
    t0=$(date +%s.%N)
    if [ "$what" = test ]; then
      env -u REALWORLD_SPAN_FILE dotnet test "$TEST_PROJECT" -c Release --no-build >/tmp/interleaved.$$.log 2>&1
    else
      dotnet build "$TEST_PROJECT" -c Release --no-restore --no-incremental -p:TreatWarningsAsErrors=false >/tmp/interleaved.$$.log 2>&1
    fi
    rc=$?
    t1=$(date +%s.%N)
    s=$(python3 -c "print(f'{$t1-$t0:.1f}')")
    times[$label]="${times[$label]:-} $s"
    extra=""
    if [ "$what" = test ]; then
      # The test host's own duration (without dotnet test's start-up), and the counts: a suite with known failures
      # (rc=1) is still timed, and the two copies must fail the same tests.
      hostd=$(grep -oE 'Duration: [0-9.]+ (ms|s)' /tmp/interleaved.$$.log | tail -1 | awk '{ print ($3 == "ms") ? $2 / 1000 : $2 }')
      counts=$(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+' /tmp/interleaved.$$.log | tail -1 | tr -s ' ')
      host[$label]="${host[$label]:-} ${hostd:-nan}"
      extra=" host=${hostd:-?}s ($counts)"
    fi
    echo "round $round $what $label ${s}s rc=$rc$extra load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
rm -f /tmp/interleaved.$$.log
for pair in "$@"; do
  label="${pair%%=*}"
  python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[2:]]; print(f'median {sys.argv[1]}: {statistics.median(v):.1f}s of {v}')" "$label" ${times[$label]}
  if [ -n "${host[$label]:-}" ]; then
    python3 -c "import statistics,sys; v=[float(x) for x in sys.argv[2:]]; print(f'median {sys.argv[1]} (test host): {statistics.median(v):.2f}s of {v}')" "$label" ${host[$label]}
  fi
done

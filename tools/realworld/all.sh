#!/usr/bin/env bash
# Every library of libs/ in turn: tools/realworld/all.sh <checkouts folder> <feed> <version> <work folder>
# expects <checkouts folder>/{stateless,GuardClauses,Cronos} (see docs/real-world.md).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$1"; feed="$2"; version="$3"; work="$4"
"$here/run.sh" "$root/stateless"    "$here/libs/stateless.sh"       "$feed" "$version" "$work"
"$here/run.sh" "$root/GuardClauses" "$here/libs/guardclauses.sh"    "$feed" "$version" "$work"
"$here/run.sh" "$root/Cronos"       "$here/libs/cronos-csharp12.sh" "$feed" "$version" "$work"
"$here/run.sh" "$root/Cronos"       "$here/libs/cronos.sh"          "$feed" "$version" "$work"

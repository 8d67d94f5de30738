# Shared by benchmarks/e2e*.sh (sourced from the repository root): the two builds of EdgeIngest they compare and the
# load generator, and a free local port.
#   e2e_build WORK   builds WORK/on (instrumented), WORK/off (-p:InstrumentationEnabled=false) and the load generator;
#                    sets $loadgen; dll on|off prints the path of a build's EdgeIngest.dll. With E2E_BASELINE=DIR (a
#                    checkout of another commit, e.g. `git worktree add /tmp/base HEAD~1`) WORK/off is DIR's
#                    instrumented build instead: "off" / "compiled out" in the tables then means that baseline.

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

e2e_build() {
  e2e_work=$1
  dotnet build samples/EdgeIngest -c Release -nologo -clp:ErrorsOnly --artifacts-path "$e2e_work/on" >/dev/null
  if [ -n "${E2E_BASELINE:-}" ]; then
    # "off" is then the instrumented build of another checkout (an older commit: git worktree add DIR REV).
    dotnet build "$E2E_BASELINE/samples/EdgeIngest" -c Release -nologo -clp:ErrorsOnly --artifacts-path "$e2e_work/off" >/dev/null
  else
    dotnet build samples/EdgeIngest -c Release -nologo -clp:ErrorsOnly --artifacts-path "$e2e_work/off" -p:InstrumentationEnabled=false >/dev/null
  fi
  dotnet build samples/EdgeIngest.LoadGen -c Release -nologo -clp:ErrorsOnly >/dev/null
  loadgen=samples/EdgeIngest.LoadGen/bin/Release/net10.0/EdgeIngest.LoadGen.dll
}

dll() { echo "$e2e_work/$1/bin/EdgeIngest/release/EdgeIngest.dll"; }

# e2e_fresh_store FILE.db: removes the SQLite file a run is given and the funnel file next to it (FILE.funnel.db), with
# their -wal/-shm, so every run starts from empty stores (E2E_WORK keeps old ones).
e2e_fresh_store() { local db=$1; rm -f "$db" "$db"-* "${db%.db}.funnel.db" "${db%.db}.funnel.db"-*; }

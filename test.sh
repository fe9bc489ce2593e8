#!/usr/bin/env bash
# Runs every Atlas test on a fresh Debian/Ubuntu machine with the .NET 10 SDK:
# installs what the tests need (when root), builds the solution, runs each test project,
# and ends with one totals line: "N passed, N failed, N skipped". Exits non-zero on any failure.
#   ./test.sh                 everything
#   ./test.sh --filter EXPR   passes a dotnet test filter through (e.g. --filter FullyQualifiedName~Bank)
set -euo pipefail
cd "$(dirname "$0")"

configuration="${CONFIGURATION:-Release}"
# Test assemblies and test classes run in parallel; one libtorch/OpenMP thread each avoids oversubscribing the cores.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
results="artifacts/test-results"

# --- system packages the tests use: a real MQTT broker and clients, and the real Fashion-MNIST files ---
missing=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
fmnist="${ATLAS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}"
[ -f "$fmnist/train-images-idx3-ubyte.gz" ] || [ -f "$fmnist/train-images-idx3-ubyte" ] || missing+=(dataset-fashion-mnist)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: missing ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    echo "         (or point ATLAS_FASHION_MNIST at a folder with the Fashion-MNIST IDX files)" >&2
    exit 2
  fi
fi

# --- build once, then test without rebuilding ---
dotnet build Atlas.sln -c "$configuration" -nologo -v quiet -clp:ErrorsOnly
rm -rf "$results"
status=0
dotnet test Atlas.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$results" "$@" || status=$?

# --- totals from the TRX files (one per test project) ---
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$(get total); ok=$(get passed); bad=$(get failed); errs=$(get error); timeouts=$(get timeout); aborted=$(get aborted)
  passed=$((passed + ok))
  failed=$((failed + bad + errs + timeouts + aborted))
  skipped=$((skipped + total - ok - bad - errs - timeouts - aborted))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$status" -ne 0 ]; then exit 1; fi

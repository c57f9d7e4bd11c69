#!/usr/bin/env bash
# Evaluates and benchmarks rag-core (see bench/README.md).
#
#   bench/ir.sh DIR                  retrieval quality on a BEIR-layout collection (corpus.jsonl, queries.jsonl,
#                                    qrels.tsv); the last line is "nDCG@10=... R@100=... MAP@100=..."
#   bench/ir.sh --latency DIR        search latency at 10k and 100k synthetic chunks, query embedding, heap
#   bench/ir.sh --throughput DIR     raw model throughput vs end-to-end chunk + embed throughput
#   bench/ir.sh --product DIR        retrieval quality through the running product: uploads over REST, the ingester
#                                    (Tika, chunker, embedder, PostgreSQL), the API's search; starts its own
#                                    product (deploy/local/cyberbrain, embedded PostgreSQL, ports 9695-9698) unless
#                                    CYBERBRAIN_URL and CYBERBRAIN_TOKEN name an empty one
#   add --no-cache to recompute the corpus embeddings instead of reading bench/target/ir-cache
#
# Builds rag-core with Maven (parent + module only), asks Maven for its runtime classpath, compiles the
# harness with javac --release 17 into bench/target/ir-classes and runs it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

args=()
data=""
product=false
for a in "$@"; do
    case "$a" in
        --product) product=true ;;
        --*) args+=("$a") ;;
        *) data="$a" ;;
    esac
done
if [ -z "$data" ]; then
    echo "usage: $0 [--latency|--throughput] [--no-cache] DIR" >&2
    exit 2
fi
if [ ! -d "$data" ]; then
    echo "error: data directory not found: $data" >&2
    exit 2
fi
data="$(cd "$data" && pwd)"

out="$here/target"
mkdir -p "$out"
(cd "$root" && ./mvnw -B -q -pl rag-core -am package dependency:build-classpath -DskipTests \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$out/rag-core.classpath" >&2)
cp="$root/rag-core/target/classes:$(cat "$out/rag-core.classpath")"

rm -rf "$out/ir-classes"
mkdir -p "$out/ir-classes"
javac --release 17 -encoding UTF-8 -cp "$cp" -d "$out/ir-classes" \
    "$here"/src/main/java/io/cyberbrain/bench/IrHarness.java "$here"/src/main/java/io/cyberbrain/bench/IrProductHarness.java \
    "$here"/src/main/java/io/cyberbrain/bench/MiniJson.java

if $product; then
    if [ -z "${CYBERBRAIN_URL:-}" ]; then
        home=$(mktemp -d)
        chmod 755 "$home" # the embedded PostgreSQL runs as another user and must reach its data folder
        export CYBERBRAIN_HOME=$home CYBERBRAIN_PORT=9695 CYBERBRAIN_SCHEDULER_PORT=9696 \
            CYBERBRAIN_INGESTER_PORT=9697 CYBERBRAIN_LAUNCHER_PORT=9698 CYBERBRAIN_DB_PORT=54429
        trap '"$root/deploy/local/cyberbrain" down >&2 || true; rm -rf "$home"' EXIT
        "$root/deploy/local/cyberbrain" up >&2
        export CYBERBRAIN_URL=http://127.0.0.1:$CYBERBRAIN_PORT
        CYBERBRAIN_TOKEN=$(cat "$home/admin-token")
        export CYBERBRAIN_TOKEN
    fi
    java -cp "$out/ir-classes:$cp" io.cyberbrain.bench.IrProductHarness "$data"
    exit
fi
# The latency mode holds a 100k-chunk index (vectors + postings); 3 GB leaves room for the GC.
exec java -Xmx3g -Dir.cache="$out/ir-cache" -Dslf4j.internal.verbosity=WARN \
    -cp "$out/ir-classes:$cp" io.cyberbrain.bench.IrHarness "${args[@]}" "$data"

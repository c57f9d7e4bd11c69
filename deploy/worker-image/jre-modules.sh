#!/bin/sh
# Prints the JDK modules the worker needs, comma separated, for jlink:
#   jre-modules.sh WORKER_DIR [JDK_HOME]      (WORKER_DIR holds the worker jar and lib/*.jar)
# A jar with a module descriptor (Jackson) declares what it needs: its non-static `requires` of JDK modules
# (Jackson's java.desktop/java.sql/java.xml are `requires static`: optional, unused by the worker). Any
# other jar is scanned with jdeps. jdk.crypto.ec is always added: TLS loads it as a security provider,
# which no scan can see (an HTTPS endpoint with an EC certificate needs it). WORKER_JRE_EXTRA_MODULES
# (comma separated) adds more. Used by build.sh and by the Dockerfile.
set -eu
dir="${1:?usage: jre-modules.sh WORKER_DIR [JDK_HOME]}"
jdk="${2:-${JAVA_HOME:-}}"
if [ -n "$jdk" ]; then jar_tool="$jdk/bin/jar"; jdeps_tool="$jdk/bin/jdeps"; else jar_tool=jar; jdeps_tool=jdeps; fi

found="java.base jdk.crypto.ec $(echo "${WORKER_JRE_EXTRA_MODULES:-}" | tr ',' ' ')"
for jar in "$dir"/*.jar "$dir"/lib/*.jar; do
    [ -f "$jar" ] || continue
    descriptor="$("$jar_tool" --describe-module --file "$jar" --release 17 2>/dev/null || true)"
    first="$(printf '%s\n' "$descriptor" | head -n 1)"
    case "$first" in
        *@*automatic*|"" | "No module descriptor"*)
            found="$found $("$jdeps_tool" --multi-release 17 --ignore-missing-deps -s "$jar" 2>/dev/null \
                | awk '$2 == "->" && $3 ~ /^(java|jdk)\./ {print $3}' || true)" ;;
        *@*)
            found="$found $(printf '%s\n' "$descriptor" \
                | awk '$1 == "requires" && $0 !~ / static/ && $2 ~ /^(java|jdk)\./ {print $2}')" ;;
        *)
            found="$found $("$jdeps_tool" --multi-release 17 --ignore-missing-deps -s "$jar" 2>/dev/null \
                | awk '$2 == "->" && $3 ~ /^(java|jdk)\./ {print $3}' || true)" ;;
    esac
done
echo "$found" | tr ' ' '\n' | grep -v '^$' | sort -u | paste -sd, -

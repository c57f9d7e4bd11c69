#!/bin/sh
# The JVM app: java.util.logging with the JDK SimpleFormatter (default format, zone UTC) and
# with a logback-style pattern; WARNING/SEVERE records carry stack traces with causes.
set -u
OUT=${1:?output dir}
mkdir -p "$OUT/jvm"
TZ=UTC java -Duser.timezone=UTC -Duser.language=en -Duser.country=US "$(dirname "$0")/OrderApp.java" "$OUT/jvm"
rm -f "$OUT"/jvm/*.lck

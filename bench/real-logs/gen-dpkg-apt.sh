#!/bin/sh
# Real lines of this machine's package logs: the tail of dpkg.log (the last install run) and the
# last entries of apt's history.log. (The generator installs prometheus and podman with apt-get
# first when they are missing, which is what these lines record.)
set -u
OUT=${1:?output dir}
mkdir -p "$OUT/dpkg" "$OUT/apt"
tail -n 300 /var/log/dpkg.log > "$OUT/dpkg/dpkg.log"
# whole entries only: from the 4th-last Start-Date to the end
awk '/^Start-Date:/{n++} {l[NR]=$0; s[NR]=n} END{for(i=1;i<=NR;i++) if (s[i] > n-4) print l[i]}' /var/log/apt/history.log > "$OUT/apt/history.log"

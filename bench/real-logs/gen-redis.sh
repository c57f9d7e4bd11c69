#!/bin/sh
# Throwaway redis-server (port 16379, loglevel debug, logfile): client commands, a failing
# replication to a closed port, a failing BGSAVE, then DEBUG SEGFAULT for a crash report.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/rediscorpus.XXXXXX)
mkdir -p "$OUT/redis"
cd $W && redis-server --port 16379 --bind 127.0.0.1 --dir $W --logfile $W/redis.log --loglevel debug \
  --enable-debug-command yes --save "" --daemonize no --maxclients 20 --pidfile $W/pid &
sleep 1
R="redis-cli -p 16379"
$R set k v >/dev/null; $R lpush q a b c >/dev/null
$R -a wrongpass ping >/dev/null 2>&1
$R config set maxmemory 1mb >/dev/null
$R replicaof 127.0.0.1 16390 >/dev/null; sleep 3.5
$R replicaof no one >/dev/null
# the save directory disappears under the server: BGSAVE and SAVE fail
mkdir $W/gone; $R config set dir $W/gone >/dev/null; rmdir $W/gone
$R bgsave >/dev/null; sleep 1
$R save >/dev/null 2>&1
$R config set dir $W >/dev/null
$R bgsave >/dev/null; sleep 1
$R client kill 127.0.0.1:1 >/dev/null 2>&1
$R debug sleep 0 >/dev/null
$R debug segfault >/dev/null 2>&1
sleep 2
cp $W/redis.log "$OUT/redis/redis-server.log"
rm -rf "$W"

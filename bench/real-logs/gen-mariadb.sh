#!/bin/sh
# Throwaway mariadbd (port 33307, own datadir and socket) with --log-error: bad logins,
# a crashed MyISAM table, an unknown option, a kill -9 and the crash recovery after it.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/mdbcorpus.XXXXXX); chown mysql "$W"
mkdir -p "$OUT/mariadb"
LOG=$W/error.log
OPTS="--no-defaults --datadir=$W/data --socket=$W/sock --port=33307 --bind-address=127.0.0.1 --pid-file=$W/pid --log-error=$LOG --log-warnings=4 --user=mysql --skip-log-bin"
mariadb-install-db --no-defaults --datadir=$W/data --user=mysql --auth-root-authentication-method=normal >/dev/null 2>&1
start() { mariadbd $OPTS "$@" & echo $! > $W/mpid; for i in $(seq 60); do [ -S $W/sock ] && break; sleep 0.5; done; }
C="mariadb --no-defaults -S $W/sock -u root"
start
$C -e "create database shop; create user app@'127.0.0.1' identified by 'right'; grant select on shop.* to app@'127.0.0.1';
 create table shop.m (id int primary key, v varchar(20)) engine=MyISAM; insert into shop.m values (1,'a'),(2,'b');
 create table shop.i (id int primary key) engine=InnoDB; insert into shop.i values (1);"
for i in 1 2 3; do mariadb --no-defaults -h 127.0.0.1 -P 33307 -u app -pwrong -e 'select 1' 2>/dev/null; done
mariadb --no-defaults -h 127.0.0.1 -P 33307 -u ghost -pghost -e 'select 1' 2>/dev/null
mariadb --no-defaults -h 127.0.0.1 -P 33307 -u app -pright -e 'drop table shop.i' 2>/dev/null
mariadb --no-defaults -h 127.0.0.1 -P 33307 -u app -pright -e 'select * from shop.nosuch' 2>/dev/null
# a connection that drops without quitting
(printf 'x' | timeout 1 nc 127.0.0.1 33307 >/dev/null 2>&1) || true
python3 - "$W/sock" <<'PY' || true
import socket,sys
s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.recv(1024); s.close()
PY
$C -e "flush tables"
# damage the MyISAM index so the server reports the table as crashed
printf 'garbage-garbage-garbage' | dd of=$W/data/shop/m.MYI bs=1 seek=0 conv=notrunc 2>/dev/null
$C -e "select * from shop.m" 2>/dev/null
$C -e "check table shop.m" >/dev/null 2>&1
$C -e "repair table shop.m" >/dev/null 2>&1
$C -e "set global max_connections=5; set global innodb_buffer_pool_size=2*1024*1024*1024" 2>/dev/null
$C -e "insert into shop.i select seq from seq_2_to_20000" 2>/dev/null
# crash: kill -9 during a write, then restart -> InnoDB crash recovery
$C -e "begin; insert into shop.i select seq from seq_20001_to_60000; select sleep(3)" 2>/dev/null &
sleep 1.5
kill -9 $(cat $W/mpid); sleep 1
start
$C -e "select count(*) from shop.i" >/dev/null 2>&1
$C -e "shutdown" 2>/dev/null; sleep 2
# an unknown option: the server refuses to start
mariadbd $OPTS --no-such-option=1 >/dev/null 2>&1
# a second instance on the same datadir while none runs but the port is taken by a listener
start; mariadbd $OPTS >/dev/null 2>&1
$C -e "shutdown" 2>/dev/null; sleep 2
cp $LOG "$OUT/mariadb/error.log"
rm -rf "$W"

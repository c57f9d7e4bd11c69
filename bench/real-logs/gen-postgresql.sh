#!/bin/sh
# Throwaway PostgreSQL clusters (port 55432/55433) logging to stderr files; provokes
# errors with DETAIL/HINT/STATEMENT/CONTEXT continuation lines. Run as root; uses user postgres.
set -u
OUT=${1:?output dir}
BIN=$(ls -d /usr/lib/postgresql/*/bin | tail -1)
W=$(mktemp -d /tmp/pgcorpus.XXXXXX); chown postgres "$W"
mkdir -p "$OUT/postgresql"
run() { su postgres -s /bin/sh -c "$*"; }
cluster() { # name port prefix
  name=$1 port=$2 prefix=$3
  run "$BIN/initdb -D $W/$name -U postgres -A trust >/dev/null"
  run "$BIN/pg_ctl -D $W/$name -l $W/$name.log -w -o \"-p $port -k $W -c logging_collector=off -c log_line_prefix='$prefix' -c log_connections=on -c log_disconnections=on -c log_min_messages=info -c log_checkpoints=on -c log_lock_waits=on -c deadlock_timeout=200ms\" start >/dev/null"
  P="$BIN/psql -X -q -h $W -p $port -U postgres"
  run "$P -d postgres -c 'create database shop'" 2>/dev/null
  run "$P -d shop" <<'SQL' >/dev/null 2>&1
create table customer(id int primary key, email text unique not null, age int check (age > 0));
insert into customer values (1,'a@example.org',30);
insert into customer values (1,'b@example.org',31);
insert into customer values (2,'a@example.org',32);
insert into customer values (3,'c@example.org',-4);
insert into customer values (4,null,20);
select * from custmer;
select nme from customer;
select 1/0;
create table orders(id int primary key, customer_id int references customer(id));
insert into orders values (1, 99);
delete from customer where id = 1;
insert into orders values (2, 1);
delete from customer where id = 1;
do $$ begin raise notice 'cleanup of % rows', 3; raise warning 'slow path taken for %', 'customer'; end $$;
create function f_fail(x int) returns int language plpgsql as $$ begin return x / 0; end $$;
select f_fail(7);
select pg_sleep(0.1);
set lock_timeout = '300ms';
select 'abc'::int;
select * from generate_series(1,3) g where g = 'x';
commit;
vacuum full customer;
checkpoint;
SQL
  run "$P -d nosuchdb -c 'select 1'" >/dev/null 2>&1
  run "$P -U nobody -d shop -c 'select 1'" >/dev/null 2>&1
  # a lock wait and a deadlock
  run "$P -d shop -c 'create table acct(id int primary key, bal int); insert into acct values (1,10),(2,20)'" >/dev/null 2>&1
  run "$P -d shop" <<'SQL' >/dev/null 2>&1 &
begin; update acct set bal=bal+1 where id=1; select pg_sleep(1); update acct set bal=bal+1 where id=2; commit;
SQL
  sleep 0.3
  run "$P -d shop" <<'SQL' >/dev/null 2>&1
begin; update acct set bal=bal+1 where id=2; select pg_sleep(0.4); update acct set bal=bal+1 where id=1; commit;
SQL
  wait
  run "$P -d shop -c 'checkpoint'" >/dev/null 2>&1
  # an unclean stop followed by crash recovery
  run "$BIN/pg_ctl -D $W/$name -m immediate stop >/dev/null"
  run "$BIN/pg_ctl -D $W/$name -l $W/$name.log -w -o \"-p $port -k $W -c logging_collector=off -c log_line_prefix='$prefix' -c log_connections=on -c log_disconnections=on\" start >/dev/null"
  run "$P -d shop -c 'select count(*) from customer'" >/dev/null 2>&1
  run "$BIN/pg_ctl -D $W/$name -m fast -w stop >/dev/null"
  cp "$W/$name.log" "$OUT/postgresql/$name.log"
}
cluster debian-prefix 55432 '%m [%p] %q%u@%d '
cluster pid-prefix 55433 '%t [%p]: [%l-1] user=%u,db=%d,app=%a,client=%h '
rm -rf "$W"

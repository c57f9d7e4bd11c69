#!/bin/sh
# Throwaway mosquitto (port 11883, password file, log_dest file, log_type all): good and bad
# logins, an unauthorised publish, malformed CONNECTs, a persistence directory that does not exist.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/mqcorpus.XXXXXX); chown mosquitto "$W"
mkdir -p "$OUT/mosquitto"
mosquitto_passwd -b -c $W/passwd sensor s3cret 2>/dev/null
printf 'user sensor\ntopic readwrite sensors/#\n' > $W/acl
chown mosquitto $W/passwd $W/acl 2>/dev/null
cat > $W/m.conf <<CONF
listener 11883 127.0.0.1
allow_anonymous false
password_file $W/passwd
acl_file $W/acl
log_dest file $W/mosquitto.log
log_type all
connection_messages true
persistence true
persistence_location $W/missing-dir/
autosave_interval 2
max_keepalive 10
CONF
mosquitto -c $W/m.conf & MPID=$!
sleep 1
P="mosquitto_pub -h 127.0.0.1 -p 11883"
$P -u sensor -P s3cret -t sensors/t1 -m 21.5 -q 1
$P -u sensor -P wrong -t sensors/t1 -m 1 2>/dev/null
$P -t sensors/t1 -m 1 2>/dev/null
$P -u ghost -P x -t sensors/t1 -m 1 2>/dev/null
$P -u sensor -P s3cret -t admin/reboot -m now -q 1 2>/dev/null
$P -u sensor -P s3cret -i same-id -t sensors/t2 -m 1 -q 2
timeout 3 mosquitto_sub -h 127.0.0.1 -p 11883 -u sensor -P s3cret -i same-id -t sensors/# -k 5 >/dev/null 2>&1 & SPID=$!
sleep 0.5
$P -u sensor -P s3cret -i same-id -t sensors/t3 -m 2
python3 - <<'PY'
import socket, time
s = socket.create_connection(("127.0.0.1", 11883)); s.sendall(b"\x10\x05garbage"); time.sleep(0.3); s.close()
s = socket.create_connection(("127.0.0.1", 11883)); s.sendall(b"GET / HTTP/1.0\r\n\r\n"); time.sleep(0.3); s.close()
# CONNECT with keepalive 2s, then silence: the broker drops the client
pkt = b"\x00\x04MQTT\x04\xc2\x00\x02" + b"\x00\x06silent" + b"\x00\x06sensor" + b"\x00\x06s3cret"
s = socket.create_connection(("127.0.0.1", 11883)); s.sendall(bytes([0x10, len(pkt)]) + pkt); time.sleep(4); s.close()
PY
wait $SPID
kill -HUP $MPID; sleep 0.5
kill $MPID; wait $MPID 2>/dev/null
cp $W/mosquitto.log "$OUT/mosquitto/mosquitto.log"
rm -rf "$W"

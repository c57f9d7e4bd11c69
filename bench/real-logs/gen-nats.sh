#!/bin/sh
# Throwaway nats-server (port 14222, -D debug, log file) with user/password auth;
# raw TCP clients send bad credentials, malformed protocol, oversized payloads.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/natscorpus.XXXXXX)
mkdir -p "$OUT/nats"
cat > $W/nats.conf <<CONF
port: 14222
host: 127.0.0.1
http: 127.0.0.1:18222
max_payload: 1024
authorization { users = [ {user: app, password: s3cret} ] }
jetstream { store_dir: "$W/js" }
CONF
nats-server -c $W/nats.conf -D -l $W/nats.log & NPID=$!
sleep 1.5
python3 - <<'PY'
import socket, time
def talk(*lines, wait=0.3):
    s = socket.create_connection(("127.0.0.1", 14222)); s.recv(4096)
    for l in lines:
        try: s.sendall(l.encode())
        except OSError: break
        time.sleep(0.05)
    time.sleep(wait)
    try: s.recv(65536)
    except OSError: pass
    s.close()
talk('CONNECT {"user":"app","pass":"wrong","verbose":false}\r\nPING\r\n')
talk('CONNECT {"user":"nobody","pass":"x","verbose":false}\r\nPING\r\n')
talk('PING\r\n')
talk('CONNECT {"user":"app","pass":"s3cret","verbose":false,"name":"orders-svc"}\r\nSUB orders.* 1\r\nPUB orders.new 5\r\nhello\r\nPING\r\n')
talk('CONNECT {"user":"app","pass":"s3cret","verbose":false}\r\nPUB big 4096\r\n' + 'x'*4096 + '\r\n')
talk('CONNECT {"user":"app","pass":"s3cret","verbose":false}\r\nFOO bar\r\n')
talk('CONNECT {"user":"app","pass":"s3cret","verbose":false}\r\nSUB\r\n')
talk('CONNECT {"user":"app","pass":"s3cret"', wait=0.2)
talk('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
PY
curl -s http://127.0.0.1:18222/varz >/dev/null; curl -s http://127.0.0.1:18222/nosuch >/dev/null
kill -HUP $NPID; sleep 0.5   # reload
kill -USR1 $NPID 2>/dev/null; sleep 0.3
kill $NPID; wait $NPID
cp $W/nats.log "$OUT/nats/nats-server.log"
rm -rf "$W"

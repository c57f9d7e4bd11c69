#!/bin/sh
# RabbitMQ (the machine's running node, left as it is): raw AMQP 0-9-1 clients log in with
# a wrong password, an unknown user, a bad protocol header and a vhost that does not exist;
# rabbitmqctl creates and deletes a throwaway vhost and user. Copies the node's log file.
set -u
OUT=${1:?output dir}
LOG=$(ls /var/log/rabbitmq/rabbit@*.log | grep -v upgrade | head -1)
mkdir -p "$OUT/rabbitmq"
python3 - <<'PY'
import socket, struct, time
def table(d):
    out = b""
    for k, v in d.items():
        kb = k.encode(); vb = v.encode()
        out += bytes([len(kb)]) + kb + b"S" + struct.pack(">I", len(vb)) + vb
    return struct.pack(">I", len(out)) + out
def shortstr(s): b = s.encode(); return bytes([len(b)]) + b
def longstr(b): return struct.pack(">I", len(b)) + b
def frame(payload): return struct.pack(">BHI", 1, 0, len(payload)) + payload + b"\xce"
def recv_all(s, wait=0.5):
    s.settimeout(wait); data = b""
    try:
        while True:
            d = s.recv(65536)
            if not d: break
            data += d
    except OSError: pass
    return data
def login(user, pw, vhost="/", header=b"AMQP\x00\x00\x09\x01"):
    s = socket.create_connection(("127.0.0.1", 5672)); s.sendall(header)
    if not recv_all(s, 1.0) or header[:4] != b"AMQP" or header[5:] != b"\x00\x09\x01":
        s.close(); return
    start_ok = struct.pack(">HH", 10, 11) + table({"product": "corpus-client"}) + shortstr("PLAIN") \
        + longstr(b"\0" + user.encode() + b"\0" + pw.encode()) + shortstr("en_US")
    s.sendall(frame(start_ok)); data = recv_all(s, 1.0)
    if data[7:11] == struct.pack(">HH", 10, 30):   # tune
        s.sendall(frame(struct.pack(">HHHIH", 10, 31, 2047, 131072, 60)))
        s.sendall(frame(struct.pack(">HH", 10, 40) + shortstr(vhost) + shortstr("") + b"\x00"))
        data = recv_all(s, 1.0)
        if data[7:11] == struct.pack(">HH", 10, 41):   # open-ok: close politely... or not
            if vhost == "/":
                s.sendall(frame(struct.pack(">HHH", 10, 50, 200) + shortstr("bye") + struct.pack(">HH", 0, 0)))
                recv_all(s, 0.5)
    s.close()
login("guest", "wrong-password")
login("guest", "Guest")
login("nobody", "guest")
login("guest", "guest", vhost="/no-such-vhost")
login("guest", "guest")                      # a connection dropped without closing
login("guest", "guest", vhost="/")
login("", "", header=b"AMQP\x00\x00\x08\x00")  # old protocol version
s = socket.create_connection(("127.0.0.1", 5672)); s.sendall(b"GET / HTTP/1.1\r\n\r\n"); recv_all(s, 1.0); s.close()
s = socket.create_connection(("127.0.0.1", 5672)); time.sleep(0.2); s.close()   # connects, says nothing
PY
rabbitmqctl add_vhost corpus-tmp >/dev/null 2>&1
rabbitmqctl add_user corpus-user corpus-pass >/dev/null 2>&1
rabbitmqctl authenticate_user corpus-user not-the-pass >/dev/null 2>&1
rabbitmqctl set_permissions -p corpus-tmp corpus-user '.*' '.*' '.*' >/dev/null 2>&1
rabbitmqctl delete_user corpus-user >/dev/null 2>&1
rabbitmqctl delete_vhost corpus-tmp >/dev/null 2>&1
rabbitmqctl delete_vhost corpus-tmp >/dev/null 2>&1
sleep 1
# the Erlang cookie hash is a secret of this node: masked
sed -E "s/(cookie hash +: ).*/\1XXXXXXXXXXXXXXXXXXXXXX==/" "$LOG" > "$OUT/rabbitmq/rabbit.log"

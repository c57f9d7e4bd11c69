#!/usr/bin/env python3
"""Label every physical line of the real-log corpus with its truth.

Usage: python3 label.py CORPUS_DIR     writes <name>.truth.jsonl beside every <name>.log

Each format is read from its own documentation (cited per labeller below), not from any parser of
the product. One object per physical line:
  line, entry_start, ts (ISO-8601 UTC, to the precision the line shows, or null), level
  (TRACE DEBUG INFO NOTICE WARN ERROR FATAL or null), message (text after the header),
  ts_text (the timestamp as written), leak_tokens (header texts that must not stay in the message).
Corpus rules (README.md): a line without its format's header continues the entry above it;
continuation lines carry level null (the entry's level is on its first line); a zone-less stamp
is a UTC instant (the machine that wrote the logs runs in UTC).
"""
import calendar
import json
import os
import re
import sys
import time

MONTHS = {m: i for i, m in enumerate(("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def iso(y, mo, d, h, mi, s, frac="", offset_minutes=0):
    """A UTC instant with exactly the fractional digits the line shows."""
    secs = calendar.timegm((int(y), int(mo), int(d), int(h), int(mi), int(s), 0, 0, 0)) - offset_minutes * 60
    out = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs))
    return out + ("." + frac if frac else "") + "Z"


def row(entry_start, ts=None, level=None, message="", ts_text=None, leak=()):
    return {"entry_start": entry_start, "ts": ts, "level": level, "message": message, "ts_text": ts_text,
            "leak_tokens": [t for t in leak if t]}


def cont(line):
    return row(False, message=line)


# --- PostgreSQL stderr (docs: runtime-config-logging, log_line_prefix and "Message Severity Levels").
# The prefix is whatever log_line_prefix says; the severity word and two spaces follow it.
# DETAIL/HINT/QUERY/CONTEXT/LOCATION/STATEMENT are further parts of the message above.
PG_LEVELS = {"DEBUG1": "DEBUG", "DEBUG2": "DEBUG", "DEBUG3": "DEBUG", "DEBUG4": "DEBUG", "DEBUG5": "DEBUG",
             "LOG": "INFO", "INFO": "INFO", "NOTICE": "NOTICE", "WARNING": "WARN", "ERROR": "ERROR",
             "FATAL": "FATAL", "PANIC": "FATAL"}
PG_PARTS = ("DETAIL", "HINT", "QUERY", "CONTEXT", "LOCATION", "STATEMENT")
PG_RE = re.compile(r"^(?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)(?:\.(?P<f>\d+))? (?P<zone>UTC|GMT))"
                   r" (?P<pid>\[\d+\]:?) (?P<mid>.*?)(?P<sev>" + "|".join(list(PG_LEVELS) + list(PG_PARTS)) + r"):  (?P<msg>.*)$")


def label_postgresql(lines):
    out = []
    for line in lines:
        m = PG_RE.match(line)
        if not m:
            out.append(cont(line))          # tab-indented lines of a multi-line DETAIL etc.
            continue
        ts = iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"], m["f"] or "")
        mid = m["mid"].strip()
        leak = [m["ts"], m["pid"], m["sev"] + ":"] + mid.split(" ")
        if m["sev"] in PG_PARTS:
            out.append(row(False, ts, None, m["msg"], m["ts"], leak))
        else:
            out.append(row(True, ts, PG_LEVELS[m["sev"]], m["msg"], m["ts"], leak))
    return out


# --- MariaDB error log (docs: mariadb.com "Error Log", format "YYYY-MM-DD HH:MM:SS <thread id> [<level>] message").
MARIA_LEVELS = {"Note": "INFO", "Warning": "WARN", "ERROR": "ERROR", "System": "INFO"}
MARIA_RE = re.compile(r"^(?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) +(?P<h>\d\d?):(?P<mi>\d\d):(?P<s>\d\d)) (?P<tid>\d+) \[(?P<lvl>Note|Warning|ERROR|System)\] (?P<msg>.*)$")


def label_mariadb(lines):
    out = []
    for line in lines:
        m = MARIA_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        ts = iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"])
        out.append(row(True, ts, MARIA_LEVELS[m["lvl"]], m["msg"], m["ts"], [m["ts"], "%s [%s]" % (m["tid"], m["lvl"])]))
    return out


# --- NATS server (docs: docs.nats.io "Logging": "[pid] YYYY/MM/DD HH:MM:SS.ffffff [LVL] message",
# levels INF WRN ERR FTL DBG TRC; local time without a zone).
NATS_LEVELS = {"TRC": "TRACE", "DBG": "DEBUG", "INF": "INFO", "WRN": "WARN", "ERR": "ERROR", "FTL": "FATAL"}
NATS_RE = re.compile(r"^(?P<pid>\[\d+\]) (?P<ts>(?P<y>\d{4})/(?P<mo>\d\d)/(?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)(?:\.(?P<f>\d+))?) \[(?P<lvl>TRC|DBG|INF|WRN|ERR|FTL)\] ?(?P<msg>.*)$")


def label_nats(lines):
    out = []
    for line in lines:
        m = NATS_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        ts = iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"], m["f"] or "")
        out.append(row(True, ts, NATS_LEVELS[m["lvl"]], m["msg"], m["ts"], [m["pid"], m["ts"], "[%s]" % m["lvl"]]))
    return out


# --- RabbitMQ 3.9+ text log (docs: rabbitmq.com "Logging": "timestamp [level] <erlang pid> message";
# a message of several lines is written with the full prefix on every line, so every line is a record).
RABBIT_LEVELS = {"debug": "DEBUG", "info": "INFO", "notice": "NOTICE", "warning": "WARN", "error": "ERROR",
                 "critical": "FATAL", "alert": "FATAL", "emergency": "FATAL"}
RABBIT_RE = re.compile(r"^(?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)(?:\.(?P<f>\d+))?(?P<off>[+-]\d\d:\d\d)) \[(?P<lvl>[a-z]+)\] (?P<pid><[\d.]+>) ?(?P<msg>.*)$")


def label_rabbitmq(lines):
    out = []
    for line in lines:
        m = RABBIT_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        sign = 1 if m["off"][0] == "+" else -1
        off = sign * (int(m["off"][1:3]) * 60 + int(m["off"][4:6]))
        ts = iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"], m["f"] or "", off)
        out.append(row(True, ts, RABBIT_LEVELS[m["lvl"]], m["msg"], m["ts"], [m["ts"], "[%s] %s" % (m["lvl"], m["pid"])]))
    return out


# --- Mosquitto (man mosquitto.conf: log_timestamp true writes "<epoch seconds>: " before each line;
# the file format has no level field. Mosquitto's own code opens its error and warning messages with
# the word "Error" / "Warning" ("Error: ...", "Error saving ..."), which is then the line's level).
MOSQ_RE = re.compile(r"^(?P<ts>\d{9,11}): (?P<msg>.*)$")
MOSQ_WORD = re.compile(r"^(Error|Warning)\b")


def label_mosquitto(lines):
    out = []
    for line in lines:
        m = MOSQ_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        first = MOSQ_WORD.match(m["msg"])
        level = {"Error": "ERROR", "Warning": "WARN"}[first[1]] if first else None
        ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(m["ts"])))
        out.append(row(True, ts, level, m["msg"], m["ts"], [m["ts"] + ":"]))
    return out


# --- Redis (redis.conf "loglevel" and the server's log format "pid:role dd Mon yyyy hh:mm:ss.mmm <mark> msg",
# marks: "." debug, "-" verbose, "*" notice, "#" warning). Raw lines (crash report) have no header.
REDIS_LEVELS = {".": "DEBUG", "-": "INFO", "*": "NOTICE", "#": "WARN"}
REDIS_RE = re.compile(r"^(?P<pid>\d+:[XCSM]) (?P<ts>(?P<d>\d\d) (?P<mon>[A-Z][a-z]{2}) (?P<y>\d{4}) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)(?:\.(?P<f>\d+))?) (?P<mark>[.*#-]) ?(?P<msg>.*)$")


def label_redis(lines):
    out = []
    for line in lines:
        m = REDIS_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        ts = iso(m["y"], MONTHS[m["mon"]], m["d"], m["h"], m["mi"], m["s"], m["f"] or "")
        out.append(row(True, ts, REDIS_LEVELS[m["mark"]], m["msg"], m["ts"], [m["pid"], m["ts"]]))
    return out


# --- java.util.logging SimpleFormatter default format (JDK javadoc of SimpleFormatter:
# "%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%6$s%n"): line 1 date and source,
# line 2 "LEVEL: message", then the throwable. Levels as the SLF4J JUL bridge maps them.
JUL_LEVELS = {"SEVERE": "ERROR", "WARNING": "WARN", "INFO": "INFO", "CONFIG": "INFO",
              "FINE": "DEBUG", "FINER": "DEBUG", "FINEST": "TRACE"}
JUL_HEAD = re.compile(r"^(?P<ts>(?P<mon>[A-Z][a-z]{2}) (?P<d>\d\d?), (?P<y>\d{4}) (?P<h>\d\d?):(?P<mi>\d\d):(?P<s>\d\d) (?P<ampm>AM|PM)) (?P<src>.+)$")
JUL_LEVEL = re.compile(r"^(?P<lvl>SEVERE|WARNING|INFO|CONFIG|FINE|FINER|FINEST): (?P<msg>.*)$")


def label_jul(lines):
    out = []
    i = 0
    while i < len(lines):
        m = JUL_HEAD.match(lines[i])
        n = JUL_LEVEL.match(lines[i + 1]) if m and i + 1 < len(lines) else None
        if not n:
            out.append(cont(lines[i]))
            i += 1
            continue
        h = int(m["h"]) % 12 + (12 if m["ampm"] == "PM" else 0)
        ts = iso(m["y"], MONTHS[m["mon"]], m["d"], h, m["mi"], m["s"])
        out.append(row(True, ts, JUL_LEVELS[n["lvl"]], n["msg"], m["ts"], [m["ts"], m["src"], n["lvl"] + ":"]))
        out.append(row(False, message=n["msg"]))
        i += 2
    return out


# --- logback-style pattern "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n" (logback
# manual, chapter Layouts); stack traces follow without a header.
LOGBACK_RE = re.compile(r"^(?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)[.,](?P<f>\d{3})) (?P<thr>\[[^\]]+\]) (?P<head>(?P<lvl>TRACE|DEBUG|INFO|WARN|ERROR) +(?P<logger>\S+) -) (?P<msg>.*)$")


def label_logback(lines):
    out = []
    for line in lines:
        m = LOGBACK_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        ts = iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"], m["f"])
        out.append(row(True, ts, m["lvl"], m["msg"], m["ts"], [m["ts"], m["thr"], m["head"]]))
    return out


# --- logfmt of go-kit log as Prometheus 2.x writes it (ts=RFC3339 caller=file:line level=... msg="...").
LOGFMT_PAIR = re.compile(r'(?P<k>[^\s=]+)=(?P<v>"(?:[^"\\]|\\.)*"|\S*)')
GOKIT_LEVELS = {"debug": "DEBUG", "info": "INFO", "warn": "WARN", "error": "ERROR"}
RFC3339 = re.compile(r"^(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)T(?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)(?:\.(?P<f>\d+))?(?P<z>Z|[+-]\d\d:\d\d)$")


def rfc3339(text):
    m = RFC3339.match(text)
    off = 0
    if m["z"] != "Z":
        off = (1 if m["z"][0] == "+" else -1) * (int(m["z"][1:3]) * 60 + int(m["z"][4:6]))
    return iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"], m["f"] or "", off)


def label_logfmt(lines):
    out = []
    for line in lines:
        pairs = [(p["k"], p["v"], p.group(0)) for p in LOGFMT_PAIR.finditer(line)]
        keys = {k: (v, raw) for k, v, raw in pairs}
        if "ts" not in keys or "level" not in keys:
            out.append(cont(line))
            continue
        ts_text = keys["ts"][0]
        header = {"ts", "caller", "level"}
        if "msg" in keys:
            msg = keys["msg"][0]
            msg = msg[1:-1].replace('\\"', '"') if msg.startswith('"') else msg
        else:
            msg = " ".join(raw for k, v, raw in pairs if k not in header)
        leak = [ts_text] + [keys[k][1] for k in ("caller", "level") if k in keys]
        out.append(row(True, rfc3339(ts_text), GOKIT_LEVELS[keys["level"][0]], msg, ts_text, leak))
    return out


# --- podman's stderr: logrus text formatter lines (time="RFC3339" level=... msg="...") interleaved with
# podman's own plain messages ("Error: ..." at exit, progress such as "Trying to pull ..."). logrus
# escapes newlines, so no line continues another: every line is a record.
LOGRUS_RE = re.compile(r'^time="(?P<ts>[^"]+)" level=(?P<lvl>\w+) msg="(?P<msg>(?:[^"\\]|\\.)*)"(?P<rest>.*)$')
LOGRUS_LEVELS = {"trace": "TRACE", "debug": "DEBUG", "info": "INFO", "warning": "WARN", "error": "ERROR",
                 "fatal": "FATAL", "panic": "FATAL"}


def label_podman(lines):
    out = []
    for line in lines:
        m = LOGRUS_RE.match(line)
        if m:
            out.append(row(True, rfc3339(m["ts"]), LOGRUS_LEVELS[m["lvl"]], m["msg"].replace('\\"', '"'), m["ts"],
                           [m["ts"], "level=%s msg=" % m["lvl"]]))
        elif line.startswith("Error: "):
            out.append(row(True, None, "ERROR", line, None, []))
        else:
            out.append(row(True, None, None, line, None, []))
    return out


# --- dpkg.log (man dpkg: "YYYY-MM-DD HH:MM:SS" then the action or status; no level).
DPKG_RE = re.compile(r"^(?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) (?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d)) (?P<msg>.*)$")


def label_dpkg(lines):
    out = []
    for line in lines:
        m = DPKG_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        out.append(row(True, iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"]), None, m["msg"], m["ts"], [m["ts"]]))
    return out


# --- apt history.log: one record per run, "Start-Date: YYYY-MM-DD  HH:MM:SS" then Commandline/Install/
# Upgrade/Remove/End-Date fields and a blank line; no level.
APT_RE = re.compile(r"^Start-Date: (?P<ts>(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d) +(?P<h>\d\d):(?P<mi>\d\d):(?P<s>\d\d))$")


def label_apt_history(lines):
    out = []
    for line in lines:
        m = APT_RE.match(line)
        if not m:
            out.append(cont(line))
            continue
        out.append(row(True, iso(m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"]), None, "Start-Date:", m["ts"], [m["ts"]]))
    return out


LABELLERS = {
    "postgresql": label_postgresql, "mariadb": label_mariadb, "nats": label_nats, "rabbitmq": label_rabbitmq,
    "mosquitto": label_mosquitto, "redis": label_redis, "prometheus": label_logfmt, "podman": label_podman,
    "dpkg": label_dpkg, "apt/history": label_apt_history,
    "jvm/jul": label_jul, "jvm/logback": label_logback,
}


def labeller_for(rel):
    for key in sorted(LABELLERS, key=len, reverse=True):
        if rel.startswith(key):
            return LABELLERS[key]
    sys.exit("no labeller for " + rel)


def main():
    root = sys.argv[1]
    for dirpath, _, names in os.walk(root):
        for n in sorted(names):
            if not n.endswith(".log"):
                continue
            path = os.path.join(dirpath, n)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                lines = f.read().decode("utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            rows = labeller_for(rel)([l.rstrip("\r") for l in lines])
            assert len(rows) == len(lines), rel
            if rows and not rows[0]["entry_start"]:
                sys.exit("%s: the first line is not an entry start" % rel)
            with open(path[: -len(".log")] + ".truth.jsonl", "w", encoding="utf-8") as f:
                for i, r in enumerate(rows, 1):
                    if r["entry_start"]:
                        # a header text the message also contains (a timestamp quoted by the message)
                        # cannot tell a leak from the message itself: it is left out of the tokens
                        kept = [t for t in r["leak_tokens"] if t not in r["message"]]
                        if len(kept) != len(r["leak_tokens"]):
                            print("%s:%d: not a leak token (also in the message): %s" % (
                                rel, i, [t for t in r["leak_tokens"] if t not in kept]), file=sys.stderr)
                        if r["ts_text"] and not kept:
                            sys.exit("%s:%d: no leak token left, review: %r" % (rel, i, r))
                        r["leak_tokens"] = kept
                    f.write(json.dumps(dict(line=i, **r), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Builds the UNSEEN secret set (issue 15, third round) from four scanners never used by the earlier sets.

    bench/secret-sets/build_unseen.py SRC_DIR OUT_DIR [--exclude OLD_SET_DIR...]

SRC_DIR holds one checkout (or extracted tree) per source, named owner+repo:
  Skyscanner+whispers          tests/fixtures/* : config/code fixtures split into "compliant" / "noncompliant" parts
                               (Apache-2.0)
  sirwart+ripsecrets           test/one_per_line, test/one_per_file (one secret per line / file), test/none (MIT)
  americanexpress+earlybird    config/rules/{password-secret,content}.yaml : each rule's Example (Apache-2.0)
  GitGuardian+ggshield         tests/**/cassettes/*.yaml : recorded GitGuardian scan requests (the scanned
                               documents) and answers (the policy breaks with their match offsets) (MIT)
OUT_DIR receives secrets_unseen.jsonl and SOURCE_UNSEEN.txt. --exclude drops every sample whose text or gold value
occurs in an older set (secrets_dev/heldout/fresh.jsonl in the given directories).

Label rules, fixed before any measurement (the values are all fabricated test values):
- whispers: its tests assert that every value it reports in a fixture contains "hardcoded" (or is base64 of such a
  value); so gold = every token containing "hardcoded" (or decoding to it) in a fixture's noncompliant part (the
  whole file when it has no compliant/noncompliant markers), and for the fixtures its tests check by key
  (aws, privatekeys, jenkins) the values of exactly those keys. Each compliant part becomes a negative sample (its
  documented non-secrets: references, templates, placeholders, empty values, non-secret keys). Fixtures about other
  things (credit cards, custom/excluded rule configuration, file names, severity) are not used; cloudformation is
  not used (its secret sits two levels below the key whispers names).
- ripsecrets: every line of one_per_line holds one secret: gold = what ripsecrets' own regexes capture (the
  password group of its URL rule, else the match; its keyword rule's value group when no specific rule matches);
  one_per_file: the PEM block or the keyword value. Lines of test/none are negatives, except the two that are
  negative only because of an allow-list pragma or an ignore file (their values are secrets).
- earlybird: a rule's Example is a positive for that rule. Gold = the value in it (the quoted / tagged / assigned
  value, the URL password, the Authorization credential, else a bare token of 16+ characters). Examples with no
  value (a bare default-password word such as "letmein", "BEGIN RSA PRIVATE KEY", "Mapbox Secure Key") and rules
  that are not about secrets (PII, infrastructure, crypto, comments) are not used.
- ggshield: gold = the matches GitGuardian reported of secret type (apikey, password, client_secret, ...);
  matches of type host, port, username, database, client_id are "ignore"; scanned documents without a policy
  break are negatives.
Each record has a category (by kind of secret) and placeholder_like (the fresh set's definition of a
documentation-style value), reported apart. Needs Python 3.11+, PyYAML and regex.
"""
import argparse
import base64
import binascii
import glob
import hashlib
import json
import os
import re
import sys

import regex
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_fresh import placeholder_like, spans_of  # noqa: E402

HARDCODED = re.compile(r"""[^\s"'`<>=:,;(){}\[\]/@]*hardcoded[^\s"'`<>:,;(){}\[\]/@]*""", re.I)
KEY_AFTER = re.compile(r"""["']?\s*[:=]""")
DIGITS = re.compile(r"(?<![\w.-])\d{12,}(?![\w.-])")
B64ISH = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
MARKER = re.compile(r"""(?i)^[\s#/<!*;"'\-]*(/)?(non-?compliant|incompliant|compliant)\b[\W]*$""")


def rec(source, rid, text, secrets, category, ignore=()):
    secrets = sorted({tuple(s) for s in secrets})
    values = [text[a:b] for a, b in secrets]
    return {
        "id": f"{source}:{rid}",
        "source": source,
        "text": text,
        "secrets": [list(s) for s in secrets],
        "ignore": [list(s) for s in sorted({tuple(s) for s in ignore})],
        "category": category,
        "placeholder_like": bool(values) and all(placeholder_like(v) for v in values),
    }


# ------------------------------------------------------------------ whispers

WHISPERS_SKIP = {"creditcards.yml", "custom.yml", "custom.json", "custom.xml", "excluded.yml", "excluded.json",
                 "excluded.xml", "ruleslist.yml", "severity.yml", "paths.yml", "invalid.json", "cloudformation.yml",
                 "cloudformation.json", "cors.py", "language.py2", "empty.dockercfg", "password",
                 "language.html"}  # language.html: whispers' comment rule, no secret
WHISPERS_BY_KEY = {
    "aws": ["aws_id", "aws_key", "aws_token"],
    "privatekeys": ["access", "key", "rsa", "dsa", "ec", "openssh"],
    "jenkins": ["noncompliantApiToken", "noncompliantPasswordHash"],
}
WHISPERS_CATEGORY = {"uri": "url-credentials", "privatekeys": "private-key", "webhooks": "webhook",
                     "aws": "vendor-token", "gitkeys": "vendor-token", "apikeys": "keyed"}


def is_key(text, a, b):
    """A token in key position (a tag name, or followed by `:` / `=`) names a value, it is none."""
    if re.search(r"[=!]=\s*\w?[\"']?$", text[max(0, a - 8):a]):
        return False  # compared with: a value (`if password == "x":`)
    return text[a - 1:a] == "<" or text[a - 2:a] == "</" or bool(KEY_AFTER.match(text, b))


def hardcoded_tokens(text, lo, hi):
    out = [(lo + m.start(), lo + m.end()) for m in HARDCODED.finditer(text[lo:hi])
           if not is_key(text, lo + m.start(), lo + m.end())]
    # whispers' test also accepts numeric values (an all-digit API key)
    out += [(lo + m.start(), lo + m.end()) for m in DIGITS.finditer(text[lo:hi])]
    for m in B64ISH.finditer(text[lo:hi]):
        tok = m.group(0)
        try:
            raw = base64.b64decode(tok + "=" * (-len(tok) % 4), validate=False)
        except (binascii.Error, ValueError):
            continue
        if b"hardcoded" in raw.lower():
            out.append((lo + m.start(), lo + m.end()))
    # a base64 token that also contains the word is one value
    out.sort()
    merged = []
    for a, b in out:
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def keyed_value(text, key, lo, hi):
    """The value of `key` in YAML/JSON/XML/INI style between lo and hi, as a span (or None)."""
    part = text[lo:hi]
    m = re.search(r"<" + re.escape(key) + r"(?:\s[^>]*)?>(.*?)</" + re.escape(key) + ">", part, re.S)
    if m:
        a, b = m.span(1)
        while a < b and part[a].isspace():
            a += 1
        while b > a and part[b - 1].isspace():
            b -= 1
        return (lo + a, lo + b)
    m = re.search(r"(?m)^\s*[\"']?" + re.escape(key) + r"[\"']?\s*[:=]\s*", part)
    if not m:
        return None
    a = m.end()
    if a < len(part) and part[a] in "\"'":
        q = part[a]
        b = a + 1
        while b < len(part) and part[b] != q:
            b += 2 if part[b] == "\\" else 1
        a, b = a + 1, b
        while a < b and (part[a].isspace() or part[a] == "\\"):
            a += 1
        while b > a and (part[b - 1].isspace() or part[b - 1] == "\\"):
            b -= 1
        return (lo + a, lo + b)
    b = part.find("\n", a)
    b = len(part) if b < 0 else b
    return (lo + a, lo + len(part[:b].rstrip().rstrip(",")))


def whispers(root, out, stats):
    fixtures = os.path.join(root, "tests", "fixtures")
    for path in sorted(glob.glob(os.path.join(fixtures, "**", "*"), recursive=True) +
                       glob.glob(os.path.join(fixtures, "**", ".*"), recursive=True)):
        if not os.path.isfile(path) or os.path.basename(path) in WHISPERS_SKIP:
            continue
        name = os.path.relpath(path, fixtures)
        text = open(path, encoding="utf-8", errors="replace").read()
        stem = os.path.basename(name).split(".")[0] or os.path.basename(name)
        category = WHISPERS_CATEGORY.get(stem, "keyed")
        # regions: (kind, start, end); kind None before the first marker
        regions, kind, start, pos = [], None, 0, 0
        for line in text.splitlines(keepends=True):
            m = MARKER.match(line.strip("\r\n"))
            if m:
                regions.append((kind, start, pos))
                closing = m.group(1) is not None
                kind = None if closing else ("compliant" if m.group(2).lower() == "compliant" else "noncompliant")
                start = pos + len(line)
            pos += len(line)
        regions.append((kind, start, pos))
        marked = any(k is not None for k, _, _ in regions)
        for i, (k, a, b) in enumerate(regions):
            if not text[a:b].strip():
                continue
            if marked and k is None and not hardcoded_tokens(text, a, b):
                continue
            if k == "compliant":
                out.append(rec("whispers", f"{name}#compliant{i}", text[a:b], [], category))
                continue
            if stem in WHISPERS_BY_KEY and os.path.basename(name) != ".aws":
                gold = [s for key in WHISPERS_BY_KEY[stem] if (s := keyed_value(text, key, a, b)) and s[1] > s[0]]
            else:
                gold = hardcoded_tokens(text, a, b)
            ignore = []
            if not marked:
                # unmarked files name their cases inline ("compliant4": {...}): a value in a compliant case is
                # neither right nor wrong to mask
                for g in list(gold):
                    names = re.findall(r"(?i)(non)?compliant", text[:g[0]])
                    if names and names[-1].lower() != "non":
                        gold.remove(g)
                        ignore.append(g)
            if not gold:
                stats["whispers_no_gold"] = stats.get("whispers_no_gold", 0) + 1
                continue
            seg = text[a:b]
            out.append(rec("whispers", f"{name}#noncompliant{i}", seg, [(x - a, y - a) for x, y in gold], category,
                           [(x - a, y - a) for x, y in ignore]))


# ------------------------------------------------------------------ ripsecrets

RIP_RULES = [
    r"[A-Za-z]+://\S{3,50}:(\S{8,50})@[\dA-Za-z#%&+./:=?_~-]+",
    r"\beyJ[\dA-Za-z=_-]+(?:\.[\dA-Za-z=_-]{3,}){1,4}",
    r"(?:gh[oprsu]|github_pat)_[\dA-Za-z_]{36}",
    r"glpat-[\dA-Za-z_=-]{20,22}",
    r"[rs]k_live_[\dA-Za-z]{24,247}",
    r"sq0i[a-z]{2}-[\dA-Za-z_-]{22,43}",
    r"sq0c[a-z]{2}-[\dA-Za-z_-]{40,50}",
    r"EAAA[\dA-Za-z+=-]{60}",
    r"AccountKey=([\d+/=A-Za-z]{88})",
    r"AIzaSy[\dA-Za-z_-]{33}",
    r"npm_[\dA-Za-z]{36}",
    r"//.+/:_authToken=([\dA-Za-z_-]+)",
    r"xox[aboprs]-(?:\d+-)+[\da-z]+",
    r"<master>(\{[\dA-Za-z]+\\\})</master>",
    r"https://hooks\.slack\.com/services/T[\dA-Za-z_]+/B[\dA-Za-z_]+/[\dA-Za-z_]+",
    r"SG\.[\dA-Za-z_-]{22}\.[\dA-Za-z_-]{43}",
    r"(?:AC|SK)[\da-z]{32}",
    r"[\da-f]{32}-us\d{1,2}",
    r"s-s4t2(?:af|ud)-[\da-f]{64}",
    r"AGE-SECRET-KEY-1[\dA-Z]{58}",
]
RIP_RANDOM = r"""(?i:key|token|secret|password)\w*["']?]?\s*(?:[:=]|:=|=>|<-|>)\s*[\t "'`]?([\w+./=~\-\\`^]{15,90})(?:[\t\n "'`]|</|$)"""
RIP_CATEGORY = {"jwt": "jwt", "url": "url-credentials", "private_key": "private-key", "pem_key": "private-key",
                "age": "private-key", "random": "keyed", "aws": "keyed", "maven": "keyed", "slack": "vendor-token"}
PEM = re.compile(r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----.*?-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----", re.S)


def rip_gold(line):
    spans = []
    for rx in RIP_RULES:
        for m in regex.finditer(rx, line):
            spans.append(m.span(1) if m.re.groups else m.span(0))
    if not spans:
        for m in regex.finditer(RIP_RANDOM, line):
            spans.append(m.span(1))
    return spans


def ripsecrets(root, out, stats):
    for path in sorted(glob.glob(os.path.join(root, "test", "one_per_line", "*"))):
        name = os.path.basename(path)
        for n, line in enumerate(open(path, encoding="utf-8").read().splitlines(), 1):
            if not line.strip():
                continue
            gold = rip_gold(line)
            if not gold:
                stats["ripsecrets_no_gold"] = stats.get("ripsecrets_no_gold", 0) + 1
                continue
            out.append(rec("ripsecrets", f"{name}:{n}", line, gold, RIP_CATEGORY.get(name, "vendor-token")))
    for path in sorted(glob.glob(os.path.join(root, "test", "one_per_file", "*"))):
        name = os.path.basename(path)
        text = open(path, encoding="utf-8").read()
        gold = [m.span() for m in PEM.finditer(text)] or rip_gold(text)
        out.append(rec("ripsecrets", name, text, gold, RIP_CATEGORY.get(name, "keyed")))
    for n, line in enumerate(open(os.path.join(root, "test", "none"), encoding="utf-8").read().splitlines(), 1):
        if not line.strip() or "pragma: allowlist" in line or "secretsignore" in line:
            continue
        out.append(rec("ripsecrets", f"none:{n}", line, [], "negative"))


# ------------------------------------------------------------------ earlybird

def earlybird_value(example):
    """The secret value inside an earlybird rule example, or None when it holds none."""
    m = re.search(r"<(\w+)>([^<]+)</\1>", example)
    if m:
        return m.span(2)
    m = re.search(r"[A-Za-z]+://[^:/\s]+:([^@\s]+)@", example)
    if m:
        return m.span(1)
    m = re.search(r"(?i)authorization:\s*(?:basic|bearer)\s+(\S+)", example)
    if m:
        return m.span(1)
    m = re.search(r"""[:=]\s*(['"])(.+?)\1\s*$""", example)
    if m:
        return m.span(2)
    m = re.search(r"""(?:[=]|:\s)\s*([^\s'"]+)\s*$""", example)
    if m and re.search(r"\w[\w.\]\[ ]*\s*$", example[:m.start()]):
        return m.span(1)
    m = re.fullmatch(r"""\s*['"]?([^\s'"]{16,})['"]?\s*""", example)
    if m:
        return m.span(1)
    return None


def earlybird_category(caption, value):
    if "db connection" in caption.lower():
        return "url-credentials"
    if re.search(r"(?i)password|passphrase", caption):
        return "generic"
    return "vendor-token" if re.search(r"(?i)key|token", caption) and not re.search(r"(?i)secret in file", caption) \
        else "generic"


def earlybird(root, out, stats):
    for f in ("password-secret.yaml", "content.yaml"):
        for r in yaml.safe_load(open(os.path.join(root, "config", "rules", f)))["rules"]:
            ex, cat = r.get("Example"), r.get("Category", "")
            if not isinstance(ex, str) or cat not in ("password-secret", "key"):
                continue
            if re.search(r"(?i)consumer.?key|key.?id\b", ex):
                stats["earlybird_identifier"] = stats.get("earlybird_identifier", 0) + 1  # ids are not secrets
                continue
            span = earlybird_value(ex)
            if span is None or span[1] - span[0] < 3:
                stats["earlybird_no_value"] = stats.get("earlybird_no_value", 0) + 1
                continue
            out.append(rec("earlybird", f"{r['Code']}:{ex[:24]}", ex, [span], earlybird_category(r.get("Caption", ""),
                                                                                               ex[span[0]:span[1]])))


# ------------------------------------------------------------------ ggshield

GG_IGNORE = {"host", "port", "username", "database", "client_id", "login", "email"}


def ggshield(root, out, stats):
    seen = set()
    for path in sorted(glob.glob(os.path.join(root, "tests", "**", "cassettes", "*.yaml"), recursive=True)):
        for it in (yaml.safe_load(open(path)) or {}).get("interactions", []):
            if "scan" not in it["request"]["uri"]:
                continue
            try:
                req = json.loads(it["request"]["body"] or "null")
                resp = json.loads(it["response"]["body"]["string"])
            except (TypeError, ValueError):
                continue
            if not isinstance(req, list) or not isinstance(resp, list) or len(req) != len(resp):
                continue
            for doc, res in zip(req, resp):
                text = doc.get("document", "")
                key = hashlib.sha256(text.encode()).hexdigest()
                if not text.strip() or key in seen:
                    continue
                seen.add(key)
                gold, ignore, types = [], [], []
                for pb in res.get("policy_breaks", []):
                    types.append(pb["type"])
                    for m in pb.get("matches", []):
                        if m.get("index_start") is None:
                            continue
                        span = (m["index_start"], m["index_end"] + 1)
                        if text[span[0]:span[1]] != m["match"]:
                            found = spans_of(text, m["match"])
                            if not found:
                                stats["ggshield_unlocated"] = stats.get("ggshield_unlocated", 0) + 1
                                continue
                            span = tuple(found[0])
                        (ignore if m["type"] in GG_IGNORE else gold).append(span)
                t = " ".join(types).lower()
                category = ("private-key" if "private key" in t else "url-credentials" if "assignment" in t
                            else "generic" if "password" in t else "vendor-token" if gold else "negative")
                out.append(rec("ggshield", f"{os.path.basename(path)}:{doc.get('filename', '')}", text, gold,
                               category, ignore))


# ------------------------------------------------------------------ main

def old_material(dirs):
    texts, values = set(), set()
    for d in dirs or []:
        for p in glob.glob(os.path.join(d, "secrets_*.jsonl")):
            for line in open(p, encoding="utf-8"):
                r = json.loads(line)
                texts.add(r["text"])
                for a, b in r.get("secrets") or []:
                    v = r["text"][a:b]
                    if len(v) >= 8:
                        values.add(v)
    return texts, values


SOURCE_TXT = """Unseen secret set (issue 15, third round), built by bench/secret-sets/build_unseen.py.
Nothing of it was read while the redactor was tuned; measure it, record the figure, never tune on it.

Sources (checkout commits):
  Skyscanner/whispers {whispers}        Apache-2.0   tests/fixtures
  sirwart/ripsecrets {ripsecrets}       MIT          test/
  americanexpress/earlybird {earlybird} Apache-2.0   config/rules/{{password-secret,content}}.yaml Example
  GitGuardian/ggshield {ggshield}       MIT          tests/**/cassettes (GitGuardian's recorded answers)
All values are fabricated test values of those projects.

Counts per source (samples / gold spans / negatives):
{counts}

Dropped: {dropped} samples whose text or gold value occurs in an older set.
Build notes: {stats}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--exclude", nargs="*", help="directories with older secrets_*.jsonl")
    a = ap.parse_args()
    d = lambda n: os.path.join(a.src, n)  # noqa: E731
    out, stats = [], {}
    whispers(d("Skyscanner+whispers"), out, stats)
    ripsecrets(d("sirwart+ripsecrets"), out, stats)
    earlybird(d("americanexpress+earlybird"), out, stats)
    ggshield(d("GitGuardian+ggshield"), out, stats)
    texts, values = old_material(a.exclude)
    kept, dropped = [], 0
    for r in out:
        gold = [r["text"][x:y] for x, y in r["secrets"]]
        if r["text"] in texts or any(v in values for v in gold):
            dropped += 1
            continue
        kept.append(r)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "secrets_unseen.jsonl"), "w", encoding="utf-8") as f:
        for r in kept:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in kept:
        c = counts.setdefault(r["source"], [0, 0, 0])
        c[0] += 1
        c[1] += len(r["secrets"])
        c[2] += 0 if r["secrets"] else 1
    commits = {}
    for n, key in (("Skyscanner+whispers", "whispers"), ("sirwart+ripsecrets", "ripsecrets"),
                   ("americanexpress+earlybird", "earlybird"), ("GitGuardian+ggshield", "ggshield")):
        commits[key] = open(d(n) + ".commit").read().strip()[:8] if os.path.exists(d(n) + ".commit") else "unknown"
    lines = "\n".join(f"  {k:12s} {v[0]:5d} {v[1]:5d} {v[2]:5d}" for k, v in sorted(counts.items()))
    with open(os.path.join(a.out, "SOURCE_UNSEEN.txt"), "w", encoding="utf-8") as f:
        f.write(SOURCE_TXT.format(counts=lines, dropped=dropped, stats=json.dumps(stats), **commits))
    print(lines)
    print("dropped", dropped, json.dumps(stats))


if __name__ == "__main__":
    main()

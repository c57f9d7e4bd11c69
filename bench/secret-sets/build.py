#!/usr/bin/env python3
"""Builds the labelled secret sets for bench/redaction-secrets.sh from two secret scanners' own test material.

    bench/secret-sets/build.py GITLEAKS_DIR NOSEYPARKER_DIR OUT_DIR [--seed N]

GITLEAKS_DIR     a checkout of gitleaks/gitleaks (MIT); read: config/gitleaks.toml and the rule sources
                 cmd/generate/config/rules/*.go with their true-positive (tps) and false-positive (fps) lists
NOSEYPARKER_DIR  a checkout of praetorian-inc/noseyparker (Apache-2.0); read: the rule files
                 crates/noseyparker/data/default/builtin/rules/*.yml with their examples and negative_examples
OUT_DIR          receives secrets_dev.jsonl, secrets_heldout.jsonl and SOURCE.txt

Where gitleaks builds a test value at random from a regex (secrets.NewSecret), this script does the same with its
own generator and a fixed seed, and puts the value into gitleaks' own sample contexts (GenerateSampleSecrets: INI,
JSON, XML, YAML, C#, Go, Java, Kotlin, PHP, Python, Makefile, logstash, setProperty). Every value is therefore
fabricated. Gold spans are what the scanner's rule calls the secret: the rule's secret group (gitleaks secretGroup,
else group 1) or, for Nosey Parker, its capture groups (usernames, hosts and client ids in multi-group rules are
marked "ignore": masking them is neither right nor wrong). Negatives (fps, negative_examples) have no gold span.

The split into a development half and a held-out half is by provider (the rule id's first word: all GitHub rules
of both scanners go to the same half), by rule for the catch-all families (generic, private keys, JWT, ...), using
a hash, so it is fixed before anyone looks at the redactor's output. Needs Python 3.11+, PyYAML and regex.
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import re._constants as C
import re._parser as P
import sys
import tomllib

import regex
import yaml

# ------------------------------------------------------------------ value generation from a regex

PRINTABLE = [chr(c) for c in range(0x21, 0x7f)]
CATEGORY = {
    C.CATEGORY_DIGIT: "0123456789",
    C.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
    C.CATEGORY_SPACE: " ",
    C.CATEGORY_NOT_DIGIT: "abcdefghijklmnopqrstuvwxyz",
    C.CATEGORY_NOT_WORD: "-.:/+=",
    C.CATEGORY_NOT_SPACE: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
}


class Unsupported(Exception):
    pass


def go_to_python_regex(p):
    p = p.replace(r"\z", r"\Z").replace("[[:alnum:]]", "[A-Za-z0-9]").replace("[:alnum:]", "A-Za-z0-9")
    return p


class Generator:
    def __init__(self, rnd):
        self.rnd = rnd

    def generate(self, pattern):
        try:
            tree = P.parse(go_to_python_regex(pattern))
        except Exception as e:  # noqa: BLE001 - any dialect problem means: cannot generate
            raise Unsupported(f"regex {pattern!r}: {e}")
        out = []
        self._seq(tree, out)
        return "".join(out)

    def _chars(self, items):
        pool = []
        negate = False
        for op, av in items:
            if op == C.NEGATE:
                negate = True
            elif op == C.LITERAL:
                pool.append(chr(av))
            elif op == C.RANGE:
                pool.extend(chr(c) for c in range(av[0], av[1] + 1))
            elif op == C.CATEGORY:
                pool.extend(CATEGORY[av])
            else:
                raise Unsupported(f"set item {op}")
        if negate:
            excluded = set(pool)
            pool = [c for c in PRINTABLE if c not in excluded and c not in "\"'`\\"]
        return pool

    def _seq(self, tree, out):
        for op, av in tree:
            self._node(op, av, out)

    def _node(self, op, av, out):
        r = self.rnd
        if op == C.LITERAL:
            out.append(chr(av))
        elif op == C.NOT_LITERAL:
            out.append(r.choice([c for c in PRINTABLE if c != chr(av) and c not in "\"'`\\"]))
        elif op == C.ANY:
            out.append(r.choice("abcdefghijklmnopqrstuvwxyz0123456789"))
        elif op == C.IN:
            out.append(r.choice(self._chars(av)))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            if hi == C.MAXREPEAT:
                hi = lo + 16
            for _ in range(r.randint(lo, hi)):
                self._seq(sub, out)
        elif op == C.SUBPATTERN:
            self._seq(av[-1], out)
        elif op == C.ATOMIC_GROUP:
            self._seq(av, out)
        elif op == C.BRANCH:
            self._seq(r.choice(av[1]), out)
        elif op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            pass
        else:
            raise Unsupported(f"regex op {op}")


# ------------------------------------------------------------------ gitleaks: a tiny evaluator of the tps/fps lists

# cmd/generate/config/utils/generate.go, GenerateSampleSecrets (MIT, Copyright (c) 2019 Zachary Rice)
GITLEAKS_SAMPLES = [
    "{i}Token=\"{s}\"", "{i}Token = \"{s}\"", "{i}Token={s}", "{i}Token = {s}",
    "{\n    \"{i}_token\": \"{s}\"\n}",
    "{\"config.ini\": \"{I}_TOKEN={s}\\nBACKUP_ENABLED=true\"}",
    "<{i}Token>\n    {s}\n</{i}Token>",
    "{i}_token: {s}", "{i}_token: '{s}'", "{i}_token: \"{s}\"",
    "string {i}Token = \"{s}\";", "var {i}Token string = \"{s}\"", "{i}Token := \"{s}\"", "{i}Token := `{s}`",
    "String {i}Token = \"{s}\";", "var {i}Token = \"{s}\"", "${i}Token .= \"{s}\"",
    "{i}Token = '{s}'", "{i}Token = \"{s}\"",
    "System.setProperty(\"{I}_TOKEN\", \"{s}\")",
    "  \"{i}Token\" => \"{s}\"",
    "{i}_TOKEN = \"{s}\"", "{i}_TOKEN := \"{s}\"", "{i}_TOKEN ::= \"{s}\"", "{i}_TOKEN :::= \"{s}\"",
    "{i}_TOKEN ?= \"{s}\"",
]

TOKEN = re.compile(r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<raw>`[^`]*`)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<rune>'(?:[^'\\\n]|\\.)+')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<num>\d+)
  | (?P<op>\.\.\.|:=|[-+*/=,(){}\[\]:.;&|!<>%^])
""", re.X | re.S)


def go_string(tok):
    if tok[0] == "`":
        return tok[1:-1].replace("\r", "")
    body = tok[1:-1]
    out = []
    i = 0
    simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "\"": "\"", "'": "'", "a": "\a", "b": "\b", "f": "\f",
              "v": "\v"}
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nx = body[i + 1]
        if nx in simple:
            out.append(simple[nx])
            i += 2
        elif nx == "x":
            out.append(chr(int(body[i + 2:i + 4], 16)))
            i += 4
        elif nx == "u":
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif nx == "U":
            out.append(chr(int(body[i + 2:i + 10], 16)))
            i += 10
        elif nx.isdigit():
            out.append(chr(int(body[i + 1:i + 4], 8)))
            i += 4
        else:
            raise Unsupported("escape")
    return "".join(out)


def tokenize(src):
    toks = []
    pos = 0
    while pos < len(src):
        m = TOKEN.match(src, pos)
        if not m:
            toks.append(("op", src[pos]))
            pos += 1
            continue
        pos = m.end()
        kind = m.lastgroup
        if kind != "ws":
            toks.append((kind, m.group()))
    return toks


class GoEval:
    """Evaluates the expressions gitleaks' rule files build their tps/fps lists with."""

    def __init__(self, toks, gen):
        self.t = toks
        self.i = 0
        self.gen = gen
        self.env = {}

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else ("eof", "")

    def next(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, v):
        tok = self.next()
        if tok[1] != v:
            raise Unsupported(f"expected {v} got {tok[1]}")

    def skip_to_end_of_statement(self, start):
        depth = 0
        self.i = start
        while self.i < len(self.t):
            k, v = self.t[self.i]
            if v in "([{":
                depth += 1
            elif v in ")]}":
                depth -= 1
                if depth < 0:
                    return
            self.i += 1
            if depth == 0 and self.i < len(self.t) and self.t[self.i - 1][1] in (")", "}", "]") \
                    and self.t[self.i][0] == "ident":
                return

    def expr(self):
        v = self.primary()
        while self.peek()[1] == "+":
            self.next()
            w = self.primary()
            if not isinstance(v, str) or not isinstance(w, str):
                raise Unsupported("+ on lists")
            v = v + w
        return v

    def args(self):
        self.expect("(")
        out = []
        spread = False
        while self.peek()[1] != ")":
            out.append(self.expr())
            if self.peek()[1] == "...":
                self.next()
                spread = True
            if self.peek()[1] == ",":
                self.next()
        self.expect(")")
        return out, spread

    def list_literal(self):
        # after "[]string"
        self.expect("{")
        out = []
        while self.peek()[1] != "}":
            start = self.i
            try:
                v = self.expr()
                if isinstance(v, list):
                    out.extend(v)
                else:
                    out.append(v)
            except Unsupported:
                self.i = start
                self.skip_element()
            if self.peek()[1] == ",":
                self.next()
        self.expect("}")
        return out

    def skip_element(self):
        depth = 0
        while True:
            k, v = self.peek()
            if k == "eof":
                return
            if depth == 0 and v in (",", "}"):
                return
            if v in "([{":
                depth += 1
            elif v in ")]}":
                depth -= 1
            self.next()

    def primary(self):
        k, v = self.next()
        if k in ("str", "raw"):
            return go_string(v)
        if v == "[":
            self.expect("]")
            self.expect("string")
            return self.list_literal()
        if k != "ident":
            raise Unsupported(f"token {v}")
        name = v
        while self.peek()[1] == "." and self.peek(1)[0] == "ident":
            self.next()
            name += "." + self.next()[1]
        if self.peek()[1] != "(":
            if name in self.env:
                return self.env[name]
            raise Unsupported(f"variable {name}")
        a, _spread = self.args()
        return self.call(name, a)

    def call(self, name, a):
        short = name.split(".")[-1]
        sizes = {"Numeric": "[0-9]{%s}", "Hex": "[a-f0-9]{%s}", "AlphaNumeric": "[a-z0-9]{%s}",
                 "AlphaNumericExtendedShort": "[a-z0-9_-]{%s}", "AlphaNumericExtended": "[a-z0-9=_\\-]{%s}",
                 "AlphaNumericExtendedLong": "[a-z0-9\\/=_\\+\\-]{%s}"}
        if name.startswith("utils.") and short in sizes:
            return sizes[short] % a[0]
        if name == "utils.Hex8_4_4_4_12":
            return "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
        if name == "secrets.NewSecret":
            return self.gen.generate(a[0])
        if name == "utils.GenerateSampleSecret":
            return f"{a[0]}_api_token = \"{a[1]}\""
        if name == "utils.GenerateSampleSecrets":
            return [s.replace("{i}", a[0]).replace("{I}", a[0].upper()).replace("{s}", a[1]) for s in GITLEAKS_SAMPLES]
        if name == "fmt.Sprintf":
            fmt = a[0]
            parts = fmt.split("%s")
            if "%" in fmt.replace("%s", "") or len(parts) - 1 != len(a) - 1:
                raise Unsupported("Sprintf format")
            out = parts[0]
            for arg, rest in zip(a[1:], parts[1:]):
                out += str(arg) + rest
            return out
        if name == "strings.Repeat":
            return a[0] * int(a[1])
        if name == "append":
            base = a[0]
            if not isinstance(base, list):
                raise Unsupported("append base")
            out = list(base)
            for x in a[1:]:
                out.extend(x if isinstance(x, list) else [x])
            return out
        raise Unsupported(f"call {name}")

    def run(self):
        """Returns {"tps": [...], "fps": [...]} for one function body."""
        lists = {"tps": [], "fps": []}
        while self.i < len(self.t):
            k, v = self.peek()
            nx = self.peek(1)[1]
            if k == "ident" and nx in (":=", "=") and self.peek(2)[1] not in ("=",):
                start = self.i
                self.i += 2
                try:
                    val = self.expr()
                    if v in lists and not isinstance(val, list):
                        raise Unsupported("list expected")
                    if v in lists:
                        lists[v] = val
                    self.env[v] = val
                except (Unsupported, IndexError, ValueError):
                    self.i = start + 1
                continue
            self.i += 1
        return lists


def gitleaks_samples(root, rnd):
    conf = tomllib.load(open(os.path.join(root, "config", "gitleaks.toml"), "rb"))
    rules = {r["id"]: r for r in conf["rules"] if "regex" in r}
    gen = Generator(rnd)
    out = []
    stats = {"tps": 0, "tps_unlabelled": 0, "fps": 0, "rules": 0}
    for path in sorted(glob.glob(os.path.join(root, "cmd", "generate", "config", "rules", "*.go"))):
        src = open(path, encoding="utf-8").read()
        for body in re.split(r"\nfunc ", src)[1:]:
            m = re.search(r'RuleID:\s*"([^"]+)"', body)
            if not m or m.group(1) not in rules:
                continue
            rule = rules[m.group(1)]
            try:
                rx = regex.compile(go_to_python_regex(rule["regex"]))
            except regex.error:
                continue
            group = rule.get("secretGroup", 1 if rx.groups else 0)
            lists = GoEval(tokenize(body), gen).run()
            stats["rules"] += 1
            for n, text in enumerate(lists["tps"]):
                spans = []
                for mm in rx.finditer(text):
                    g = group if group <= rx.groups else 0
                    if mm.start(g) >= 0 and mm.end(g) > mm.start(g):
                        spans.append([mm.start(g), mm.end(g)])
                if not spans:
                    stats["tps_unlabelled"] += 1
                    continue
                stats["tps"] += 1
                out.append({"source": "gitleaks", "rule": rule["id"], "kind": "positive", "text": text,
                            "secrets": spans, "ignore": []})
            for text in lists["fps"]:
                stats["fps"] += 1
                out.append({"source": "gitleaks", "rule": rule["id"], "kind": "negative", "text": text,
                            "secrets": [], "ignore": []})
    return out, stats


# ------------------------------------------------------------------ Nosey Parker: rule examples

# Which capture groups of a multi-group rule hold the secret; the others (user names, hosts, client ids,
# key names) are "ignore" regions. Single-group rules: group 1 is the secret.
NP_SECRET_GROUPS = {
    "np.auth0.1": [3], "np.aws.6": [1, 2], "np.azure.1": [2], "np.azure.2": [3], "np.blynk.8": [2],
    "np.blynk.9": [2], "np.generic.3": [2], "np.generic.4": [2], "np.generic.7": [2], "np.generic.8": [3],
    "np.generic.9": [2], "np.generic.10": [2], "np.generic.13": [2], "np.generic.14": [2], "np.gitalk.1": [2],
    "np.google.6": [2], "np.gradle.1": "password", "np.kubernetes.2": [2], "np.mongodb.1": [2],
    "np.netrc.1": [3], "np.odbc.1": [2], "np.phpmailer.1": [3], "np.postgres.1": [2], "np.psexec.1": [2],
    "np.vmware.1": [2],
}
SECRET_KEY_WORDS = re.compile(r"(?i)pass|secret|token|pwd|key|cred")


def noseyparker_samples(root):
    out = []
    stats = {"examples": 0, "unlabelled": 0, "negatives": 0}
    rule_dir = os.path.join(root, "crates", "noseyparker", "data", "default", "builtin", "rules")
    for path in sorted(glob.glob(os.path.join(rule_dir, "*.yml"))):
        for rule in (yaml.safe_load(open(path, encoding="utf-8")) or {}).get("rules", []):
            rx = regex.compile(rule["pattern"])
            for text in rule.get("examples") or []:
                secrets, ignore = [], []
                for m in rx.finditer(text):
                    want = NP_SECRET_GROUPS.get(rule["id"], [1])
                    for g in range(1, rx.groups + 1):
                        if m.start(g) < 0 or m.end(g) <= m.start(g):
                            continue
                        if want == "password":
                            before = text[max(m.start(), m.start(g) - 14):m.start(g)].lower()
                            is_secret = "password" in before
                        elif rule["id"] == "np.generic.9" and g == 2:
                            is_secret = SECRET_KEY_WORDS.search(m.group(1)) is not None
                        else:
                            is_secret = g in want
                        (secrets if is_secret else ignore).append([m.start(g), m.end(g)])
                if not secrets:
                    stats["unlabelled"] += 1
                    continue
                stats["examples"] += 1
                out.append({"source": "noseyparker", "rule": rule["id"], "kind": "positive", "text": text,
                            "secrets": secrets, "ignore": ignore})
            for text in rule.get("negative_examples") or []:
                stats["negatives"] += 1
                out.append({"source": "noseyparker", "rule": rule["id"], "kind": "negative", "text": text,
                            "secrets": [], "ignore": []})
    return out, stats


# ------------------------------------------------------------------ split

# Families that are not one provider: split by rule so both halves get some of them.
CATCH_ALL = {"generic", "private", "pem", "jwt", "curl", "http", "url", "password", "credentials", "netrc",
             "odbc", "psexec", "kubernetes", "hashicorp"}


def provider(source, rule_id):
    rid = rule_id[3:] if rule_id.startswith("np.") else rule_id
    first = re.split(r"[-._]", rid)[0].lower()
    return first


def half(source, rule_id):
    p = provider(source, rule_id)
    unit = f"{source}:{rule_id}" if p in CATCH_ALL else p
    h = int(hashlib.sha256(unit.encode()).hexdigest()[:8], 16)
    return "heldout" if h % 2 else "dev"


SOURCE_TXT = """Secret detection sets for bench/redaction-secrets.sh, built by bench/secret-sets/build.py
(seed {seed}) from two secret scanners' own test material. Not copied into the repository.

gitleaks        gitleaks/gitleaks, MIT licence, Copyright (c) 2019 Zachary Rice. Rule sources
                cmd/generate/config/rules/*.go: the true-positive (tps) and false-positive (fps) lists of each
                rule; values gitleaks draws at random from a regex (secrets.NewSecret) are drawn here with a
                fixed seed and put into gitleaks' own sample contexts (GenerateSampleSecrets). Gold span: the
                rule's secret group (config/gitleaks.toml). commit {gl_commit}
noseyparker     praetorian-inc/noseyparker, Apache License 2.0, Copyright Praetorian. Rule files
                crates/noseyparker/data/default/builtin/rules/*.yml: examples (positives, gold spans = the
                rule's secret capture groups) and negative_examples. commit {np_commit}

All values are fabricated test values (the scanners' documentation examples or random draws).
Split: by provider (rule id's first word), by rule for catch-all families; see build.py.

{counts}
"""


def utf16(text, i):
    return len(text[:i].encode("utf-16-le")) // 2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gitleaks")
    ap.add_argument("noseyparker")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--gitleaks-commit", default="unknown")
    ap.add_argument("--noseyparker-commit", default="unknown")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    gl, gl_stats = gitleaks_samples(a.gitleaks, rnd)
    np_, np_stats = noseyparker_samples(a.noseyparker)
    os.makedirs(a.out, exist_ok=True)
    files = {h: open(os.path.join(a.out, f"secrets_{h}.jsonl"), "w", encoding="utf-8") for h in ("dev", "heldout")}
    counts = {}
    seen = set()
    for n, s in enumerate(gl + np_):
        key = (s["source"], s["rule"], s["text"])
        if key in seen:
            continue
        seen.add(key)
        h = half(s["source"], s["rule"])
        s = {"id": f"{s['source']}:{s['rule']}:{n}", "half": h, "provider": provider(s["source"], s["rule"]), **s}
        # offsets as Java counts them (UTF-16 code units)
        s["secrets"] = [[utf16(s["text"], a), utf16(s["text"], b)] for a, b in s["secrets"]]
        s["ignore"] = [[utf16(s["text"], a), utf16(s["text"], b)] for a, b in s["ignore"]]
        files[h].write(json.dumps(s, ensure_ascii=False) + "\n")
        c = counts.setdefault((h, s["source"], s["kind"]), [0, 0, set()])
        c[0] += 1
        c[1] += len(s["secrets"])
        c[2].add(s["rule"])
    for f in files.values():
        f.close()
    lines = ["half      source       kind      samples  secrets  rules"]
    for (h, src, kind), (n, sec, rules) in sorted(counts.items()):
        lines.append(f"{h:<9} {src:<12} {kind:<9} {n:7d} {sec:8d} {len(rules):6d}")
    lines.append(f"gitleaks: {gl_stats}; noseyparker: {np_stats}")
    text = SOURCE_TXT.format(seed=a.seed, gl_commit=a.gitleaks_commit, np_commit=a.noseyparker_commit,
                             counts="\n".join(lines))
    open(os.path.join(a.out, "SOURCE.txt"), "w", encoding="utf-8").write(text)
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())

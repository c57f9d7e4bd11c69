#!/usr/bin/env python3
"""Builds the FRESH held-out secret set (issue 15, second round) from five further scanners' test material.

    bench/secret-sets/build_fresh.py SRC_DIR OUT_DIR [--exclude OLD_SET_DIR]

SRC_DIR holds one checkout (or extracted tree) per source, named owner+repo:
  semgrep+semgrep-rules            generic/secrets/security/* : test files annotated "ruleid:" / "ok:" per line
  Yelp+detect-secrets              tests/plugins/*_test.py : parametrized (line, should_flag / expected secret)
  secretlint+secretlint            packages/@secretlint/secretlint-rule-*/test/snapshots/*/{input*,output.json}
  mongodb+kingfisher               data/rules/*.yml : examples / negative_examples (Nosey Parker's format)
  trufflesecurity+trufflehog       pkg/detectors/**/*_test.go : the Test*_Pattern tables (input, want)
  praetorian-inc+noseyparker       (optional) only to drop Kingfisher examples copied from Nosey Parker
OUT_DIR receives secrets_fresh.jsonl and SOURCE_FRESH.txt. --exclude OLD_SET_DIR (the secrets_*.jsonl of
build.py) drops every sample whose text or gold value already occurs in the old sets.

Gold spans are what each scanner reports as the secret: the value its test expects (detect-secrets' secret value,
secretlint's message range/data, trufflehog's want list, Kingfisher's capture group) or, for semgrep, the span of
the rule's regex (its SECRET / focused metavariable group) on the annotated line, else the whole annotated line.
Rules whose finding is not a secret by the redactor's rules (account/client/app ids, user names, hosts, e-mails,
"a .env file exists", home folders, a k8s kind: Secret) are left out; that list is fixed here, from rule names,
before any measurement. A scanner's negative that contains a value the same scanner labels a secret elsewhere is
dropped (it is negative only for that rule's context). Every value is a fabricated test value. There is no split:
the whole set is held out. Needs Python 3.11+, PyYAML, regex, and detect-secrets' own dependencies (requests).
"""
import argparse
import ast
import glob
import json
import os
import re
import sys

import regex
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import Unsupported, go_string, tokenize, utf16  # noqa: E402

# Not secrets by the redactor's rules (identifiers, file kinds, meta rules): left out, decided from rule names.
NOT_SECRET_RULE = re.compile(
    r"(?i)(account|client|app|application|org|organi[sz]ation|tenant|project|customer|site|team|workspace|"
    r"instance|subscription|merchant|user|store|shop|zone)[ _.-]?(id|name|identifier)\b|username|user name|"
    r"\bemail\b|\bdomain\b|hostname|\bhost\b|endpoint|\burl\b$|public[ _-]?key|etc-shadow|homedir|dotenv|"
    r"k8s-kind|filter-comments|secretlint-rule-example|accountid|clientid|appid|\bid\b$|identifier")

CATEGORIES = [
    ("password-hash", r"hash|bcrypt|crypt|shadow|argon|pbkdf"),
    ("private-key", r"private.?key|privatekey|\bpem\b|pgp|pkcs|p12|ssh.?key|age.?secret"),
    ("url-credentials", r"basic.?auth|basicauth|\buri\b|\burl\b|connection|database|dsn|postgres|mongo|mysql|redis|"
                        r"amqp|jdbc|ftp|smtp|password-in"),
    ("jwt", r"jwt|jose"),
    ("webhook", r"webhook"),
    ("generic", r"generic|keyword|high.?entropy|^secret|password|passwd|credential|entropy"),
]


def category(rule):
    rule = rule.replace("secretlint-rule-", "").replace("kingfisher.", "")
    for name, rx in CATEGORIES:
        if re.search(rx, rule, re.I):
            return name
    return "vendor-token"


PLACEHOLDER_WORD = re.compile(r"(?i)x{4}|example|your|dummy|fake|sample|placeholder|redacted|test|secret|password")


def placeholder_like(value):
    """Documentation-style values (a word, a run of one character, an ascending run); reported apart, kept."""
    if PLACEHOLDER_WORD.search(value) or re.search(r"(.)\1{5}", value):
        return True
    low = value.lower()
    return any(low[i:i + 8] in "abcdefghijklmnopqrstuvwxyz" or low[i:i + 8] in "0123456789"
               for i in range(len(low) - 7))


def spans_of(text, value):
    out, i = [], text.find(value)
    while value and i >= 0:
        out.append([i, i + len(value)])
        i = text.find(value, i + len(value))
    return out


def sample(source, rule, text, secrets, ignore=(), how="value"):
    return {"source": source, "rule": rule, "kind": "positive" if secrets else "negative", "text": text,
            "secrets": [list(s) for s in secrets], "ignore": [list(s) for s in ignore], "how": how}


# ------------------------------------------------------------------ semgrep-rules: annotated test files

def semgrep_regexes(rule):
    """(compiled regex, group) pairs from pattern-regex entries anywhere in the rule."""
    found, focus = [], set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "pattern-regex" and isinstance(v, str):
                    found.append(v)
                elif k == "focus-metavariable":
                    focus.update([v] if isinstance(v, str) else v)
                elif k in ("metavariable-regex", "metavariable-analysis") and isinstance(v, dict):
                    focus.add(v.get("metavariable", ""))
                else:
                    walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk({k: v for k, v in rule.items() if k != "metadata"})
    out = []
    for p in found:
        try:
            rx = regex.compile(p, regex.M)
        except regex.error:
            continue
        names = [m.lstrip("$") for m in focus if m.lstrip("$") in rx.groupindex]
        out.append((rx, names[0] if names else 0))
    return out


def semgrep_samples(root):
    out, stats = [], {"positives_regex": 0, "positives_line": 0, "negatives": 0, "rules_left_out": 0}
    for ypath in sorted(glob.glob(os.path.join(root, "generic", "secrets", "security", "*.yaml"))):
        base = ypath[:-5]
        tests = [p for p in glob.glob(base + ".*") if not p.endswith(".yaml")]
        if not tests:
            continue
        rule = (yaml.safe_load(open(ypath, encoding="utf-8"))["rules"])[0]
        if NOT_SECRET_RULE.search(rule["id"]):
            stats["rules_left_out"] += 1
            continue
        rxs = semgrep_regexes(rule)
        lines = open(tests[0], encoding="utf-8").read().split("\n")
        marks = [(i, m.group(1)) for i, ln in enumerate(lines)
                 if (m := re.search(r"(?:#|//|--|<!--|/\*)\s*(ruleid|ok|todoruleid|todook)\s*:\s*" + re.escape(rule["id"]), ln))]
        for n, (i, what) in enumerate(marks):
            end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
            body = lines[i + 1:end]
            while body and not body[-1].strip():
                body.pop()
            if not body:
                continue
            text = "\n".join(body)
            if what in ("ok", "todook"):
                stats["negatives"] += 1
                out.append(sample("semgrep", rule["id"], text, []))
                continue
            first = len(body[0])
            secrets = []
            for rx, g in rxs:
                for m in rx.finditer(text):
                    if m.start() <= first and m.end(g) > m.start(g):
                        secrets.append([m.start(g), m.end(g)])
            how = "regex"
            if not secrets:
                lead = len(body[0]) - len(body[0].lstrip())
                secrets, how = [[lead, first]], "line"
            stats["positives_" + how] += 1
            out.append(sample("semgrep", rule["id"], text, secrets, how=how))
    return out, stats


# ------------------------------------------------------------------ detect-secrets: parametrized plugin tests

class PyEval:
    """Evaluates the constant string expressions detect-secrets' tests build their cases with."""

    def __init__(self, env):
        self.env = env

    def ev(self, n):
        if isinstance(n, ast.Constant):
            return n.value
        if isinstance(n, (ast.Tuple, ast.List)):
            return [self.ev(x) for x in n.elts]
        if isinstance(n, ast.Name):
            if n.id in self.env:
                return self.env[n.id]
            raise Unsupported(n.id)
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Add, ast.Mod, ast.Mult)):
            a, b = self.ev(n.left), self.ev(n.right)
            if isinstance(n.op, ast.Add):
                return a + b
            if isinstance(n.op, ast.Mult):
                return a * b
            return a % (tuple(b) if isinstance(b, list) else b)
        if isinstance(n, ast.Subscript):
            return self.ev(n.value)[self.ev(n.slice)]
        if isinstance(n, ast.Slice):
            return slice(*(self.ev(x) if x else None for x in (n.lower, n.upper, n.step)))
        if isinstance(n, ast.JoinedStr):
            return "".join(str(self.ev(v.value)) if isinstance(v, ast.FormattedValue) else v.value for v in n.values)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            if n.func.attr in ("format", "upper", "lower", "strip", "replace", "join"):
                obj = self.ev(n.func.value)
                args = [self.ev(a) for a in n.args]
                kw = {k.arg: self.ev(k.value) for k in n.keywords}
                return getattr(obj, n.func.attr)(*args, **kw)
            if n.func.attr == "dedent":
                import textwrap
                return textwrap.dedent(self.ev(n.args[0]))
        raise Unsupported(type(n).__name__)


def ds_plugins(tree, pkg_root):
    """Detector classes the test module imports from detect_secrets.plugins."""
    sys.path.insert(0, pkg_root)
    import importlib
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("detect_secrets.plugins."):
            mod = importlib.import_module(node.module)
            for a in node.names:
                cls = getattr(mod, a.name, None)
                if isinstance(cls, type) and hasattr(cls, "analyze_line") and not a.name.startswith("get_"):
                    out.append(cls)
    return out


def ds_locate(plugins, line, filename="mock_filename"):
    values = set()
    for cls in plugins:
        try:
            for s in cls().analyze_line(filename=filename, line=line, line_number=0):
                if s.secret_value:
                    values.add(s.secret_value)
        except Exception:  # noqa: BLE001 - a plugin that needs settings or a network: no span from it
            continue
    return [sp for v in sorted(values) for sp in spans_of(line, v)]


def detect_secrets_samples(root):
    out, stats = [], {"positives": 0, "unlocated": 0, "negatives": 0, "cases_skipped": 0}
    keyword_pos, keyword_neg = {}, set()
    for path in sorted(glob.glob(os.path.join(root, "tests", "plugins", "*_test.py"))):
        rule = os.path.basename(path)[:-8]
        if rule in ("base", "ip_public"):  # base: no detector; public IPs are personal data, not secrets
            continue
        tree = ast.parse(open(path, encoding="utf-8").read())
        env = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                try:
                    env[node.targets[0].id] = PyEval(env).ev(node.value)
                except Exception:  # noqa: BLE001
                    pass
        plugins = ds_plugins(tree, root)
        ev = PyEval(env)
        if rule == "keyword":
            for name, val in env.items():
                if name.endswith("_TEST_CASES") and isinstance(val, list):
                    for case in val:
                        if isinstance(case, list) and len(case) == 2 and isinstance(case[0], str):
                            (keyword_pos.setdefault(case[0], set()).add(case[1]) if case[1] else keyword_neg.add(case[0]))
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "parametrize"):
                continue
            names = [x.strip() for x in ev.ev(node.args[0]).split(",")]
            try:
                cases = ev.ev(node.args[1])
            except Exception:  # noqa: BLE001
                stats["cases_skipped"] += 1
                continue
            if names == ["plugin", "non_secret", "secret"]:
                for _plugin, non_secret, secret in cases:
                    for q in ("'", '"'):
                        out.append(sample("detect-secrets", rule, f"{q}{secret}{q}", [[1, 1 + len(secret)]]))
                        out.append(sample("detect-secrets", rule, f"{q}{non_secret}{q}", []))
                        stats["positives"] += 1
                        stats["negatives"] += 1
                continue
            text_i = next((i for i, x in enumerate(names) if x in ("payload", "line", "token", "file_content")), None)
            flag_i = next((i for i, x in enumerate(names) if x in ("should_flag", "expected_secret")), None)
            if text_i is None:
                continue
            for case in cases:
                case = case if isinstance(case, list) else [case]
                text = case[text_i]
                if not isinstance(text, str):
                    stats["cases_skipped"] += 1
                    continue
                flag = case[flag_i] if flag_i is not None else True
                if flag is False or flag is None:
                    stats["negatives"] += 1
                    out.append(sample("detect-secrets", rule, text, []))
                    continue
                if isinstance(flag, str):
                    secrets = spans_of(text, flag)
                elif names[text_i] == "file_content":
                    b = text.find("-----BEGIN")
                    secrets = [[b, len(text)]] if b >= 0 else []
                else:
                    secrets = ds_locate(plugins, text)
                if not secrets:
                    stats["unlocated"] += 1
                    continue
                stats["positives"] += 1
                out.append(sample("detect-secrets", rule, text, secrets))
    for text, values in sorted(keyword_pos.items()):
        secrets = [sp for v in sorted(values) for sp in spans_of(text, v)]
        if secrets:
            stats["positives"] += 1
            out.append(sample("detect-secrets", "keyword", text, secrets))
    for text in sorted(keyword_neg - set(keyword_pos)):
        stats["negatives"] += 1
        out.append(sample("detect-secrets", "keyword", text, []))
    return out, stats


# ------------------------------------------------------------------ secretlint: rule snapshots

def py_index(text, u16):
    """Python index of a UTF-16 offset (JavaScript ranges)."""
    n = 0
    for i, ch in enumerate(text):
        if n >= u16:
            return i
        n += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def secretlint_samples(root):
    out, stats = {}, {"positives": 0, "unlocated": 0, "negatives": 0, "left_out": 0}
    pkgs = sorted(glob.glob(os.path.join(root, "packages", "@secretlint", "secretlint-rule-*")))
    for pkg in pkgs:
        name = os.path.basename(pkg)
        if "preset" in name:  # the presets' snapshots repeat the rules' own
            continue
        for snap in sorted(glob.glob(os.path.join(pkg, "test", "snapshots", "*"))):
            outp = os.path.join(snap, "output.json")
            if not os.path.isfile(outp):
                continue
            res = json.load(open(outp, encoding="utf-8"))
            text = res.get("sourceContent")
            if not isinstance(text, str) or "\x00" in text:
                continue
            rule = f"{name}/{os.path.basename(snap)}"
            msgs = res.get("messages") or []
            if NOT_SECRET_RULE.search(name) or any(NOT_SECRET_RULE.search(m.get("messageId", "")) for m in msgs):
                stats["left_out"] += 1
                continue
            secrets = []
            for m in msgs:
                values = [v for v in (m.get("data") or {}).values() if isinstance(v, str) and len(v) >= 4]
                a, b = (py_index(text, x) for x in m.get("range", [0, 0]))
                if any(text[a:b] == v or v in text[a:b] for v in values) or (not values and b > a):
                    secrets.append([a, b])
                else:
                    secrets.extend(sp for v in values for sp in spans_of(text, v))
            if msgs and not secrets:
                stats["unlocated"] += 1
                continue
            stats["positives" if secrets else "negatives"] += 1
            out[(rule, text)] = sample("secretlint", rule, text, secrets)
    return list(out.values()), stats


# ------------------------------------------------------------------ Kingfisher: rule examples

def kingfisher_samples(root, np_root):
    np_texts = set()
    if np_root:
        for p in glob.glob(os.path.join(np_root, "crates", "noseyparker", "data", "default", "builtin", "rules", "*.yml")):
            for r in (yaml.safe_load(open(p, encoding="utf-8")) or {}).get("rules", []):
                np_texts.update(r.get("examples") or [])
                np_texts.update(r.get("negative_examples") or [])
    out, stats = [], {"positives": 0, "unlocated": 0, "negatives": 0, "from_noseyparker": 0, "rules_left_out": 0}
    for path in sorted(glob.glob(os.path.join(root, "data", "rules", "*.yml"))):
        try:
            rules = (yaml.safe_load(open(path, encoding="utf-8")) or {}).get("rules", [])
        except yaml.YAMLError:
            continue
        for rule in rules:
            if rule.get("visible") is False or NOT_SECRET_RULE.search(rule.get("name", "")) \
                    or "identifier" in (rule.get("categories") or []):
                stats["rules_left_out"] += 1
                continue
            try:
                rx = regex.compile(rule["pattern"])
            except (regex.error, KeyError):
                continue
            want = [g for g in ("TOKEN", "SECRET", "KEY", "PASSWORD") if g in rx.groupindex]
            for text in rule.get("examples") or []:
                if text in np_texts:
                    stats["from_noseyparker"] += 1
                    continue
                secrets, ignore = [], []
                for m in rx.finditer(text):
                    groups = [rx.groupindex[w] for w in want] or ([1] if rx.groups else [0])
                    for g in range(0, rx.groups + 1):
                        if g and (m.start(g) < 0 or m.end(g) <= m.start(g)):
                            continue
                        if g in groups:
                            secrets.append([m.start(g), m.end(g)])
                        elif g:
                            ignore.append([m.start(g), m.end(g)])
                if not secrets:
                    stats["unlocated"] += 1
                    continue
                stats["positives"] += 1
                out.append(sample("kingfisher", rule["id"], text, secrets, ignore))
            for text in rule.get("negative_examples") or []:
                if text in np_texts:
                    stats["from_noseyparker"] += 1
                    continue
                stats["negatives"] += 1
                out.append(sample("kingfisher", rule["id"], text, []))
    return out, stats


# ------------------------------------------------------------------ trufflehog: detector pattern tests

class GoTable:
    """Reads the input/want rows of a trufflehog Test*_Pattern function, with the file's string constants."""

    def __init__(self, toks):
        self.t, self.i, self.env = toks, 0, {}

    def peek(self, k=0):
        return self.t[self.i + k] if self.i + k < len(self.t) else ("eof", "")

    def next(self):
        self.i += 1
        return self.t[self.i - 1] if self.i - 1 < len(self.t) else ("eof", "")

    def expr(self):
        v = self.primary()
        while self.peek()[1] == "+":
            self.next()
            v = v + self.primary()
        return v

    def primary(self):
        k, v = self.next()
        if k in ("str", "raw"):
            return go_string(v)
        if v == "[" and self.peek()[1] == "]" and self.peek(1)[1] == "byte":
            self.i += 2
            return self.call_args()[0]
        if k != "ident":
            raise Unsupported(v)
        name = v
        while self.peek()[1] == "." and self.peek(1)[0] == "ident":
            self.next()
            name += "." + self.next()[1]
        if self.peek()[1] != "(":
            if name in self.env:
                return self.env[name]
            raise Unsupported(name)
        a = self.call_args()
        if name == "fmt.Sprintf":
            return go_sprintf(a[0], a[1:])
        if name == "strings.Repeat":
            return a[0] * int(a[1])
        if name in ("string", "strings.TrimSpace"):
            return a[0].strip() if name.endswith("TrimSpace") else a[0]
        raise Unsupported(name)

    def call_args(self):
        if self.next()[1] != "(":
            raise Unsupported("(")
        out = []
        while self.peek()[1] != ")":
            k, v = self.peek()
            if k == "num":
                self.next()
                out.append(int(v) if v.isdigit() else v)
            else:
                out.append(self.expr())
            if self.peek()[1] == ",":
                self.next()
        self.next()
        return out

    def skip(self):
        depth = 0
        while self.peek()[0] != "eof":
            v = self.peek()[1]
            if depth == 0 and v in (",", "}", ")"):
                return
            depth += v in "([{"
            depth -= v in ")]}"
            self.next()

    def constants(self):
        """Top-level (and function-level) name = "string" bindings, in order."""
        n = len(self.t)
        while self.i < n:
            k, v = self.peek()
            if k == "ident" and self.peek(1)[1] in ("=", ":="):
                start = self.i
                self.i += 2
                try:
                    val = self.expr()
                    if isinstance(val, str) and self.peek()[1] not in ("(", "."):
                        self.env[v] = val
                except (Unsupported, IndexError, ValueError, TypeError):
                    self.i = start + 1
                continue
            self.i += 1

    def rows(self, start, end):
        rows, cur = [], {}
        self.i = start
        while self.i < end:
            k, v = self.peek()
            if k == "ident" and v in ("input", "want", "name") and self.peek(1)[1] == ":":
                self.i += 2
                if v == "name" and cur:
                    rows.append(cur)
                    cur = {}
                at = self.i
                try:
                    if v == "want":
                        cur["want"] = self.want()
                    elif v == "input":
                        cur["input"] = self.expr()
                except (Unsupported, IndexError, ValueError, TypeError):
                    cur[v] = Unsupported
                    self.i = at
                    self.skip()
                continue
            self.i += 1
        if cur:
            rows.append(cur)
        return rows

    def want(self):
        if self.peek()[1] == "nil":
            self.next()
            return []
        if [self.next()[1] for _ in range(3)] != ["[", "]", "string"] or self.next()[1] != "{":
            raise Unsupported("want")
        out = []
        while self.peek()[1] != "}":
            out.append(self.expr())
            if self.peek()[1] == ",":
                self.next()
        self.next()
        return out


def go_sprintf(fmt, args):
    out, ai, i = [], 0, 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            c = fmt[i + 1]
            if c == "%":
                out.append("%")
            elif c in "sdvq":
                a = args[ai]
                ai += 1
                out.append(json.dumps(a) if c == "q" else str(a))
            else:
                raise Unsupported("verb " + c)
            i += 2
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)


def trufflehog_samples(root):
    out, stats = [], {"positives": 0, "negatives": 0, "rows_unread": 0, "wants_unlocated": 0, "detectors": 0,
                      "left_out": 0}
    for path in sorted(glob.glob(os.path.join(root, "pkg", "detectors", "**", "*_test.go"), recursive=True)):
        if path.endswith("_integration_test.go"):
            continue
        src = open(path, encoding="utf-8").read()
        if "_Pattern(t *testing.T)" not in src:
            continue
        detector = os.path.relpath(os.path.dirname(path), os.path.join(root, "pkg", "detectors"))
        if NOT_SECRET_RULE.search(detector):
            stats["left_out"] += 1
            continue
        toks = tokenize(src)
        table = GoTable(toks)
        table.constants()
        stats["detectors"] += 1
        for fi, (k, v) in enumerate(toks):
            if not (k == "ident" and v.endswith("_Pattern") and v.startswith("Test")):
                continue
            end = next((j for j in range(fi + 1, len(toks)) if toks[j] == ("ident", "func") and j > fi + 2
                        and toks[j + 1][1].startswith("Test")), len(toks))
            for row in table.rows(fi, end):
                text, want = row.get("input"), row.get("want")
                if not isinstance(text, str) or not isinstance(want, list):
                    stats["rows_unread"] += 1
                    continue
                if not want:
                    stats["negatives"] += 1
                    out.append(sample("trufflehog", detector, text, []))
                    continue
                secrets, missing = [], 0
                for w in want:
                    found = spans_of(text, w)
                    if not found:  # RawV2 joins parts (id + secret): take the parts that occur in the input.
                        # Known flaw, kept so the frozen set stays as measured: hosts and ids become gold too.
                        parts = [p for p in re.split(r"[:;|,\s]+", w) if len(p) >= 8 and p in text]
                        found = [sp for p in parts for sp in spans_of(text, p)]
                    missing += not found
                    secrets.extend(found)
                if missing:
                    stats["wants_unlocated"] += 1
                    continue
                stats["positives"] += 1
                out.append(sample("trufflehog", detector, text, secrets))
    return out, stats


# ------------------------------------------------------------------ output

SOURCE_TXT = """Fresh held-out secret set for bench/redaction-secrets.sh --fresh, built by bench/secret-sets/build_fresh.py
from five further scanners' test material (none of it used before issue 15's second round). Not copied into the
repository; evaluation data only.

semgrep         semgrep/semgrep-rules, LGPL-2.1 with the Commons Clause, Copyright Semgrep Inc.
                generic/secrets/security/*: lines annotated "ruleid:" (positive) / "ok:" (negative); gold =
                the rule regex's SECRET/focused group on that line, else the whole line. The generic/secrets/
                gitleaks/* copies of gitleaks rules are not used. commit {semgrep}
detect-secrets  Yelp/detect-secrets, Apache-2.0, Copyright Yelp Inc. tests/plugins/*_test.py: parametrized
                cases; gold = the secret value the test names or the plugin reports. commit {detect_secrets}
secretlint      secretlint/secretlint, MIT, Copyright (c) 2020 azu. Rule snapshots (input, output.json);
                gold = each reported message's range/data. commit {secretlint}
kingfisher      mongodb/kingfisher, Apache-2.0, Copyright MongoDB Inc. data/rules/*.yml examples and
                negative_examples, minus those copied from Nosey Parker; gold = TOKEN/SECRET group, else
                group 1. commit {kingfisher}
trufflehog      trufflesecurity/trufflehog, AGPL-3.0, Copyright Truffle Security Co. pkg/detectors/*/
                *_test.go Test*_Pattern tables: input with want (positive) or want nil/empty (negative).
                AGPL: used here as evaluation input only, never bundled or copied into the repository.
                commit {trufflehog}

All values are fabricated test values. No split: the whole set is held out.
Rules left out as "not a secret by the redactor's rules" (ids, user names, hosts, e-mails, file kinds): see
NOT_SECRET_RULE in build_fresh.py. Dropped: samples whose text or gold value occurs in the old sets, and negatives
holding a value the same scanner labels a secret elsewhere ({dropped} in all).

source          kind      samples  secrets  rules
{counts}

{stats}
"""


def old_values(directory):
    texts, values = set(), set()
    for p in glob.glob(os.path.join(directory, "secrets_*.jsonl")):
        if p.endswith("secrets_fresh.jsonl"):
            continue
        for line in open(p, encoding="utf-8"):
            r = json.loads(line)
            texts.add(r["text"])
            enc = r["text"].encode("utf-16-le")
            for a, b in r["secrets"]:
                values.add(enc[2 * a:2 * b].decode("utf-16-le"))
    return texts, values


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--exclude", help="directory with the old secrets_dev/heldout.jsonl")
    for name in ("semgrep", "detect-secrets", "secretlint", "kingfisher", "trufflehog"):
        ap.add_argument(f"--{name}-commit", default="unknown")
    a = ap.parse_args()
    d = lambda name: os.path.join(a.src, name)  # noqa: E731
    parts, stats = [], {}
    for name, (samples, st) in (
            ("semgrep", semgrep_samples(d("semgrep+semgrep-rules"))),
            ("detect-secrets", detect_secrets_samples(d("Yelp+detect-secrets"))),
            ("secretlint", secretlint_samples(d("secretlint+secretlint"))),
            ("kingfisher", kingfisher_samples(d("mongodb+kingfisher"),
                                              d("praetorian-inc+noseyparker") if os.path.isdir(d("praetorian-inc+noseyparker")) else None)),
            ("trufflehog", trufflehog_samples(d("trufflesecurity+trufflehog")))):
        parts.extend(samples)
        stats[name] = st
    old_texts, old_vals = old_values(a.exclude) if a.exclude else (set(), set())
    gold_by_rule = {}
    for s in parts:
        for x, y in s["secrets"]:
            gold_by_rule.setdefault((s["source"], s["rule"].split("/")[0]), set()).add(s["text"][x:y])
    os.makedirs(a.out, exist_ok=True)
    seen, counts, dropped = set(), {}, 0
    with open(os.path.join(a.out, "secrets_fresh.jsonl"), "w", encoding="utf-8") as f:
        for n, s in enumerate(parts):
            values = {s["text"][x:y] for x, y in s["secrets"]}
            if s["text"] in old_texts or values & old_vals:
                dropped += 1
                continue
            if not s["secrets"] and any(len(v) >= 8 and v in s["text"]
                                        for v in gold_by_rule.get((s["source"], s["rule"].split("/")[0]), ())):
                dropped += 1  # negative only for that rule's context: the same value is a secret elsewhere
                continue
            key = (s["text"], tuple(map(tuple, s["secrets"])))
            if key in seen:
                continue
            seen.add(key)
            rec = {"id": f"{s['source']}:{s['rule']}:{n}", "category": category(s["rule"]),
                   "placeholder_like": any(placeholder_like(v) for v in values), **s}
            rec["secrets"] = [[utf16(s["text"], x), utf16(s["text"], y)] for x, y in s["secrets"]]
            rec["ignore"] = [[utf16(s["text"], x), utf16(s["text"], y)] for x, y in s["ignore"]]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            c = counts.setdefault((s["source"], rec["kind"]), [0, 0, set()])
            c[0] += 1
            c[1] += len(s["secrets"])
            c[2].add(s["rule"])
    lines = [f"{src:<15} {kind:<9} {n:7d} {sec:8d} {len(r):6d}" for (src, kind), (n, sec, r) in sorted(counts.items())]
    text = SOURCE_TXT.format(counts="\n".join(lines), stats=json.dumps(stats, indent=1), dropped=dropped,
                             semgrep=a.semgrep_commit, detect_secrets=a.detect_secrets_commit,
                             secretlint=a.secretlint_commit, kingfisher=a.kingfisher_commit,
                             trufflehog=a.trufflehog_commit)
    open(os.path.join(a.out, "SOURCE_FRESH.txt"), "w", encoding="utf-8").write(text)
    print("\n".join(lines))
    print(json.dumps(stats))
    print("dropped (in old sets, or negative for one rule only):", dropped)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Validates deploy/docker-compose.yml (and the GPU override) and deploy/docker-compose.worker.yml (a further host that
# runs only a worker-launcher) with a real Compose implementation, then checks
# the deployment rules on the file as Compose resolved it:
#   - `config` accepts it (schema, interpolation, anchors), with the defaults and with the docker-executor
#     settings (host folders at the same path inside and outside);
#   - db is postgres:16 with a health check and a named volume; every service waits for db's health;
#   - only the api publishes a port (container 8000), on no fixed host address; only worker-launcher mounts
#     the Docker socket; all four mount the logs and uploads volumes where CYBER_BRAIN_LOGS/UPLOADS point;
#   - the worker host's file: the launcher alone, no published port, the database with sslmode=verify-full and its CA
#     mounted read-only where sslrootcert points (refused without it), this host's own Docker socket and never an
#     engine over TCP, its name from CYBERBRAIN_HOST_NAME;
#   - every variable the services read (${VAR...} in */src/main/resources/application.properties) is
#     documented in deploy/.env.example and docs/configuration.md.
#
#   deploy/compose-check.sh
#
# Compose: `docker compose` (v2 plugin), else `docker-compose` (Debian's docker-compose package, v1.29, which
# validates against the Compose Specification schema), else `podman-compose`. Needs python3 with PyYAML
# (a dependency of docker-compose).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
say() { echo "compose-check: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
elif command -v podman-compose >/dev/null 2>&1; then
    compose=(podman-compose)
else
    die "no Compose implementation (Debian: apt-get install docker-compose)"
fi
python3 -c 'import yaml' 2>/dev/null || die "python3 with PyYAML is needed (Debian: apt-get install python3-yaml)"
say "using: ${compose[*]} ($("${compose[@]}" version 2>/dev/null | head -n 1))"

work="$(mktemp -d "${TMPDIR:-/tmp}/cyberbrain-compose-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The user's deploy/.env (if any) must not decide the outcome: use the example, plus the one required value.
resolve() { # output-file [extra VAR=value ...] -- compose files...
    local out=$1; shift
    local -a env=(POSTGRES_PASSWORD=compose-check)
    while [ "$1" != -- ]; do env+=("$1"); shift; done
    shift
    local -a files=()
    for f in "$@"; do files+=(-f "$here/$f"); done
    env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${env[@]}" \
        "${compose[@]}" --env-file "$here/.env.example" --project-directory "$here" "${files[@]}" config >"$out" \
        || die "${compose[*]} config rejected ${*} (${env[*]})"
}
resolve "$work/default.yml" -- docker-compose.yml
resolve "$work/gpu.yml" -- docker-compose.yml docker-compose.gpu.yml
resolve "$work/docker-executor.yml" CYBERBRAIN_EXECUTOR=docker \
    CYBERBRAIN_LOGS_VOLUME=/srv/cyberbrain/logs CYBER_BRAIN_LOGS=/srv/cyberbrain/logs \
    CYBERBRAIN_UPLOADS_VOLUME=/srv/cyberbrain/uploads CYBER_BRAIN_UPLOADS=/srv/cyberbrain/uploads \
    CYBERBRAIN_HTTP_PORT=127.0.0.1:9595 -- docker-compose.yml
say "config accepts docker-compose.yml (defaults, docker executor) and with docker-compose.gpu.yml"

# The worker host's file, with its own example settings and the values it requires; without the database's CA
# certificate it must be refused (TLS to the database is verified, never optional).
resolve_worker() { # output-file [VAR=value ...]
    local out=$1; shift
    env -i PATH="$PATH" HOME="${HOME:-/tmp}" "$@" \
        "${compose[@]}" --env-file "$here/worker.env.example" --project-directory "$here" \
        -f "$here/docker-compose.worker.yml" config >"$out"
}
worker_required=(POSTGRES_PASSWORD=compose-check POSTGRES_HOST=db.lan CYBERBRAIN_HOST_NAME=gpu-box)
resolve_worker "$work/worker.yml" "${worker_required[@]}" POSTGRES_CA_CERT=/etc/cyberbrain/postgres-ca.crt \
    || die "${compose[*]} config rejected docker-compose.worker.yml"
resolve_worker "$work/worker-docker-executor.yml" "${worker_required[@]}" POSTGRES_CA_CERT=/etc/cyberbrain/postgres-ca.crt \
    CYBERBRAIN_EXECUTOR=docker CYBERBRAIN_LOGS_VOLUME=/srv/cyberbrain/logs CYBER_BRAIN_LOGS=/srv/cyberbrain/logs \
    CYBERBRAIN_UPLOADS_VOLUME=/srv/cyberbrain/uploads CYBER_BRAIN_UPLOADS=/srv/cyberbrain/uploads \
    || die "${compose[*]} config rejected docker-compose.worker.yml with the docker executor"
if resolve_worker "$work/worker-no-ca.yml" "${worker_required[@]}" 2>/dev/null; then
    die "docker-compose.worker.yml was accepted without POSTGRES_CA_CERT"
fi
say "config accepts docker-compose.worker.yml (defaults, docker executor) and refuses it without the database's CA"

# Every ${VAR} or ${VAR:default} the services read from the environment.
variables="$(grep -ho '\${[A-Z][A-Z0-9_]*[:}]' "$repo"/*/src/main/resources/application.properties \
    | sed -e 's/^\${//' -e 's/[:}]$//' | sort -u)"
variables="$variables POSTGRES_URL JAVA_OPTS_APPEND" # read by PostgresUrlConfigSource, and the images' entry point

python3 - "$work" "$repo" $variables <<'PY'
import os, sys, yaml

work, repo, variables = sys.argv[1], sys.argv[2], sys.argv[3:]
errors = []
def check(ok, message):
    if not ok:
        errors.append(message)

def load(name):
    with open(os.path.join(work, name)) as f:
        return yaml.safe_load(f)

def mounts(service):
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):
            parts = v.split(":")
            out.append((parts[0], parts[1] if len(parts) > 1 else parts[0]))
        else:
            out.append((v.get("source"), v.get("target")))
    return out

apps = ["api", "scheduler", "ingester", "worker-launcher"]
for variant in ["default.yml", "gpu.yml", "docker-executor.yml"]:
    c = load(variant)
    s = c["services"]
    check(set(s) == set(apps) | {"db"}, f"{variant}: services are {sorted(s)}")
    db = s["db"]
    check(str(db.get("image", "")).startswith("postgres:16"), f"{variant}: db image is {db.get('image')}")
    check("pg_isready" in " ".join(db.get("healthcheck", {}).get("test", [])), f"{variant}: db has no pg_isready health check")
    check(any(src == "db-data" for src, _ in mounts(db)), f"{variant}: db data is not on the db-data volume")
    for name, svc in s.items():
        ports = svc.get("ports", [])
        for p in ports:
            if isinstance(p, dict):
                host_ip, target = p.get("host_ip"), p.get("target")
            else:
                bits = str(p).split("/")[0].split(":")
                host_ip, target = (bits[0] if len(bits) == 3 else None), bits[-1]
            check(name == "api" and str(target) == "8000", f"{variant}: {name} publishes {p}")
            if variant != "docker-executor.yml":
                check(not host_ip, f"{variant}: {name} publishes on a fixed host address {host_ip}")
        socket = any(t == "/var/run/docker.sock" for _, t in mounts(svc))
        check(socket == (name == "worker-launcher"), f"{variant}: {name} {'mounts' if socket else 'does not mount'} the Docker socket")
        if name == "db":
            continue
        dep = svc.get("depends_on", {})
        check(isinstance(dep, dict) and dep.get("db", {}).get("condition") == "service_healthy",
              f"{variant}: {name} does not wait for db's health check")
        env = svc.get("environment", {})
        targets = {t: src for src, t in mounts(svc)}
        for var in ["CYBER_BRAIN_LOGS", "CYBER_BRAIN_UPLOADS"]:
            path = env.get(var)
            check(path in targets, f"{variant}: {name}: nothing is mounted at {var}={path}")
            if variant == "docker-executor.yml" and path in targets:
                check(targets[path] == path, f"{variant}: {name}: {var} is not the same path inside and outside")
    check(any((str(p.get("published")) if isinstance(p, dict) else str(p).split("/")[0].split(":")[-2]) == "9595"
              for p in s["api"].get("ports", [])),
          f"{variant}: api is not published on 9595")

# The Unraid template: well-formed, the fields Unraid needs, the api's port, both folders, the database.
import xml.etree.ElementTree as ET
unraid = ET.parse(os.path.join(repo, "deploy/unraid/cyberbrain-api.xml")).getroot()
check(unraid.tag == "Container", "unraid: root element is not <Container>")
for field in ["Name", "Repository", "Network", "WebUI"]:
    check((unraid.findtext(field) or "").strip() != "", f"unraid: <{field}> is empty")
configs = {c.get("Target"): c for c in unraid.findall("Config")}
check(configs.get("8000") is not None and configs["8000"].get("Type") == "Port", "unraid: no Port config for 8000")
for target in ["/data/logs", "/data/uploads"]:
    check(configs.get(target) is not None and configs[target].get("Type") == "Path", f"unraid: no Path config for {target}")
for var in ["POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "CYBERBRAIN_ADMIN_TOKEN"]:
    check(configs.get(var) is not None and configs[var].get("Type") == "Variable", f"unraid: no Variable config for {var}")
for var in ["POSTGRES_PASSWORD", "CYBERBRAIN_ADMIN_TOKEN"]:
    check(configs.get(var) is not None and configs[var].get("Mask") == "true", f"unraid: {var} is not masked")

documented = {}
for doc in ["deploy/.env.example", "docs/configuration.md"]:
    with open(os.path.join(repo, doc)) as f:
        documented[doc] = f.read()
for var in variables:
    for doc, text in documented.items():
        check(var in text, f"{var} is read by the services but not documented in {doc}")

# The worker host: the launcher alone, the central database over verified TLS with the CA mounted read-only where the
# URL names it, this host's own Docker socket (no engine over TCP), no published port, its name set.
def mount_entries(service):
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):
            parts = v.split(":")
            out.append((parts[0], parts[1] if len(parts) > 1 else parts[0], len(parts) > 2 and "ro" in parts[2].split(",")))
        else:
            out.append((v.get("source"), v.get("target"), bool(v.get("read_only"))))
    return out

from urllib.parse import urlsplit, parse_qs
for variant in ["worker.yml", "worker-docker-executor.yml"]:
    c = load(variant)
    s = c["services"]
    check(set(s) == {"worker-launcher"}, f"{variant}: services are {sorted(s)}, not the launcher alone")
    svc = s.get("worker-launcher", {})
    env = svc.get("environment", {})
    check(not svc.get("ports"), f"{variant}: the launcher publishes {svc.get('ports')}")
    check("depends_on" not in svc, f"{variant}: the launcher depends on a local service")
    url = urlsplit(str(env.get("POSTGRES_URL", "")))
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    check(url.scheme == "postgresql" and url.hostname == "db.lan", f"{variant}: POSTGRES_URL is {env.get('POSTGRES_URL')}")
    check(params.get("sslmode") == "verify-full", f"{variant}: the database is not reached with sslmode=verify-full")
    check(not url.password, f"{variant}: a password is written into POSTGRES_URL")
    entries = mount_entries(svc)
    ca = [e for e in entries if e[1] == params.get("sslrootcert")]
    check(len(ca) == 1 and ca[0][0] == "/etc/cyberbrain/postgres-ca.crt" and ca[0][2],
          f"{variant}: the CA certificate is not mounted read-only at sslrootcert={params.get('sslrootcert')}")
    check(any(t == "/var/run/docker.sock" and src and src.startswith("/") for src, t, _ in entries),
          f"{variant}: this host's Docker socket is not mounted")
    check("DOCKER_HOST" not in env, f"{variant}: DOCKER_HOST is set; the launcher uses the mounted socket only")
    for name, value in env.items():
        check("tcp://" not in str(value), f"{variant}: {name} points at an engine over TCP")
    check(env.get("CYBERBRAIN_HOST_NAME") == "gpu-box" and svc.get("hostname") == "gpu-box",
          f"{variant}: the host's name is not CYBERBRAIN_HOST_NAME")
    targets = {t: src for src, t, _ in entries}
    for var in ["CYBER_BRAIN_LOGS", "CYBER_BRAIN_UPLOADS"]:
        path = env.get(var)
        check(path in targets, f"{variant}: nothing is mounted at {var}={path}")
        if variant == "worker-docker-executor.yml" and path in targets:
            check(targets[path] == path, f"{variant}: {var} is not the same path inside and outside")

if errors:
    print("compose-check: FAILED:\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)
print(f"compose-check: rules hold for the 3 variants, the 2 worker-host variants and the Unraid template; {len(variables)} variables documented", file=sys.stderr)
PY
say "OK"

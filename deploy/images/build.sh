#!/usr/bin/env bash
# Builds the five images of a container deployment without a registry:
#   <prefix>/api, <prefix>/scheduler, <prefix>/ingester, <prefix>/worker-launcher  (deploy/images/Dockerfile)
#   <prefix>/worker                                                               (deploy/worker-image/build.sh)
# The service images are the Dockerfile's targets built on a base image made here instead of pulled:
# <prefix>/jre-base:<tag> = a jlink-ed JRE, the host libraries it and the services' native libraries link
# against, a static busybox (sh, wget for the health check), /etc/passwd; a tarred rootfs, imported.
#
#   ./mvnw -B -q package -DskipTests          # the four */target/quarkus-app and worker/target/worker
#   eval "$(deploy/podman/start-podman-api.sh)"   # podman, if there is no Docker
#   deploy/images/build.sh [tag]               # default tag: local
#
# Environment:
#   CYBERBRAIN_IMAGE_PREFIX   image name prefix (default cyberbrain)
#   CYBERBRAIN_IMAGE_ENGINE   podman or docker (default: podman if installed, else docker)
#   CYBERBRAIN_JDK            JDK with jmods/, jlink (default: the one `javac` belongs to)
#   SERVICE_JRE_MODULES       exact JDK module list of the services' JRE (comma separated)
#   CYBERBRAIN_BUSYBOX        a statically linked busybox (default: busybox on PATH or /bin/busybox)
#   CYBERBRAIN_IMAGES         which images, space separated (default: "api scheduler ingester worker-launcher worker")
# The worker image's own settings (WORKER_*) pass through to deploy/worker-image/build.sh.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${1:-${CYBERBRAIN_IMAGE_TAG:-local}}"
prefix="${CYBERBRAIN_IMAGE_PREFIX:-cyberbrain}"
images="${CYBERBRAIN_IMAGES:-api scheduler ingester worker-launcher worker}"
base_image="$prefix/jre-base:$tag"
# One JRE for the four services, so that its layer is shared. java.se (with java.desktop for Tika/PDFBox and
# java.sql for JDBC/Flyway), jdk.unsupported (Netty, sun.misc.Unsafe), jdk.crypto.ec and jdk.crypto.cryptoki
# (TLS to the database, webhooks, SMTP: loaded as providers, which no scan sees), jdk.zipfs (Tika, Quarkus),
# jdk.naming.dns (JNDI DNS lookups), jdk.management and jdk.jfr (metrics, diagnostics), jdk.charsets
# (Tika's charset detection), jdk.security.auth, jdk.net. A module-by-module jdeps scan of ~250 jars finds
# neither reflection nor service providers, so the list is fixed; SERVICE_JRE_MODULES replaces it.
modules="${SERVICE_JRE_MODULES:-java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.naming.dns,jdk.management,jdk.jfr,jdk.charsets,jdk.security.auth,jdk.net}"

say() { echo "images: $*" >&2; }
die() { say "$*"; exit 1; }
start=$(date +%s)

short_to_target() {
    case $1 in
        api) echo api-service ;; scheduler) echo scheduler-service ;; ingester) echo ingester-service ;;
        worker-launcher) echo worker-launcher ;; *) return 1 ;;
    esac
}
services=()
want_worker=0
for i in $images; do
    if [ "$i" = worker ]; then want_worker=1; continue; fi
    t="$(short_to_target "$i")" || die "unknown image '$i' (api scheduler ingester worker-launcher worker)"
    services+=("$t")
    [ -f "$repo/$t/target/quarkus-app/quarkus-run.jar" ] \
        || die "no $t/target/quarkus-app/quarkus-run.jar: run ./mvnw -B -q package -DskipTests first"
done
if [[ " ${services[*]-} " == *" worker-launcher "* ]] || ((want_worker)); then
    [ -n "$(ls "$repo"/worker/target/worker/worker-*.jar 2>/dev/null)" ] \
        || die "no worker jar in worker/target/worker: run ./mvnw -B -q package -DskipTests first"
fi

# ---- tools ---------------------------------------------------------------------------------------------
engine="${CYBERBRAIN_IMAGE_ENGINE:-}"
if [ -z "$engine" ]; then
    if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
fi
command -v "$engine" >/dev/null 2>&1 || die "neither podman nor docker found (deploy/podman/start-podman-api.sh installs podman)"
if [ "$engine" = podman ] && [ -z "${CONTAINERS_CONF:-}" ] && [ -f "$repo/deploy/podman/containers.conf" ]; then
    export CONTAINERS_CONF="$repo/deploy/podman/containers.conf"
fi

build_base() {
    local jdk busybox work root libs extra lib applet jar
    if [ -n "${CYBERBRAIN_JDK:-}" ]; then
        jdk="$CYBERBRAIN_JDK"
    else
        command -v javac >/dev/null 2>&1 || die "no javac on PATH: install a JDK 17 (Debian: openjdk-17-jdk-headless) or set CYBERBRAIN_JDK"
        jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    fi
    [ -d "$jdk/jmods" ] || die "$jdk has no jmods/ (Debian: apt-get install openjdk-17-jdk-headless; or set CYBERBRAIN_JDK)"
    busybox="${CYBERBRAIN_BUSYBOX:-$(command -v busybox 2>/dev/null || echo /bin/busybox)}"
    [ -x "$busybox" ] || die "no busybox (Debian: apt-get install busybox-static; or set CYBERBRAIN_BUSYBOX)"
    # The base has no libc of its own for busybox: it must be the static build.
    if ldd "$busybox" >/dev/null 2>&1; then die "$busybox is dynamically linked; use a static one (busybox-static)"; fi

    work="$(mktemp -d "${TMPDIR:-/tmp}/cyberbrain-images.XXXXXX")"
    # shellcheck disable=SC2064  # expand now: work is local
    trap "rm -rf '$work'" EXIT
    root="$work/rootfs"
    mkdir -p "$root/opt"

    say "JRE modules: $modules"
    # Debian's jlink strips native debug symbols with objcopy (binutils); without it, only Java's.
    local strip=(--strip-debug)
    command -v objcopy >/dev/null 2>&1 || strip=(--strip-java-debug-attributes)
    "$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
        "${strip[@]}" --no-header-files --no-man-pages --output "$root/opt/java" >/dev/null
    # The JDK's class-data archive: every JVM start maps the JDK's own classes instead of parsing them.
    "$root/opt/java/bin/java" -Xshare:dump >"$work/cds-dump.log" 2>&1 \
        || { tail -n 20 "$work/cds-dump.log" >&2; die "cannot make the JRE's class-data archive"; }
    # Debian's JDK takes its CA certificates from the system store (a symlink out of the JDK); the JRE needs
    # a real file for TLS (database with sslmode, webhooks, SMTP).
    local cacerts="$root/opt/java/lib/security/cacerts"
    if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
        rm -f "$cacerts"
        if [ -s /etc/ssl/certs/java/cacerts ]; then
            cp -L /etc/ssl/certs/java/cacerts "$cacerts"
        elif [ -s "$jdk/lib/security/cacerts" ]; then
            cp -L "$jdk/lib/security/cacerts" "$cacerts"
        else
            say "warning: no CA certificates found for the JRE; TLS connections will fail"
        fi
    fi

    # Native libraries inside the services' jars (ONNX runtime, DJL tokenizers, JNA, brotli, Netty): they
    # are unpacked at run time, so what they link against must be in the image too.
    mkdir -p "$work/native"
    local entries entry
    for jar in $(for s in "${services[@]}"; do ls "$repo/$s/target/quarkus-app/lib/main/"*.jar; done | sort -u); do
        entries="$(unzip -Z1 "$jar" 2>/dev/null | grep -E '\.so$' | grep -iE 'linux[-_/]?(x86[-_]64|amd64|x64)' || true)"
        for entry in $entries; do
            unzip -qo "$jar" "$entry" -d "$work/native/$(basename "$jar")"
        done
    done
    # Copied to the same paths (dereferenced), plus the loader and libgcc_s (glibc dlopens it when a thread
    # exits; ldd does not show that), and glibc's libpthread/libdl/librt stubs that nvidia-smi still links
    # (the NVIDIA toolkit mounts it into the launcher when it is given a GPU).
    libs="$(find "$root/opt/java" "$work/native" \( -name '*.so' -o -path '*/bin/*' \) -type f -print0 \
        | xargs -0 ldd 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' \
        | grep -v "^$work" | sort -u)"
    extra=""
    for lib in libgcc_s.so.1 libpthread.so.0 libdl.so.2 librt.so.1 libstdc++.so.6; do
        extra="$extra $(ldconfig -p | awk -v n="$lib" '$1 == n && $0 ~ /x86-64/ && !done {print $NF; done = 1}')"
    done
    for lib in $libs /lib64/ld-linux-x86-64.so.2 $extra; do
        [ -e "$lib" ] || die "missing host library $lib"
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
    say "host libraries: $(for l in $libs $extra; do basename "$l"; done | sort -u | paste -sd' ' -)"

    # busybox: /bin/sh for the entry point and RUN steps, wget for the health check, the usual tools for
    # `exec ... sh` when something needs looking at.
    mkdir -p "$root/bin" "$root/usr/bin" "$root/sbin" "$root/etc" "$root/tmp" "$root/home" "$root/proc" \
        "$root/sys" "$root/dev" "$root/run"
    cp "$busybox" "$root/bin/busybox"
    for applet in $("$busybox" --list); do
        [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
    chmod 1777 "$root/tmp"
    cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
    cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
    echo 'hosts: files dns' >"$root/etc/nsswitch.conf"

    tar --numeric-owner --sort=name -C "$root" -cf "$work/rootfs.tar" .
    local quiet=()
    [ "$engine" = podman ] && quiet=(--quiet)
    local previous current
    previous="$("$engine" image inspect --format '{{.Id}}' "$base_image" 2>/dev/null || true)"
    "$engine" import "${quiet[@]}" \
        --change 'ENV PATH=/opt/java/bin:/bin:/usr/bin' \
        --change 'ENV JAVA_HOME=/opt/java' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["/bin/sh"]' \
        --change 'LABEL org.opencontainers.image.title=cyberbrain-jre-base' \
        "$work/rootfs.tar" "$base_image" >/dev/null
    current="$("$engine" image inspect --format '{{.Id}}' "$base_image" 2>/dev/null || true)"
    if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
        "$engine" rmi "$previous" >/dev/null 2>&1 || true # still used by older service images: then kept
    fi
    say "base $base_image: rootfs $(du -sh "$root" | cut -f1) (JRE $(du -sh "$root/opt/java" | cut -f1))"
    rm -rf "$work"
    trap - EXIT
}

build_service() { # short name, target
    local image="$prefix/$1:$tag" previous current base_ref=$base_image
    local -a args=(build -f "$here/Dockerfile" --target "$2" -t "$image")
    if [ "$engine" = podman ]; then
        # docker format: OCI images cannot carry a HEALTHCHECK. localhost/: the local base, never a lookup.
        args+=(--format docker --ignorefile "$here/Dockerfile.dockerignore")
        base_ref="localhost/$base_image"
    fi
    args+=(--build-arg "BASE_IMAGE=$base_ref" "$repo")
    previous="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    say "building $image (target $2)"
    "$engine" "${args[@]}" >"${TMPDIR:-/tmp}/cyberbrain-image-$1.log" 2>&1 \
        || { tail -n 30 "${TMPDIR:-/tmp}/cyberbrain-image-$1.log" >&2; die "build of $image failed"; }
    current="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
    if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
        "$engine" rmi "$previous" >/dev/null 2>&1 || true # the untagged previous build, unless a container uses it
    fi
    rm -f "${TMPDIR:-/tmp}/cyberbrain-image-$1.log"
}

if ((${#services[@]})); then
    build_base
    for i in $images; do
        [ "$i" = worker ] && continue
        build_service "$i" "$(short_to_target "$i")"
    done
fi
if ((want_worker)); then
    say "building $prefix/worker:$tag (deploy/worker-image/build.sh)"
    WORKER_IMAGE_NAME="$prefix/worker" WORKER_IMAGE_ENGINE="$engine" "$repo/deploy/worker-image/build.sh" "$tag" >/dev/null
fi

say "done in $(($(date +%s) - start)) s with $engine:"
for i in $images; do
    size="$("$engine" image inspect --format '{{.Size}}' "$prefix/$i:$tag" 2>/dev/null || echo 0)"
    printf '  %-36s %5d MiB\n' "$prefix/$i:$tag" "$((size / 1024 / 1024))" >&2
    echo "$prefix/$i:$tag"
done

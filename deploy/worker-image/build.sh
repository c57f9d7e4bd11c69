#!/usr/bin/env bash
# Builds the worker image cyberbrain/worker:<tag> without a registry or a base image:
#   a jlink-ed JRE + the host libraries it links against + the worker jar and its libs, as a tarred rootfs
#   that `podman import` (or `docker import`) turns into an image.
#
#   ./mvnw -B -q -pl worker -am package -DskipTests            # makes worker/target/worker
#   deploy/worker-image/build.sh [tag]                         # default tag: dev
#
# Environment:
#   WORKER_IMAGE_NAME      image name (default cyberbrain/worker)
#   WORKER_DIR             worker jar + lib/ (default <repo>/worker/target/worker)
#   WORKER_JDK             JDK with jmods/, jlink, jdeps (default: the one `javac` belongs to; needs jmods/)
#   WORKER_JRE_MODULES     exact module list, instead of the computed one
#   WORKER_JRE_EXTRA_MODULES  modules added to the computed list (comma separated)
#   WORKER_IMAGE_ENGINE    podman or docker (default: podman if installed, else docker)
#   WORKER_IMAGE_APPCDS    1 (default) to add an application class-data archive; 0 to skip it
#
# The layout (the same as deploy/worker-image/Dockerfile and DockerExecutor expect):
#   /opt/java        the JRE, on PATH         /opt/worker/*.jar, /opt/worker/lib/*.jar   the worker
#   /job             the job folder (bind)   /tmp (a tmpfs at run time)   /etc/passwd with nobody
#   USER 65534:65534, WORKDIR /job,
#   ENTRYPOINT ["java","-cp","/opt/worker/*:/opt/worker/lib/*","io.cyberbrain.worker.WorkerMain"]
#   CMD ["/job"]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
tag="${1:-${WORKER_IMAGE_TAG:-dev}}"
name="${WORKER_IMAGE_NAME:-cyberbrain/worker}"
image="$name:$tag"
worker_dir="${WORKER_DIR:-$repo/worker/target/worker}"
appcds="${WORKER_IMAGE_APPCDS:-1}"
main_class=io.cyberbrain.worker.WorkerMain
# JVM options baked into the JRE (jlink --add-options), so the container command stays the plain one:
# a small, short-lived JVM (the same choices as the process executor), heap at half the container's
# memory limit, no hsperfdata file on the read-only / tmpfs file systems.
jvm_options="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxRAMPercentage=50 -XX:-UsePerfData -Xshare:auto"

say() { echo "worker-image: $*" >&2; }
die() { say "$*"; exit 1; }
start=$(date +%s)

[ -n "$(ls "$worker_dir"/worker-*.jar 2>/dev/null)" ] \
    || die "no worker jar in $worker_dir: run ./mvnw -B -q -pl worker -am package -DskipTests first"

# ---- tools ---------------------------------------------------------------------------------------------
if [ -n "${WORKER_JDK:-}" ]; then
    jdk="$WORKER_JDK"
else
    jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
fi
[ -d "$jdk/jmods" ] || die "$jdk has no jmods/ (Debian: apt-get install openjdk-17-jdk-headless; or set WORKER_JDK)"
engine="${WORKER_IMAGE_ENGINE:-}"
if [ -z "$engine" ]; then
    if command -v podman >/dev/null 2>&1; then engine=podman; else engine=docker; fi
fi
command -v "$engine" >/dev/null 2>&1 || die "neither podman nor docker found (deploy/podman/start-podman-api.sh installs podman)"
if [ "$engine" = podman ] && [ -z "${CONTAINERS_CONF:-}" ] && [ -f "$repo/deploy/podman/containers.conf" ]; then
    export CONTAINERS_CONF="$repo/deploy/podman/containers.conf"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/cyberbrain-worker-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root"

# ---- modules: what the worker's jars need (jre-modules.sh: jdeps and module descriptors) -----------------
modules="${WORKER_JRE_MODULES:-$("$here/jre-modules.sh" "$worker_dir" "$jdk")}"
say "JRE modules: $modules"

# ---- the JRE ---------------------------------------------------------------------------------------------
# With the application archive, its final path is baked in from the start: relinking later would change
# lib/modules and so invalidate the archives made against it. A missing archive only turns sharing off.
if [ "$appcds" = 1 ]; then
    jvm_options="$jvm_options -XX:SharedArchiveFile=/opt/worker/app.jsa"
fi
# Debian's jlink strips native debug symbols with objcopy (binutils) under --strip-debug; without it, only
# the Java debug attributes are stripped.
strip=(--strip-debug)
if ! command -v objcopy >/dev/null 2>&1; then
    strip=(--strip-java-debug-attributes)
fi
mkdir -p "$root/opt"
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
    "${strip[@]}" --no-header-files --no-man-pages \
    --add-options="$jvm_options" --output "$root/opt/java" >/dev/null
# The JDK's own class-data archive (what jlink --generate-cds-archive does, which would use the baked-in
# archive path): the command line's option overrides the baked-in one. Only the compressed-oops variant:
# the worker's heap is far below 32 GB.
"$root/opt/java/bin/java" -XX:SharedArchiveFile="$root/opt/java/lib/server/classes.jsa" -Xshare:dump >"$work/cds-dump.log" 2>&1 \
    || { tail -n 20 "$work/cds-dump.log" >&2; die "cannot make the JRE's class-data archive"; }

# ---- the host libraries the JRE links against ------------------------------------------------------------
# Copied to the same paths (dereferenced), plus the loader and libgcc_s (glibc dlopens it when a thread
# exits or is cancelled; ldd does not show that).
libs="$(find "$root/opt/java" \( -name '*.so' -o -path '*/bin/*' \) -type f -print0 \
    | xargs -0 ldd 2>/dev/null \
    | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' \
    | grep -v "^$root" | sort -u)"
# glibc's libpthread/libdl/librt stubs: nvidia-smi and NVML, which the NVIDIA container toolkit mounts
# into a GPU worker, still link them.
extra=""
for name in libgcc_s.so.1 libpthread.so.0 libdl.so.2 librt.so.1; do
    extra="$extra $(ldconfig -p | awk -v n="$name" '$1 == n && $0 ~ /x86-64/ && !done {print $NF; done = 1}')"
done
libs="$libs /lib64/ld-linux-x86-64.so.2 $extra"
for lib in $libs; do
    [ -e "$lib" ] || die "missing host library $lib"
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
done
say "host libraries: $(echo $libs | tr ' ' '\n' | xargs -n1 basename | sort -u | paste -sd' ' -)"

# ---- the worker, folders, users --------------------------------------------------------------------------
mkdir -p "$root/opt/worker/lib" "$root/job" "$root/tmp" "$root/uploads" "$root/etc" "$root/proc" "$root/sys" "$root/dev"
cp "$worker_dir"/*.jar "$root/opt/worker/"
cp "$worker_dir"/lib/*.jar "$root/opt/worker/lib/"
chmod 1777 "$root/tmp"
chown 65534:65534 "$root/job"
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
echo 'hosts: files dns' >"$root/etc/nsswitch.conf"

# ---- the image -------------------------------------------------------------------------------------------
entrypoint='["java","-cp","/opt/worker/*:/opt/worker/lib/*","'"$main_class"'"]'
changes=(
    --change 'USER 65534:65534'
    --change 'WORKDIR /job'
    --change 'ENV PATH=/opt/java/bin:/usr/bin:/bin'
    --change 'ENV LANG=C.UTF-8'
    --change 'ENV CYBER_BRAIN_UPLOADS=/uploads'
    --change 'ENV NVIDIA_DRIVER_CAPABILITIES=utility'
    --change "ENTRYPOINT $entrypoint"
    --change 'CMD ["/job"]'
    --change 'LABEL org.opencontainers.image.title=cyberbrain-worker'
)
import() {
    tar --numeric-owner --sort=name -C "$root" -cf "$work/rootfs.tar" .
    local quiet=()
    [ "$engine" = podman ] && quiet=(--quiet)
    "$engine" import "${quiet[@]}" "${changes[@]}" "$work/rootfs.tar" "$1" >/dev/null
}

if [ "$appcds" = 1 ]; then
    # Application class-data sharing: run the worker once in the image itself (a job for an unknown
    # task: reads job.json, writes result.json), dumping the classes it loaded into /opt/worker/app.jsa,
    # then build the image again with the archive and -XX:SharedArchiveFile baked in. The dump runs in
    # the container so its class path (the expanded /opt/worker/* wildcards) is the one runs will see;
    # the command line's -XX:SharedArchiveFile (the JDK's base archive) overrides the baked-in one.
    import "$image-cds-base"
    mkdir -p "$work/cds-job" "$work/cds-out"
    echo '{"version":1,"run_id":0,"job_id":0,"task_key":"cds-training","directive":{},"config":{},"window_start":"2024-01-01T00:00:00Z","window_end":"2024-01-01T01:00:00Z","inputs":{}}' \
        >"$work/cds-job/job.json"
    chmod 777 "$work/cds-job" "$work/cds-out"
    "$engine" run --rm --network none --user 65534:65534 \
        -v "$work/cds-job:/job" -v "$work/cds-out:/cds" \
        --entrypoint java "$image-cds-base" \
        -XX:SharedArchiveFile=/opt/java/lib/server/classes.jsa -XX:ArchiveClassesAtExit=/cds/app.jsa \
        -cp '/opt/worker/*:/opt/worker/lib/*' "$main_class" /job >"$work/cds.log" 2>&1 || true
    "$engine" rmi "$image-cds-base" >/dev/null 2>&1 || true
    if [ -s "$work/cds-out/app.jsa" ] && [ -s "$work/cds-job/result.json" ]; then
        cp "$work/cds-out/app.jsa" "$root/opt/worker/app.jsa"
        chmod 444 "$root/opt/worker/app.jsa"
        say "application class-data archive: $(du -h "$root/opt/worker/app.jsa" | cut -f1)"
    else
        say "no application class-data archive (the training run failed; the image works without it):"
        tail -n 20 "$work/cds.log" >&2
    fi
fi
previous="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
import "$image"
current="$("$engine" image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
    "$engine" rmi "$previous" >/dev/null 2>&1 || true # the untagged previous build, unless a container uses it
fi

size="$("$engine" image inspect --format '{{.Size}}' "$image" 2>/dev/null || echo 0)"
say "built $image ($((size / 1024 / 1024)) MiB, rootfs $(du -sh "$root" | cut -f1)) in $(( $(date +%s) - start )) s with $engine"
echo "$image"

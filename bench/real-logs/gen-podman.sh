#!/bin/sh
# podman's own logrus output (--log-level=debug on stderr) for commands that succeed and fail,
# with its own storage under a throwaway root so the machine's containers are untouched.
set -u
OUT=${1:?output dir}
W=$(mktemp -d /tmp/podcorpus.XXXXXX)
mkdir -p "$OUT/podman"
P="podman --root $W/root --runroot $W/run --storage-driver vfs --log-level=debug"
{
$P volume create corpus-vol
$P volume ls
$P rm no-such-container
$P volume rm corpus-vol
$P volume rm corpus-vol
$P --log-level=info pull --tls-verify=false 127.0.0.1:15000/no/such:image
$P --log-level=warn run --rm 127.0.0.1:15000/none:latest true
$P network create corpus-net
$P network rm corpus-net
} > /dev/null 2> $W/podman.log
cp $W/podman.log "$OUT/podman/podman-debug.log"
rm -rf "$W"

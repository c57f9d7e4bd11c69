#!/bin/sh
# Container entry point of the four service images: runs the service's Quarkus fast-jar with java from PATH.
# JAVA_OPTS holds the image's JVM defaults (heap sized from the container's memory limit; exit on an
# OutOfMemoryError so that the engine restarts a broken JVM instead of leaving it half-alive);
# JAVA_OPTS_APPEND adds options without repeating them. Both are split on spaces.
set -eu
# shellcheck disable=SC2086  # both variables are lists of options
exec java ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} -jar /opt/cyberbrain/app/quarkus-run.jar "$@"

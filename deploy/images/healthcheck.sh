#!/bin/sh
# HEALTHCHECK of the service images: healthy = GET /q/health/ready answers 2xx, which SmallRye Health does
# only once the service has started, that is after its Flyway migration, and while its database answers.
# The port is the service's own variable (CYBERBRAIN_<SERVICE>_PORT), so moving a service to another port
# moves its health check with it. wget: GNU wget in the Temurin base, busybox's in the registry-free base;
# both exit non-zero on a refused connection or an HTTP error status. No -T: busybox 1.35's static wget
# crashes with it; the HEALTHCHECK's own --timeout bounds a hanging check instead.
set -eu
case "${CYBERBRAIN_SERVICE:-}" in
    api-service) port="${CYBERBRAIN_API_PORT:-8000}" ;;
    scheduler-service) port="${CYBERBRAIN_SCHEDULER_PORT:-8001}" ;;
    ingester-service) port="${CYBERBRAIN_INGESTER_PORT:-8002}" ;;
    worker-launcher) port="${CYBERBRAIN_LAUNCHER_PORT:-8003}" ;;
    *) echo "healthcheck: unknown CYBERBRAIN_SERVICE '${CYBERBRAIN_SERVICE:-}'" >&2; exit 1 ;;
esac
exec wget -q -O /dev/null "http://127.0.0.1:$port/q/health/ready"

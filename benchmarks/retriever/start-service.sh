#!/usr/bin/env bash
# Starts the packaged retriever-service on port ${PORT:-18081} against a datastore root, with its own data folder.
# usage: start-service.sh <datastore-root> <data-dir> <max-rows-per-config>
# env: APP (another quarkus-run.jar, e.g. an older build), JAVA_OPTS (extra -D settings, e.g. the embedding model)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
APP="${APP:-$REPO/retriever-service/target/quarkus-app/quarkus-run.jar}"
[ -f "$APP" ] || (cd "$REPO" && ./mvnw -B -q package -DskipTests -pl retriever-service -am)
mkdir -p "$2"
nohup java -Xmx8g ${JAVA_OPTS:-} -Dquarkus.http.port="${PORT:-18081}" \
  -Drebase.retriever.datastore-root="$1" -Drebase.retriever.data-dir="$2" \
  -Dquarkus.datasource.jdbc.url="jdbc:h2:file:$2/registry" \
  -Drebase.retriever.max-rows-per-config="$3" \
  -Dquarkus.log.category.\"org.apache.kafka\".level=OFF \
  -jar "$APP" > "$2/service.log" 2>&1 &
echo $! > "$2/service.pid"
for _ in $(seq 1 120); do curl -sf "localhost:${PORT:-18081}/datasets" > /dev/null && exit 0; sleep 1; done
echo "service did not start, see $2/service.log" >&2; exit 1

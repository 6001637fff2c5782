#!/usr/bin/env bash
# Checks that the Secrets the prod overlay expects exist in the namespace with every key, before `kubectl apply -k`
# (PostgreSQL takes its password from rebase-postgres at its first start only: it must be there first).
# Usage: deploy/k8s/overlays/prod/check-secrets.sh [namespace]     exit 0: all there; 1: what is missing, and how to create it
set -euo pipefail
namespace="${1:-rebase}"
missing=0

# require SECRET KEY...: the deploy tests check this list against the secretKeyRefs of the rendered overlay.
require() {
  local secret="$1"; shift
  if ! kubectl -n "$namespace" get secret "$secret" >/dev/null 2>&1; then
    echo "missing Secret $namespace/$secret (keys: $*): see deploy/README.md, \"Secrets\"" >&2
    missing=1
    return
  fi
  for key in "$@"; do
    if [ -z "$(kubectl -n "$namespace" get secret "$secret" -o "jsonpath={.data['${key//./\\.}']}")" ]; then
      echo "Secret $namespace/$secret has no key $key (or it is empty)" >&2
      missing=1
    fi
  done
}

require rebase-postgres username password
require rebase-qdrant api-key
require rebase-llm QUARKUS_LANGCHAIN4J_OPENAI_API_KEY
require rebase-auth token read-token

if [ "$missing" -ne 0 ]; then
  exit 1
fi
echo "all Secrets the prod overlay needs are in namespace $namespace"

#!/usr/bin/env sh
# Creates (or replaces) the Secret "missive" for the dev overlay, with random passwords for the in-cluster
# PostgreSQL, RabbitMQ and MinIO and the URLs that point the apps at them. Nothing secret is in the repository.
#   k8s/overlays/dev/create-secret.sh                          apply it to the current kubectl context
#   k8s/overlays/dev/create-secret.sh --dry-run=client -o yaml print it instead (any further kubectl flags)
set -eu
random() { LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$1"; }
postgres=$(random 24)
rabbitmq=$(random 24)
minio=$(random 24)
if [ "$#" -eq 0 ]; then
  # why: PostgreSQL takes its password only when it first creates its volume; a new one would lock the apps out.
  if kubectl -n missive get secret missive >/dev/null 2>&1; then
    echo "secret/missive exists: kept (delete it and the postgres volume to start over)"
    exit 0
  fi
  kubectl create namespace missive --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  set -- --dry-run=client -o yaml --save-config
  apply=yes
fi
kubectl -n missive create secret generic missive \
  --from-literal=DATABASE_URL="postgres://missive:${postgres}@postgres:5432/missive" \
  --from-literal=POSTGRES_PASSWORD="${postgres}" \
  --from-literal=AMQP_URL="amqp://missive:${rabbitmq}@rabbitmq:5672" \
  --from-literal=RABBITMQ_PASSWORD="${rabbitmq}" \
  --from-literal=S3_ACCESS_KEY=missive \
  --from-literal=S3_SECRET_KEY="${minio}" \
  --from-literal=JWT_SECRET="$(random 48)" \
  "$@" | if [ "${apply:-}" = yes ]; then kubectl apply -f -; else cat; fi

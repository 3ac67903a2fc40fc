import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { K8S, K8sObject, ROOT } from './manifests';

export const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The Secret that k8s/overlays/dev/create-secret.sh would create, printed instead of applied. */
export function devSecret(): K8sObject {
  const yaml = execFileSync('sh', [join(K8S, 'overlays/dev/create-secret.sh'), '--dry-run=client', '-o', 'yaml'], { encoding: 'utf8' });
  return parse(yaml);
}

export const decoded = (secret: K8sObject) => Object.fromEntries(Object.entries(secret.data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]));

import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const ROOT = join(__dirname, '..', '..', '..');
export const K8S = join(ROOT, 'k8s');
export const OVERLAYS = readdirSync(join(K8S, 'overlays')).sort();
export const MISSIVE_APPS = ['api-gateway', 'outbox-relay', 'dispatcher'];

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [field: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, any>;
  startupProbe?: object;
  readinessProbe?: object;
  livenessProbe?: object;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
  ports?: { name?: string; containerPort: number }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

export interface Workload {
  object: K8sObject;
  /** Deployment and StatefulSet run for good and need probes; a CronJob's pods run to completion. */
  longRunning: boolean;
  pod: { metadata?: { labels?: Record<string, string> }; spec: any };
}

/** `kubectl kustomize <dir>`, parsed: what `kubectl apply -k <dir>` would send. */
export function render(dir: string): K8sObject[] {
  const text = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(text).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`kubectl kustomize ${dir} printed invalid YAML: ${doc.errors[0].message}`);
    return doc.toJS() as K8sObject;
  });
}

export const overlay = (name: string) => render(join(K8S, 'overlays', name));

export function workloads(objects: K8sObject[]): Workload[] {
  return objects.flatMap((object): Workload[] => {
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet') return [{ object, longRunning: true, pod: object.spec.template }];
    if (object.kind === 'Job') return [{ object, longRunning: false, pod: object.spec.template }];
    if (object.kind === 'CronJob') return [{ object, longRunning: false, pod: object.spec.jobTemplate.spec.template }];
    return [];
  });
}

export const containersOf = (pod: Workload['pod']): Container[] => pod.spec.containers ?? [];
export const initContainersOf = (pod: Workload['pod']): Container[] => pod.spec.initContainers ?? [];
export const appOf = (workload: Workload) => workload.pod.metadata?.labels?.['app.kubernetes.io/name'] ?? workload.object.metadata.name;

export const find = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

import { K8sObject } from './manifests';

/**
 * Where each apiVersion's models live: the Kubernetes OpenAPI schemas compiled to validators by kubernetes-models,
 * and the KEDA and Prometheus-operator CRD schemas by its @kubernetes-models packages. No network needed.
 */
export const MODELS: Record<string, string> = {
  v1: 'kubernetes-models/v1',
  'apps/v1': 'kubernetes-models/apps/v1',
  'batch/v1': 'kubernetes-models/batch/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
  'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1',
  'monitoring.coreos.com/v1': '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
};

interface Model {
  validate(): void;
}

async function modelOf(object: K8sObject): Promise<(new (data: object) => Model) | undefined> {
  const module = MODELS[object.apiVersion];
  // why: these packages are ESM only (their exports have no "require" condition), so they are imported, not required.
  return module ? (await import(module))[object.kind] : undefined;
}

/** One line per object that its schema refuses, or that has no schema here (an apiVersion or kind nobody checks). */
export async function schemaProblems(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const where = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
    const Model = await modelOf(object);
    if (!Model) {
      problems.push(`${where}: no schema for this apiVersion and kind`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
    }
  }
  return problems;
}

import { join } from 'node:path';
import ts from 'typescript';
import { K8sObject, ROOT } from './manifests';
import { MODELS } from './schemas';

/**
 * Fields the schemas do not know, such as `livenessprobe` for `livenessProbe`. The Kubernetes OpenAPI schemas allow
 * unknown fields, so validating against them misses a misspelt one, which the API server then drops or refuses
 * (kubectl's default --validate=strict). The models' TypeScript interfaces list every field, and TypeScript refuses
 * an unknown field in an object literal: each object is written as a literal of its interface and type-checked.
 */
export function unknownFieldProblems(objects: K8sObject[]): string[] {
  const known = objects.filter((object) => MODELS[object.apiVersion]);
  const modules = [...new Set(known.map((object) => MODELS[object.apiVersion]))];
  const alias = (module: string) => `m${modules.indexOf(module)}`;
  const source = [
    ...modules.map((module) => `import type * as ${alias(module)} from '${module}';`),
    ...known.map((object, index) => `export const o${index}: ${alias(MODELS[object.apiVersion])}.I${object.kind} = ${JSON.stringify(object)};`),
  ].join('\n');
  // why: a file inside the repository (never written to disk) finds node_modules the way the tests' own files do.
  const file = join(ROOT, 'test/infra/k8s/__rendered-objects__.mts');
  const options: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2023, strict: true, noEmit: true, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const object = known[line - modules.length];
    const where = object ? `${object.kind}/${object.metadata.name}` : 'the generated file';
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

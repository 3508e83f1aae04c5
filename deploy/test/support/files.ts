import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');

/** Files under deploy/ (tests excluded) whose names match, as absolute paths. */
export function deployFiles(pattern: RegExp, dir = DEPLOY_DIR): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' ? [] : deployFiles(pattern, full);
    return pattern.test(entry.name) ? [full] : [];
  });
}

/**
 * Every document of a YAML file. Merge keys (`<<: *anchor`) are resolved as Compose resolves
 * them; any syntax error, duplicate key or warning throws, naming the file.
 */
export function readYamlDocuments(file: string): unknown[] {
  const documents = parseAllDocuments(fs.readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  return documents.map((document) => {
    const problems = [...document.errors, ...document.warnings];
    if (problems.length > 0) {
      throw new Error(`${path.relative(REPO_ROOT, file)}: ${problems.map((p) => p.message).join('\n')}`);
    }
    return document.toJS();
  });
}

export function readYaml<T>(file: string): T {
  const [document] = readYamlDocuments(file);
  return document as T;
}

export function deployPath(...parts: string[]): string {
  return path.join(DEPLOY_DIR, ...parts);
}

/** The names of environment variables a sample's own sources read (process.env.NAME). */
export function variablesReadBySamples(): Set<string> {
  const names = new Set<string>();
  for (const sample of ['grpc-greeter', 'express-frontend']) {
    const src = path.join(REPO_ROOT, 'samples', sample, 'src');
    for (const file of fs.readdirSync(src).filter((name) => name.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(src, file), 'utf8');
      for (const match of text.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*)/g)) names.add(match[1]);
    }
  }
  return names;
}

import * as fs from 'node:fs';
import * as path from 'node:path';
import { deployFiles, readYamlDocuments, REPO_ROOT } from './support/files';

const yamlFiles = deployFiles(/\.ya?ml$/);
const jsonFiles = deployFiles(/\.json$/);

describe('configuration files under deploy/', () => {
  test('there are some', () => {
    expect(yamlFiles.length).toBeGreaterThanOrEqual(10);
    expect(jsonFiles.length).toBeGreaterThanOrEqual(2);
  });

  test.each(yamlFiles.map((file) => [path.relative(REPO_ROOT, file), file]))(
    '%s parses as YAML, without duplicate keys, to non-empty documents',
    (_name, file) => {
      const documents = readYamlDocuments(file);
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) expect(document).toEqual(expect.any(Object));
    },
  );

  test.each(jsonFiles.map((file) => [path.relative(REPO_ROOT, file), file]))('%s parses as JSON', (_name, file) => {
    expect(() => JSON.parse(fs.readFileSync(file, 'utf8'))).not.toThrow();
  });
});

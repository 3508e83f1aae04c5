import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allOptionVariables } from './instrumentation-options';
import { VARIABLES } from './variables';

describe('README configuration table', () => {
  const readme = readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const rows = new Map(
    readme
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => [line.slice(3, line.indexOf('`', 3)), line.split('|').map((cell) => cell.trim())]),
  );

  it.each(VARIABLES.map((variable) => [variable.name, variable]))('documents %s with its default and example', (_name, variable) => {
    const row = rows.get(variable.name);
    expect(row).toBeDefined();
    expect(row![2]).toBe(variable.default || '(unset)');
    expect(row![3]).toBe(`\`${variable.example}\``);
  });

  it.each(allOptionVariables())('documents %s', (name) => {
    expect(rows.has(name)).toBe(true);
  });
});

// Every variable in the README's table set, all at once, to empty, garbage, out-of-range and
// hostile values: the app starts and serves, empty means unset (no warning), and each bad value
// gets one warning line that names the variable and what was used instead. No value can forge or
// split a line of the kit's output.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { getJson, kitLines, startApp } from './helpers/app';
import { BAD_VALUE_CLASSES, FORGED_LINE, KIND_OF_VARIABLE } from './fixtures/bad-values';

const README = readFileSync(path.resolve(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const DOCUMENTED = [...README.matchAll(/^\| `((?:OTEL|KIT)_[A-Z_]+)` \|/gm)].map((match) => match[1]);
const WARNING = /^\[@kit\/register\] warning: ([A-Z_]+)[ =].*(; using .+|; skipping it)$/;

it('the table of bad values covers every variable the README documents', () => {
  expect(DOCUMENTED.length).toBeGreaterThan(30);
  expect(Object.keys(KIND_OF_VARIABLE).sort()).toEqual([...DOCUMENTED].sort());
});

async function startServing(env: Record<string, string>) {
  const app = await startApp(env);
  const { status } = await getJson(`${app.url}/work`);
  expect(status).toBe(200);
  app.service.child.kill('SIGKILL'); // shutdown is not what this file tests
  await app.service.exited;
  return app;
}

it('empty values are unset: the app serves and the kit warns about nothing', async () => {
  const app = await startServing(Object.fromEntries(DOCUMENTED.map((name) => [name, ''])));
  expect(kitLines(app.service).filter((line) => line.includes('warning'))).toEqual([]);
});

describe.each(BAD_VALUE_CLASSES)('every variable %s', (_valueClass, valueFor, wellFormed) => {
  it('starts, serves, and warns once per bad variable, saying what it used instead', async () => {
    const env = Object.fromEntries(DOCUMENTED.map((name) => [name, valueFor(KIND_OF_VARIABLE[name])]));
    const app = await startServing(env);
    const output = app.service.output().split('\n');
    const warnings = kitLines(app.service).filter((line) => line.includes('warning'));

    // One line per warning, naming its variable; at most one per variable.
    for (const line of warnings) expect(line).toMatch(WARNING);
    const warned = warnings.map((line) => line.match(WARNING)?.[1]);
    expect(new Set(warned).size).toBe(warned.length);
    // Every variable whose value has a shape (not free text) was warned about.
    const typed = DOCUMENTED.filter((name) => KIND_OF_VARIABLE[name] !== 'free text' && !wellFormed.includes(KIND_OF_VARIABLE[name]));
    expect(typed.filter((name) => !warned.includes(name))).toEqual([]);
    // No value forged a line of its own or flooded the output.
    expect(output.filter((line) => line.startsWith(FORGED_LINE))).toEqual([]);
    for (const line of warnings) expect(line.length).toBeLessThan(400);
  });
});

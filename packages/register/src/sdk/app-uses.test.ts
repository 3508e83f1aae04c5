import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAppPackage } from './app-package';
import { appUsage } from './app-uses';

// An app as npm lays it out: its package.json, and beside its own packages those the kit brought.
let root: string;
const install = (dir: string, name: string, dependencies: Record<string, string> = {}) => {
  mkdirSync(join(dir, 'node_modules', name), { recursive: true });
  writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, dependencies }));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'app-uses-'));
  install(root, '@grpc/grpc-js');
  install(root, '@kit/register', { '@opentelemetry/exporter-trace-otlp-grpc': '0.301.0' });
  install(root, '@kit/receiver', { '@grpc/grpc-js': '^1.14.7' });
  install(root, '@nestjs/platform-express', { express: '5.1.0' });
  install(root, 'pg');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function appWith(pkg: Record<string, unknown>) {
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify(pkg));
  return readAppPackage(join(root, 'src', 'server.js'));
}

test('a module the app lists in any dependency field is used; one that only resolves is not', () => {
  const uses = appUsage(appWith({ dependencies: { '@kit/register': '0.1.0' }, devDependencies: { pg: '8' } }));
  expect(uses('pg')).toBe(true);
  expect(uses('@grpc/grpc-js')).toBe(false);
  expect(uses('express')).toBe(false);
});

test('a module one of the listed packages depends on is used, unless that package is the kit', () => {
  const uses = appUsage(appWith({ dependencies: { '@nestjs/platform-express': '11', '@kit/register': '0.1.0' }, devDependencies: { '@kit/receiver': '0.1.0' } }));
  expect(uses('express')).toBe(true);
  expect(uses('@grpc/grpc-js')).toBe(false);
});

test('built-in modules are always used', () => {
  expect(appUsage(appWith({ dependencies: { express: '5' } }))('http')).toBe(true);
});

test('without a package.json that lists dependencies, or with a workspaces root\'s, every module counts as used', () => {
  expect(appUsage(appWith({ name: 'scripts', type: 'module' }))('@grpc/grpc-js')).toBe(true);
  expect(appUsage(undefined)('@grpc/grpc-js')).toBe(true);
  expect(appUsage(appWith({ workspaces: ['packages/*'], devDependencies: { jest: '30' } }))('@grpc/grpc-js')).toBe(true);
});

import { join } from 'node:path';
import { isEsModule, instrumentedModulesAmong } from './load-order';

describe('instrumentedModulesAmong', () => {
  const loaded = [join('/srv/app/node_modules/express/index.js'), join('/srv/app/node_modules/@grpc/grpc-js/build/src/index.js'), join('/srv/app/node_modules/pg-pool/index.js')];

  it('names the patched modules of the enabled instrumentations found among the loaded files', () => {
    expect(instrumentedModulesAmong(['http', 'express', 'grpc', 'pg'], loaded)).toEqual(['express', '@grpc/grpc-js']);
  });

  it('ignores disabled instrumentations, and packages whose name only starts like one', () => {
    expect(instrumentedModulesAmong(['pg', 'winston'], loaded)).toEqual([]);
  });
});

describe('isEsModule', () => {
  it.each([
    ['/srv/app/server.mjs', undefined, true],
    ['/srv/app/server.cjs', { dependencies: [], type: 'module' }, false],
    ['/srv/app/server.js', { dependencies: [], type: 'module' }, true],
    ['/srv/app/server.js', { dependencies: [], type: 'commonjs' }, false],
    ['/srv/app/server.js', { dependencies: [] }, false],
    ['/srv/app/server.js', undefined, false],
  ])('%s with %j → %s', (file, app, expected) => {
    expect(isEsModule(file, app)).toBe(expected);
  });
});

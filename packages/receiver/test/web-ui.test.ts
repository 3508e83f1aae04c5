import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FREE_PORTS, type Receiver, startReceiver } from '../src';
import { DEFAULT_WEB_DIR } from '../src/out/web-ui';

/** GET with the path sent exactly as given (fetch would normalize `..` away before sending). */
function rawGet(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject).end();
  });
}

describe('web UI files on the UI port', () => {
  // <tmp>/secret.txt beside <tmp>/web/{index.html, assets/app.js, assets/app.css, favicon.svg}
  const tmp = mkdtempSync(join(tmpdir(), 'kit-web-'));
  const webDir = join(tmp, 'web');
  let receiver: Receiver;
  let unbuilt: Receiver;

  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'), { recursive: true });
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>kit</title>');
    writeFileSync(join(webDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(webDir, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(webDir, 'favicon.svg'), '<svg/>');
    writeFileSync(join(tmp, 'secret.txt'), 'SECRET');
    receiver = await startReceiver({ ...FREE_PORTS, webDir, log: () => {} });
    unbuilt = await startReceiver({ ...FREE_PORTS, webDir: join(tmp, 'missing'), log: () => {} });
  });
  afterAll(async () => {
    await Promise.all([receiver.close(), unbuilt.close()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the files with their content types', async () => {
    const port = receiver.ports.ui;
    expect(await rawGet(port, '/assets/app.js')).toEqual({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect(await rawGet(port, '/assets/app.css')).toMatchObject({ status: 200, type: 'text/css; charset=utf-8', body: 'body{}' });
    expect(await rawGet(port, '/favicon.svg')).toMatchObject({ status: 200, type: 'image/svg+xml' });
    expect(await rawGet(port, '/index.html')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
  });

  it.each(['/', '/search?service=orders&limit=20', '/trace/4bf92f3577b34da6a3ce929d0e0e4736', '/map', '/graph/abc', '/assets/missing.js'])(
    'answers index.html for the UI route %s',
    async (path) => {
      expect(await rawGet(receiver.ports.ui, path)).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>kit</title>' });
    },
  );

  it.each(['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets%2f..%2f..%2fsecret.txt', '/%252e%252e/secret.txt', '/..%5csecret.txt', '/%00'])(
    'never reads outside the web folder: %s',
    async (path) => {
      const answer = await rawGet(receiver.ports.ui, path);
      expect(answer.body).not.toContain('SECRET');
      expect([200, 404]).toContain(answer.status);
    },
  );

  it('answers 404 in Jaeger’s error shape for an unknown /api/ path, and 405 for a POST', async () => {
    const api = await rawGet(receiver.ports.ui, '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toEqual({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'no API at GET /api/nothing-here' }] });
    expect((await rawGet(receiver.ports.ui, '/', 'POST')).status).toBe(405);
  });

  it('says how to build the UI when it is not built', async () => {
    expect(await rawGet(unbuilt.ports.ui, '/trace/abc')).toEqual({ status: 503, type: 'text/plain; charset=utf-8', body: 'web UI not built: run npm run build' });
  });

  it("defaults to the package's dist/web, from src/ and from dist/ alike", () => {
    expect(DEFAULT_WEB_DIR).toBe(join(__dirname, '..', 'dist', 'web'));
  });
});

import { oneLine, stderrDiagLogger } from './log';

describe('oneLine', () => {
  it('escapes control characters, so a value cannot forge a line of its own', () => {
    expect(oneLine('checkout\n[@kit/register] tracing evil\r\x1b[31m')).toBe('checkout\\n[@kit/register] tracing evil\\r\\u001b[31m');
  });

  it('cuts very long lines', () => {
    const line = oneLine('x'.repeat(10_000));
    expect(line).toHaveLength(1000);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('stderrDiagLogger', () => {
  it('writes the SDK diagnostics to stderr, one prefixed capped line each, never to stdout', () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      stderrDiagLogger.info('items to be sent', { spans: ['a\nb'] });
      stderrDiagLogger.debug('x'.repeat(5000));
      expect(stdout).not.toHaveBeenCalled();
      const lines = stderr.mock.calls.map(([chunk]) => String(chunk));
      expect(lines[0]).toMatch(/^\[@kit\/register\] otel info: items to be sent \{ spans: \[ 'a\\nb' \] \}\n$/);
      expect(lines[1]).toHaveLength(1001);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});

import { oneLine } from './log';

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

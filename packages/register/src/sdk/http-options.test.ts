import { ignoredPathMatcher, redactQuery } from './http-options';

describe('ignoredPathMatcher', () => {
  const isIgnored = ignoredPathMatcher(['/health', '/ready/']);
  it.each([
    ['/health', true],
    ['/health?verbose=1', true],
    ['/health/live', true],
    ['/ready', false], // listed with a trailing slash: only what is below it
    ['/ready/db', true],
    ['/healthcheck', false],
    ['/Health', true], // Express routes it to the /health handler
    ['/HEALTH/Live?x=1', true],
    ['/Healthcare', false],
    ['/api/health', false],
    [undefined, false],
  ])('%s → %s', (url, expected) => {
    expect(isIgnored(url)).toBe(expected);
  });
});

describe('redactQuery', () => {
  const keys = new Set(['token', 'password', 'api_key']);
  it.each([
    ['https://x.test/a?token=abc&q=1', 'https://x.test/a?token=REDACTED&q=1'],
    ['/a?Token=abc&PASSWORD=p', '/a?Token=REDACTED&PASSWORD=REDACTED'],
    ['token=abc&q=1', 'token=REDACTED&q=1'],
    ['/a?api%5Fkey=k', '/a?api%5Fkey=REDACTED'],
    ['/a?q=token&token', '/a?q=token&token=REDACTED'],
    ['/a?token=abc#frag', '/a?token=REDACTED#frag'],
    ['/a?q=%E0%A4%A', '/a?q=%E0%A4%A'],
    ['/a?q=1', '/a?q=1'],
  ])('%s → %s', (value, expected) => {
    expect(redactQuery(value, keys)).toBe(expected);
  });
});

'use strict';
// Turns the raw samples into the figures of bench/results/latest.json and a printed table.
const { median, min, sum, ratio } = require('./stats');

/** samples: { startup: number[], loads: measureLoad results[] }; install: { mb, packages } or null */
function summarize(samples, install) {
  const { startup, loads } = samples;
  const served = sum(loads.map((l) => l.served));
  const spans = sum(loads.map((l) => l.spans));
  const traces = sum(loads.map((l) => l.traces));
  return {
    cpu_us_per_request_median: median(loads.map((l) => l.cpuUsPerRequest)),
    startup_ms_median: median(startup),
    startup_ms_min: min(startup),
    rps_median: median(loads.map((l) => l.rps)),
    p50_ms_median: median(loads.map((l) => l.p50Ms)),
    p99_ms_median: median(loads.map((l) => l.p99Ms)),
    rss_mb_median: median(loads.map((l) => l.rssMb)),
    spans_per_request: ratio(spans, served),
    traces_per_request: ratio(traces, served),
    served,
    errors: sum(loads.map((l) => l.errors)),
    killed_at_shutdown: loads.filter((l) => l.killed).length,
    install_mb: install?.mb ?? 0,
    install_packages: install?.packages ?? 0,
  };
}

function ratiosToBare(figures, bare) {
  return {
    cpu: ratio(figures.cpu_us_per_request_median, bare.cpu_us_per_request_median),
    startup: ratio(figures.startup_ms_median, bare.startup_ms_median),
    rps: ratio(figures.rps_median, bare.rps_median),
    p99: ratio(figures.p99_ms_median, bare.p99_ms_median),
    rss: ratio(figures.rss_mb_median, bare.rss_mb_median),
  };
}

const SCHEMA_KEYS = ['cpu_us_per_request_median', 'cpu_us_over_bare', 'startup_ms_median', 'rps_median', 'p99_ms_median', 'rss_mb_median', 'spans_per_request', 'install_mb'];

/** The document of bench/results/latest.json, in the issue's schema. */
function latestJson(machine, date, figuresByConfig) {
  const results = {};
  const ratios = {};
  for (const [name, figures] of Object.entries(figuresByConfig)) {
    const withOverhead = { ...figures, cpu_us_over_bare: overBare(figures, figuresByConfig.bare) };
    results[name] = Object.fromEntries(SCHEMA_KEYS.map((key) => [key, round(withOverhead[key], 4)]));
    ratios[name] = Object.fromEntries(Object.entries(ratiosToBare(figures, figuresByConfig.bare)).map(([k, v]) => [k, round(v, 3)]));
  }
  return { machine, date, results, ratios };
}

/** The app's CPU µs per request that tracing adds: the figure the per-request targets are set in. */
function overBare(figures, bare) {
  const [cpu, base] = [figures.cpu_us_per_request_median, bare.cpu_us_per_request_median];
  return cpu == null || base == null ? null : cpu - base;
}

function round(value, digits) {
  return value == null ? null : Number(value.toFixed(digits));
}

const fixed = (value, digits = 0) => (value == null ? '–' : value.toFixed(digits));
const times = (value) => (value == null ? '' : ` (${value.toFixed(2)}x)`);

/** A Markdown table: each figure with its ratio to bare. */
function table(figuresByConfig) {
  const bare = figuresByConfig.bare;
  const header = ['config', 'CPU µs/req (over bare)', 'start-up ms median (min)', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', 'spans/req', 'traces/req', 'install MB (packages)'];
  const rows = Object.entries(figuresByConfig).map(([name, f]) => {
    const r = ratiosToBare(f, bare);
    const over = overBare(f, bare);
    return [
      name,
      `${fixed(f.cpu_us_per_request_median, 1)}${over == null || f === bare ? '' : ` (+${over.toFixed(1)})`}`,
      `${fixed(f.startup_ms_median)} (${fixed(f.startup_ms_min)})${times(r.startup)}`,
      `${fixed(f.rps_median)}${times(r.rps)}`,
      fixed(f.p50_ms_median),
      `${fixed(f.p99_ms_median)}${times(r.p99)}`,
      `${fixed(f.rss_mb_median)}${times(r.rss)}`,
      fixed(f.spans_per_request, 3),
      fixed(f.traces_per_request, 4),
      `${fixed(f.install_mb, 1)} (${f.install_packages})`,
    ];
  });
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

module.exports = { summarize, latestJson, table, overBare };

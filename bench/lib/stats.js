'use strict';

function median(values) {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function min(values) {
  const present = values.filter((v) => v != null);
  return present.length ? Math.min(...present) : null;
}

function sum(values) {
  return values.some((v) => v == null) ? null : values.reduce((a, b) => a + b, 0);
}

/** value / base, or null when either is missing. */
function ratio(value, base) {
  return value == null || !base ? null : value / base;
}

/** The configurations in a different order each round, so none always runs first or last. */
function rotate(names, round) {
  const shift = round % names.length;
  return [...names.slice(shift), ...names.slice(0, shift)];
}

module.exports = { median, min, sum, ratio, rotate };

'use strict';
// The bench measures on the Node.js that counts, 24 (active LTS), unless BENCH_NODE names
// another major (20, 22): the script runs itself again on that Node, from the same cache the
// CI uses (scripts/node-binary.js), so the app, the sink and autocannon all run on it.
const { spawnSync } = require('node:child_process');
const { nodeBinary } = require('../../scripts/node-binary');

const DEFAULT_MAJOR = 24;

/** Returns when this process runs on the bench's Node; otherwise runs the script on it and exits with its status. */
function runOnBenchNode() {
  const major = Number(process.env.BENCH_NODE ?? DEFAULT_MAJOR);
  if (Number(process.versions.node.split('.')[0]) === major) return;
  const binary = nodeBinary(major);
  const { status, signal } = spawnSync(binary, process.argv.slice(1), { stdio: 'inherit' });
  process.exit(signal ? 1 : (status ?? 1));
}

module.exports = { runOnBenchNode };

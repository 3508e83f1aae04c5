'use strict';
// The demo's trace receiver: Jaeger's ports where free, free ones for the rest, and under each
// waterfall it prints, the link to that trace in the receiver's web UI.

const { startReceiver, DEFAULT_PORTS, FREE_PORTS } = require('../../packages/receiver/dist');
const { choosePorts, isPortInUse } = require('./ports');

const HOST = '127.0.0.1';
/** The waterfall's colours, around the trace id in a terminal. */
const ANSI = /\x1b\[[0-9;]*m/g;

/** The URL of the web UI, and of one trace in it. */
function uiUrl(ui, traceId) {
  return `http://localhost:${ui}/${traceId ? `trace/${traceId}` : ''}`;
}

/**
 * A stdout stand-in for the receiver: writes each waterfall, then its trace's URL, and keeps the
 * ids of the traces shown in `shown` (in order).
 */
function linkingPrinter(out, shown, ui) {
  return {
    isTTY: out.isTTY,
    write(text) {
      out.write(text);
      const traceId = /\btrace ([0-9a-f]{32})\b/.exec(text.replace(ANSI, ''))?.[1];
      if (!traceId || shown.includes(traceId)) return true;
      shown.push(traceId);
      return out.write(`  open it: ${uiUrl(ui(), traceId)}\n\n`);
    },
  };
}

/** Starts the receiver; `shown` collects the ids of the traces printed. */
async function startDemoReceiver(out, shown) {
  let receiver;
  const print = linkingPrinter(out, shown, () => receiver.ports.ui);
  const { options, taken } = await choosePorts(HOST, DEFAULT_PORTS);
  if (taken.length > 0) out.write(`demo: port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} taken; using free ones instead\n`);
  try {
    receiver = await startReceiver({ host: HOST, print, ...options });
  } catch (error) {
    // Taken between the probe and the bind: every listener on a free port then.
    if (!isPortInUse(error)) throw error;
    out.write(`demo: ${error.message.split('\n')[0]}; using free ports\n`);
    receiver = await startReceiver({ host: HOST, print, ...FREE_PORTS });
  }
  return receiver;
}

module.exports = { startDemoReceiver, uiUrl };

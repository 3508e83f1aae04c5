// The smallest app for tests about the kit's start: a node:http server that prints the
// `listening on <port>` line startService waits for. Written into a temp directory as server.js.
export const PLAIN_HTTP_SERVER =
  "const s = require('node:http').createServer((q, r) => r.end('ok')).listen(0, '127.0.0.1', () => console.log('listening on ' + s.address().port));\n";

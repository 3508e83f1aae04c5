'use strict';
// Preload for bench/profile/variants.js: no tracing at all, only what every OpenTelemetry
// context manager on Node 20 switches on: an AsyncLocalStorage in use, which makes Node run
// its async hooks for every promise and resource the app creates, and a context per request.
const { AsyncLocalStorage } = require('node:async_hooks');
const http = require('node:http');

const storage = new AsyncLocalStorage();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event !== 'request') return emit.call(this, event, ...args);
  return storage.run({ request: args[0] }, () => emit.call(this, event, ...args));
};

'use strict';
/**
 * Preloaded (`--require`) into every server a benchmark starts (bench/lib/app-process.js): the
 * server listens on PORT=0, a port the system picks free, and this tells the parent which one.
 * The first HTTP server that starts listening sends `{ listening: { address, port } }` over the
 * IPC channel, which is then closed. Plain net servers (the app's preflight probes the port with
 * one) are not HTTP servers and are skipped.
 */
const { tracingChannel } = require('node:diagnostics_channel');
const { Server } = require('node:http');

const listen = tracingChannel('net.server.listen');
const handlers = {
  asyncEnd({ server }) {
    if (!(server instanceof Server) || !process.connected) return;
    listen.unsubscribe(handlers);
    const { address, port } = server.address();
    process.send({ listening: { address, port } }, () => process.disconnect());
  },
};
listen.subscribe(handlers);

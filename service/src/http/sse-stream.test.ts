import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { SseStream } from './sse-stream';

describe('SseStream', () => {
  let server: Server;
  let url: string;
  let lastStream: SseStream | null = null;
  let heartbeats = 0;
  let closed: Promise<void>;

  before(async () => {
    const app = express();
    app.get('/events', (_req, res) => {
      const stream = new SseStream(res, { heartbeatMs: 20, onHeartbeat: () => (heartbeats += 1) });
      lastStream = stream;
      closed = new Promise((resolve) => stream.signal.addEventListener('abort', () => resolve(), { once: true }));
      stream.open({ 'X-Extra': 'yes' });
      void stream
        .send('token', { type: 'token', content: 'Hi', metadata: null })
        .then(() => stream.send('done', { type: 'done', content: '', metadata: { n: 1 } }));
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the headers at once, numbered events and heartbeat comments', async () => {
    heartbeats = 0;
    const response = await fetch(url);
    expect(response.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).to.equal('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).to.equal('no');
    expect(response.headers.get('x-extra')).to.equal('yes');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    expect(text).to.match(
      /^id: 1\nevent: token\ndata: \{"type":"token","content":"Hi","metadata":null\}\n\nid: 2\nevent: done\ndata: \{"type":"done","content":"","metadata":\{"n":1\}\}\n\n/,
    );
    expect(heartbeats).to.be.at.least(1);
    await reader.cancel();
  });

  it('aborts its signal when the client goes away, and stops writing', async () => {
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await closed;
    expect(lastStream?.signal.aborted).to.equal(true);
    expect(lastStream?.isOpen).to.equal(false);
    await lastStream?.send('token', { type: 'token', content: 'late', metadata: null });
  });
});

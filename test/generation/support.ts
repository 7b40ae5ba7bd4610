import { expect } from 'chai';
import sharp from 'sharp';
import { io, type Socket } from 'socket.io-client';
import type { AuraStreamClient } from '@aurastream/contract';
import type { TestService } from '@aurastream/service/testing';

export type Api = AuraStreamClient;
export type Job = Awaited<ReturnType<Api['generation']['getJob']>>;
export type Asset = Awaited<ReturnType<Api['assets']['get']>>;
export type Dimensions = Awaited<ReturnType<Api['twitch']['dimensions']>>['assetTypes'][number];

const ACTIVE = new Set(['queued', 'processing']);

/** Polls `probe` until `done` holds; fails with the last value seen if it never does. */
export async function pollUntil<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  for (;;) {
    const value = await probe();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      // the last value, cut short: a whole metrics scrape would bury the rest of the run's output
      const last = JSON.stringify(value) ?? String(value);
      const shown = last.length > 2000 ? `${last.slice(0, 2000)}… (${last.length} characters)` : last;
      throw new Error(`gave up waiting for ${options.what ?? 'a condition'}; last: ${shown}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}

/** Polls the job endpoint until the job has ended. */
export async function waitForJobEnd(api: Api, jobId: string): Promise<Job> {
  return pollUntil(
    () => api.generation.getJob({ params: { id: jobId } }),
    (job) => !ACTIVE.has(job.status),
    { what: `job ${jobId} to end` },
  );
}

/** The dimensions table as the service serves it, by asset type (Twitch and generic). */
export async function dimensionsTable(api: Api): Promise<Map<string, Dimensions>> {
  const table = await api.twitch.dimensions();
  return new Map([...table.assetTypes, ...table.genericAssetTypes].map((entry) => [entry.assetType, entry]));
}

/**
 * Downloads an asset's file and checks it against the dimensions table: real pixel size (read back
 * with sharp), format, alpha channel where the type is transparent, and Twitch's byte limit.
 */
export async function expectFileMatchesDimensions(asset: Asset, table: Map<string, Dimensions>): Promise<Buffer> {
  const dimensions = table.get(asset.assetType);
  expect(dimensions, `dimensions of ${asset.assetType}`).to.not.equal(undefined);
  const size = dimensions!.sizes.find((candidate) => candidate.label === asset.generationParams.sizeLabel);
  expect(size, `size ${asset.generationParams.sizeLabel} of ${asset.assetType}`).to.not.equal(undefined);
  const response = await fetch(asset.url);
  expect(response.status, asset.url).to.equal(200);
  const data = Buffer.from(await response.arrayBuffer());
  const metadata = await sharp(data).metadata();
  expect({ width: metadata.width, height: metadata.height }).to.deep.equal({
    width: size!.width,
    height: size!.height,
  });
  expect({ width: asset.width, height: asset.height }).to.deep.equal({ width: size!.width, height: size!.height });
  expect(metadata.format).to.equal(asset.format === 'jpeg' ? 'jpeg' : 'png');
  expect(dimensions!.acceptedFormats).to.include(asset.format);
  if (dimensions!.transparent) {
    expect(metadata.hasAlpha, `${asset.assetType} ${size!.label} has an alpha channel`).to.equal(true);
  }
  expect(data.length).to.equal(asset.fileSize);
  expect(data.length, `${asset.assetType} ${size!.label} bytes`).to.be.at.most(dimensions!.maxBytes);
  return data;
}

/** A signed-in socket.io connection recording every event it receives. */
export interface RealtimeClient {
  socket: Socket;
  events: Array<{ event: string; payload: unknown }>;
  /** Resolves with the first recorded (or future) event that matches. */
  waitFor(event: string, matches?: (payload: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  close(): void;
}

export async function connectRealtime(url: string, token: string): Promise<RealtimeClient> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: Array<{ event: string; payload: unknown }> = [];
  const waiters: Array<{ event: string; matches: (payload: unknown) => boolean; resolve: (payload: unknown) => void }> =
    [];
  socket.onAny((event: string, payload: unknown) => {
    events.push({ event, payload });
    for (const waiter of [...waiters]) {
      if (waiter.event === event && waiter.matches(payload)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(payload);
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    waitFor(event, matches = () => true, timeoutMs = 45_000) {
      const seen = events.find((entry) => entry.event === event && matches(entry.payload));
      if (seen) {
        return Promise.resolve(seen.payload);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          event,
          matches,
          resolve: (payload) => {
            clearTimeout(timer);
            resolve(payload);
          },
        });
      });
    },
    close() {
      socket.disconnect();
    },
  };
}

/** The `job` of a `job.*` event payload (snake_case, as socket.io delivers it). */
export function jobOfEvent(payload: unknown): { id: string; status: string; completed_assets: number } {
  return (payload as { job: { id: string; status: string; completed_assets: number } }).job;
}

/**
 * Waits until no worker holds the Agenda job of a generation job any more (it ran to its end and
 * was removed), so a test can check what the job left behind.
 */
export async function waitForWorkerToLetGo(app: TestService, jobId: string): Promise<void> {
  const db = app.service.infra.mongo.connection.db;
  if (!db) {
    throw new Error('no database connection');
  }
  await pollUntil(
    () => db.collection('agenda_jobs').countDocuments({ 'data.job_id': jobId }),
    (count) => count === 0,
    { what: `the worker to finish with job ${jobId}` },
  );
}

import { parentPort } from 'node:worker_threads';
import { renderMaster } from './render-master';
import type { RenderRequest } from './types';

/** Messages between the render pool and a worker thread. */
export interface RenderTask {
  id: number;
  request: RenderRequest;
}

export type RenderTaskResult =
  | { id: number; ok: true; width: number; height: number; data: Uint8Array; pixelArt: boolean; text: string[] }
  | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) {
  throw new Error('render-worker runs only as a worker thread');
}

port.on('message', (task: RenderTask) => {
  // structured cloning turns the logo Buffer into a plain Uint8Array
  const logo = task.request.brand?.logo;
  const request: RenderRequest = task.request.brand
    ? {
        ...task.request,
        brand: {
          ...task.request.brand,
          logo: logo ? Buffer.from(logo.buffer, logo.byteOffset, logo.byteLength) : null,
        },
      }
    : task.request;
  renderMaster(request).then(
    ({ image, pixelArt, text }) => {
      const result: RenderTaskResult = {
        id: task.id,
        ok: true,
        width: image.width,
        height: image.height,
        data: image.data,
        pixelArt,
        text,
      };
      port.postMessage(result, [image.data.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      const result: RenderTaskResult = {
        id: task.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(result);
    },
  );
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { AnyAssetType } from '@aurastream/contract';
import type { RenderRequest } from '@aurastream/service/rendering';
import { testLogger } from '@aurastream/service/testing';

/** The logger of providers under test: into the run's test logs. */
export const quietLogger = testLogger('rendering');

export function request(assetType: AnyAssetType, overrides: Partial<RenderRequest> = {}): RenderRequest {
  return {
    asset_type: assetType,
    prompt: 'hype emote for my cozy valorant community, mon wed fri 7pm',
    style_preset: null,
    text: null,
    variation: 0,
    seed: 'job-0001',
    brand: null,
    channel: {
      broadcaster_name: 'PixelPaladin',
      category_name: 'VALORANT',
      title: 'Road to Radiant: ranked all night',
    },
    ...overrides,
  };
}

export interface DecodedFile {
  width: number;
  height: number;
  format: string | undefined;
  hasAlpha: boolean;
  /** Alpha of the four corner pixels. */
  cornerAlpha: number[];
}

export async function decode(data: Buffer): Promise<DecodedFile> {
  const metadata = await sharp(data).metadata();
  const { data: pixels, info } = await sharp(data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const corners = [0, info.width - 1, (info.height - 1) * info.width, info.height * info.width - 1];
  return {
    width: metadata.width,
    height: metadata.height,
    format: metadata.format,
    hasAlpha: metadata.hasAlpha,
    cornerAlpha: corners.map((pixel) => pixels[pixel * 4 + 3] ?? -1),
  };
}

/** Raw RGBA of an image, for pixel comparisons. */
export async function pixels(data: Buffer): Promise<Buffer> {
  return sharp(data).ensureAlpha().raw().toBuffer();
}

const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results/rendering');

/** Keeps a rendered file for a person to look at. */
export function saveSample(name: string, data: Buffer): void {
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, name), data);
}

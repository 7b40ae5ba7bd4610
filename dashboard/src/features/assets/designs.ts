import { DesignGrouping } from '@aurastream/contract';
import type { Asset } from '../../api/types';

/**
 * A design: one variation of one job, in every size it was made at. The library shows designs, not
 * files, because a streamer thinks "my GG emote", not "the 56 px PNG of it".
 */
export interface Design {
  key: string;
  jobId: string;
  variation: number;
  assetType: Asset['assetType'];
  /** The largest file, used as the preview. */
  preview: Asset;
  /** Every size, largest first. */
  sizes: Asset[];
  isPublic: boolean;
  createdAt: string;
  prompt: string | null;
  /** Legibility score at the smallest size (emotes, badges); null for other types. */
  viralScore: number | null;
  legibility: string | null;
  aiGenerated: boolean;
}

/** Groups files into designs (the contract's rule), keeping the newest-first order of the files. */
export function groupDesigns(assets: Asset[]): Design[] {
  const grouping = new DesignGrouping<Asset>((asset) => ({
    jobId: asset.jobId,
    variation: asset.generationParams.variation,
    width: asset.width,
    height: asset.height,
  }));
  grouping.add(assets);
  return grouping.list().map(({ key, files: sizes }) => {
    const preview = sizes[0]!;
    const scored = sizes.find((file) => file.viralScore !== null);
    return {
      key,
      jobId: preview.jobId,
      variation: preview.generationParams.variation,
      assetType: preview.assetType,
      preview,
      sizes,
      isPublic: sizes.every((file) => file.isPublic),
      createdAt: sizes.reduce((newest, file) => (file.createdAt > newest ? file.createdAt : newest), preview.createdAt),
      // the streamer's own words, never the prompt composed for the renderer
      prompt: preview.generationParams.requestPrompt ?? null,
      viralScore: scored?.viralScore ?? null,
      legibility: scored?.generationParams.legibilityExplanation ?? null,
      aiGenerated: preview.generationParams.aiGenerated,
    };
  });
}

/**
 * The file chat shows: the smallest size of a design the service scored for legibility (an emote's
 * 28 px, a badge's 18 px); null for types that are never seen that small.
 */
export function chatFile(design: Design): Asset | null {
  return design.viralScore === null ? null : (design.sizes.at(-1) ?? null);
}

/** The best-reading designs first; unscored designs and ties keep their variation order. */
export function bestFirst(designs: readonly Design[]): Design[] {
  return [...designs].sort((a, b) => (b.viralScore ?? -1) - (a.viralScore ?? -1) || a.variation - b.variation);
}

/** Downloads a file under a readable name (same-origin files honour `download`). */
export function downloadFile(url: string, filename: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** What a tile shows: the design's thumbnail when its largest file is bigger than a tile. */
export function tileUrl(design: Design): string {
  return design.preview.thumbnailUrl ?? design.preview.url;
}

export function fileName(asset: Asset): string {
  return `${asset.assetType}_${asset.width}x${asset.height}.${asset.format === 'jpeg' ? 'jpg' : 'png'}`;
}

import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import type { Asset } from '../assets/asset.repository';
import { packEntryName, packReadme, writePackArchive } from './pack-archive';

function asset(type: Asset['generation_params']['twitch_asset_type'], size: string, variation = 1): Asset {
  return {
    format: 'png',
    created_at: new Date('2026-01-01T00:00:00Z'),
    generation_params: { twitch_asset_type: type, size_label: size, variation },
  } as Asset;
}

describe('pack archive', () => {
  it('names files the way a streamer uploads them to Twitch', () => {
    expect(packEntryName(asset('emote', '112x112'))).to.equal('emotes/emote_112x112.png');
    expect(packEntryName(asset('badge', '18x18'))).to.equal('badges/badge_18x18.png');
    expect(packEntryName(asset('banner', '1200x480'))).to.equal('profile/profile_banner_1200x480.png');
    expect(packEntryName(asset('starting_soon', '1920x1080'))).to.equal('scenes/starting_soon_1920x1080.png');
    expect(packEntryName(asset('emote', '28x28', 2))).to.equal('emotes/emote_28x28_v2.png');
  });

  it('explains in the README where each file goes', () => {
    const readme = packReadme('starter', [{ type: 'emote', names: ['emotes/emote_112x112.png'] }]);
    expect(readme).to.include('Emote → Creator Dashboard → Viewer Rewards → Emotes');
    expect(readme).to.include('  emotes/emote_112x112.png');
  });

  it('streams a zip holding every file and the README', async () => {
    const output = new PassThrough();
    const chunks: Buffer[] = [];
    output.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writePackArchive(output, 'starter', [{ asset: asset('emote', '56x56'), data: Buffer.from('png bytes') }]);
    const zip = Buffer.concat(chunks);
    expect(zip.subarray(0, 4)).to.deep.equal(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(zip.includes('emotes/emote_56x56.png')).to.equal(true);
    expect(zip.includes('README.txt')).to.equal(true);
    expect(zip.includes('png bytes')).to.equal(true);
  });
});

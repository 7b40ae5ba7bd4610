import { expect } from 'chai';
import { preferences, rememberPrompt, updatePreferences } from './preferences';

const storageKey = 'aurastream:preferences:v1';

/** Another tab wrote the preferences: the browser tells this one with a storage event. */
function writtenByAnotherTab(value: string): void {
  localStorage.setItem(storageKey, value);
  window.dispatchEvent(new StorageEvent('storage', { key: storageKey, newValue: value }));
}

describe('preferences', () => {
  beforeEach(() => writtenByAnotherTab('{}'));

  it('remembers what the streamer picked last, in localStorage', () => {
    updatePreferences({ lastBrandKitId: 'kit-1', lastVariations: 3 });
    const stored = JSON.parse(localStorage.getItem(storageKey)!) as Record<string, unknown>;
    expect(stored).to.include({ lastBrandKitId: 'kit-1', lastVariations: 3 });
  });

  it('keeps recent prompts per asset type: trimmed, newest first, no repeats, at most 8', () => {
    for (let index = 1; index <= 9; index += 1) {
      rememberPrompt('emote', `idea ${index}`);
    }
    rememberPrompt('emote', '  idea 3  ');
    rememberPrompt('emote', '   ');
    rememberPrompt('badge', 'a crown');
    const history = preferences.get().promptHistory;
    expect(history.emote).to.deep.equal([
      'idea 3',
      'idea 9',
      'idea 8',
      'idea 7',
      'idea 6',
      'idea 5',
      'idea 4',
      'idea 2',
    ]);
    expect(history.badge).to.deep.equal(['a crown']);
  });

  it('takes up what another tab saved, filling what it lacks with the defaults', () => {
    writtenByAnotherTab(JSON.stringify({ lastPackType: 'pro' }));
    expect(preferences.get()).to.include({ lastPackType: 'pro', lastVariations: 1, celebrationSound: false });
  });

  it('starts from the defaults when the stored value is corrupted', () => {
    updatePreferences({ lastVariations: 4 });
    writtenByAnotherTab('{not json');
    expect(preferences.get()).to.include({ lastVariations: 1, lastBrandKitId: null });
  });
});

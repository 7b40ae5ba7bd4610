import { expect } from 'chai';
import { matchScore, rankCommands, type RankableCommand } from './command-ranking';

/** The palette's own commands (command-palette.tsx), as far as ranking sees them. */
const commands: RankableCommand[] = [
  { id: 'nav-home', title: 'Dashboard', keywords: 'home overview' },
  { id: 'nav-assets', title: 'Asset library' },
  { id: 'nav-kits', title: 'Brand kits' },
  { id: 'nav-coach', title: 'Prompt Coach', keywords: 'ai help' },
  { id: 'nav-settings', title: 'Settings', keywords: 'profile password account twitch' },
  { id: 'new-asset', title: 'New asset', keywords: 'generate emote badge' },
  { id: 'new-emote', title: 'New emote', keywords: 'generate' },
  { id: 'new-pack', title: 'New asset pack', keywords: 'starter pro complete' },
  { id: 'new-kit', title: 'New brand kit' },
  { id: 'shortcuts', title: 'Keyboard shortcuts' },
  { id: 'sign-out', title: 'Sign out' },
];
const ids = (query: string, recent: string[] = []) =>
  rankCommands(commands, query, recent).map((command) => command.id);

describe('command palette ranking', () => {
  it('finds a command by letters in order, not only by a prefix', () => {
    expect(matchScore('bk', 'Brand kits')).to.be.greaterThan(0);
    expect(matchScore('kb', 'Brand kits')).to.equal(0);
    expect(ids('sett')[0]).to.equal('nav-settings');
    expect(ids('lib')).to.deep.equal(['nav-assets']);
  });

  it('scores letters in a row above letters at word starts above scattered letters', () => {
    // the first letter of the text counts as following the (empty) start
    expect(matchScore('br', 'brand')).to.equal(3 + 3);
    expect(matchScore('bk', 'brand kits')).to.equal(3 + 2);
    expect(matchScore('ba', 'brand')).to.equal(3 + 1);
  });

  it('puts the tightest match first: "bk" is Brand kits before New brand kit', () => {
    expect(ids('bk').slice(0, 2)).to.deep.equal(['nav-kits', 'new-kit']);
  });

  it('finds commands by their keywords too, below the same match in a title', () => {
    expect(ids('twitch')).to.deep.equal(['nav-settings']);
    expect(ids('emote').slice(0, 2)).to.deep.equal(['new-emote', 'new-asset']);
    expect(matchScore('emote', 'New emote')).to.equal(matchScore('emote', 'generate emote badge'));
  });

  it('keeps the usual order between equally good matches', () => {
    expect(ids('new')).to.deep.equal(['new-asset', 'new-emote', 'new-pack', 'new-kit']);
  });

  it('lists nothing when nothing matches', () => {
    expect(ids('zzz')).to.deep.equal([]);
  });

  it('opens with the three most recent commands, then the rest in their usual order', () => {
    const list = rankCommands(commands, '', ['sign-out', 'gone-command', 'nav-kits', 'new-pack', 'nav-home']);
    expect(list.slice(0, 4).map((command) => [command.id, command.recent])).to.deep.equal([
      ['sign-out', true],
      ['nav-kits', true],
      ['new-pack', true],
      ['nav-home', false],
    ]);
    expect(list).to.have.length(commands.length);
    expect(list.filter((command) => command.recent)).to.have.length(3);
  });
});

import { expect } from 'chai';
import { flush, mount, rerender, unmountAll } from '../../../testing/render';
import { RewardSettingsForm, type RewardForm } from './reward-settings-form';

const savedReward: RewardForm = {
  title: 'Suggest an emote',
  cost: 500,
  prompt: 'Describe the emote you want',
  globalCooldownSeconds: 60,
  maxPerStream: null,
};

function type(root: HTMLElement, label: string, value: string): void {
  const labelElement = [...root.querySelectorAll('label')].find((element) => element.textContent?.startsWith(label))!;
  const input = root.querySelector<HTMLInputElement>(`#${labelElement.htmlFor}`)!;
  flush(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const valueOf = (root: HTMLElement, label: string): string => {
  const labelElement = [...root.querySelectorAll('label')].find((element) => element.textContent?.startsWith(label))!;
  return root.querySelector<HTMLInputElement>(`#${labelElement.htmlFor}`)!.value;
};

describe('the reward settings form', () => {
  afterEach(unmountAll);

  it('keeps what the streamer typed when the reward is read again, and follows the fields they left alone', () => {
    const saves: RewardForm[] = [];
    const form = (saved: RewardForm) => (
      <RewardSettingsForm saved={saved} busy={false} onSave={(value) => saves.push(value)} />
    );
    const root = mount(form({ ...savedReward }));
    type(root, 'Cost', '250');
    // the page renders again with the reward as Twitch now has it: a new object, a new title
    rerender(root, form({ ...savedReward, title: 'Ask for an emote' }));
    expect(valueOf(root, 'Cost')).to.equal('250');
    expect(valueOf(root, 'Title')).to.equal('Ask for an emote');
    flush(() => root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    expect(saves).to.deep.equal([{ ...savedReward, title: 'Ask for an emote', cost: 250 }]);
  });

  it('has nothing to save once the reward holds what was typed', () => {
    const form = (saved: RewardForm) => <RewardSettingsForm saved={saved} busy={false} onSave={() => undefined} />;
    const root = mount(form({ ...savedReward }));
    const save = () => [...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Save reward'))!;
    expect(save().disabled).to.equal(true);
    type(root, 'Cost', '250');
    expect(save().disabled).to.equal(false);
    rerender(root, form({ ...savedReward, cost: 250 }));
    expect(save().disabled).to.equal(true);
    // a later change on Twitch shows, as the field is no longer being edited
    rerender(root, form({ ...savedReward, cost: 300 }));
    expect(valueOf(root, 'Cost')).to.equal('300');
  });
});

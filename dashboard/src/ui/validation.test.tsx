import { expect } from 'chai';
import { act, eventually, mount, rerender, settle, unmountAll } from '../testing/render';
import { passwordStrength, rules, useValidation, type Rule } from './validation';

type Verdict = ReturnType<typeof useValidation>;

describe('validation rules', () => {
  it('answer null for a good value and what is wrong otherwise', () => {
    expect(rules.required('Your name')('  ')).to.equal('Your name is required');
    expect(rules.required()('Nova')).to.equal(null);
    expect(rules.email()('nova@example.test')).to.equal(null);
    expect(rules.email()('nova@')).to.match(/e-mail address like/);
    expect(rules.minLength(8, 'Your password')('short')).to.equal('Your password needs at least 8 characters');
    expect(rules.maxLength(3)('abcd')).to.equal('It can have at most 3 characters');
    expect(rules.hexColor()('#9146ff')).to.equal(null);
    expect(rules.hexColor()('9146FF')).to.equal(null);
    expect(rules.hexColor()('#fff')).to.equal(null);
    expect(rules.hexColor()('#12345')).to.equal('Use a hex colour like #9146FF');
  });

  it('count bytes, not characters, where the service does (bcrypt reads 72 bytes)', () => {
    expect(rules.maxBytes(72)('a'.repeat(72))).to.equal(null);
    expect(rules.maxBytes(72)('é'.repeat(37))).to.equal('That is too long (at most 72 bytes)');
  });

  it('compare with another field, ignoring case where they must differ', () => {
    const email = () => 'Nova@Example.test';
    expect(rules.notEqual(email, 'Not your e-mail')('nova@example.test')).to.equal('Not your e-mail');
    expect(rules.notEqual(email, 'Not your e-mail')('')).to.equal(null);
    expect(rules.equal(() => 'secret-1', 'They differ')('secret-2')).to.equal('They differ');
  });

  it('rate passwords from 0 (empty) to 4 (long, mixed case, digits and symbols)', () => {
    expect(
      ['', 'short', 'longenough', 'longenough12', 'LongEnough12', 'LongEnough12!'].map(passwordStrength),
    ).to.deep.equal([0, 1, 1, 2, 3, 4]);
  });
});

describe('useValidation', () => {
  afterEach(unmountAll);

  const required: Rule[] = [rules.required('A name')];
  function Probe({ value, force, seen }: { value: string; force?: boolean; seen: Verdict[] }) {
    const result = useValidation(value, required, { delay: 30, force });
    seen.push(result);
    return null;
  }
  const last = (seen: Verdict[]) => seen.at(-1)!;

  it('stays quiet for an untouched field, then checks after the streamer pauses typing', async () => {
    const seen: Verdict[] = [];
    const root = mount(<Probe value="" seen={seen} />);
    expect(last(seen).status).to.equal('idle');
    rerender(root, <Probe value="N" seen={seen} />);
    rerender(root, <Probe value="No" seen={seen} />);
    expect(last(seen).status).to.equal('checking');
    await act(() => settle(60));
    expect(last(seen)).to.include({ status: 'valid', message: null, isValid: true });
  });

  it('keeps an error shown while the streamer fixes it, instead of flickering to "checking"', async () => {
    const seen: Verdict[] = [];
    const root = mount(<Probe value="x" seen={seen} />);
    rerender(root, <Probe value="" seen={seen} />);
    await act(() => settle(60));
    expect(last(seen)).to.include({ status: 'invalid', message: 'A name is required' });
    rerender(root, <Probe value="N" seen={seen} />);
    expect(last(seen).status).to.equal('invalid');
    await act(() => settle(60));
    expect(last(seen).status).to.equal('valid');
  });

  it('gives the verdict at once on submit, even for a field never touched', async () => {
    const seen: Verdict[] = [];
    const root = mount(<Probe value="" seen={seen} />);
    rerender(root, <Probe value="" force seen={seen} />);
    await eventually(() => expect(last(seen)).to.include({ status: 'invalid', message: 'A name is required' }));
    expect(last(seen).firstProblem).to.equal('A name is required');
  });
});

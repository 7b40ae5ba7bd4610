import { expect } from 'chai';
import { mount, unmountAll } from '../testing/render';
import { Link, currentLocation, matchPath, navigate } from './router';

describe('router', () => {
  afterEach(() => {
    unmountAll();
    navigate('/', { replace: true });
  });

  it('matches a path against a pattern and decodes its parameters', () => {
    expect(matchPath('/brand-kits/:id', '/brand-kits/a%20b')).to.deep.equal({ id: 'a b' });
    expect(matchPath('/brand-kits/new', '/brand-kits/new')).to.deep.equal({});
    expect(matchPath('/brand-kits/:id', '/brand-kits')).to.equal(null);
    expect(matchPath('/brand-kits/:id', '/assets/1')).to.equal(null);
  });

  it('navigates without reloading: a new history entry, or the same one replaced for a redirect', () => {
    const before = history.length;
    navigate('/assets?open=1');
    expect(currentLocation()).to.include({ path: '/assets' });
    expect(currentLocation().query.get('open')).to.equal('1');
    expect(history.length).to.equal(before + 1);
    navigate('/login', { replace: true });
    expect(currentLocation().path).to.equal('/login');
    expect(history.length).to.equal(before + 1);
  });

  it('follows the browser back and forward (the location the browser moved to, on popstate)', () => {
    navigate('/assets');
    history.replaceState(null, '', '/create?type=emote');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(currentLocation().path).to.equal('/create');
    expect(currentLocation().query.get('type')).to.equal('emote');
  });

  it('has links navigate in the app on a plain click, and leave modified clicks to the browser', () => {
    const root = mount(<Link href="/coach">Coach</Link>);
    const link = root.querySelector('a')!;
    const plain = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(plain);
    expect(plain.defaultPrevented).to.equal(true);
    expect(currentLocation().path).to.equal('/coach');

    navigate('/', { replace: true });
    const newTab = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ctrlKey: true });
    link.dispatchEvent(newTab);
    expect(newTab.defaultPrevented).to.equal(false);
    expect(currentLocation().path).to.equal('/');
  });
});

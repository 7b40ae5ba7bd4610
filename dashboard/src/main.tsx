import { render } from 'preact';
import { App } from './app';
import './styles/tokens.css';
import './styles/base.css';
import './styles/components.css';
import './styles/widgets.css';
import './styles/shell.css';
import './styles/auth.css';
import './styles/pages.css';
import './styles/kits.css';
import './styles/create.css';
import './styles/chat-preview.css';
import './styles/overlays.css';
import './styles/features.css';
import './styles/live.css';
import './styles/responsive.css';

const root = document.getElementById('app');
if (root) {
  render(<App />, root);
}

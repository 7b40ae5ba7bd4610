import { render } from 'preact';
import { findTwitchHelper } from '../panel/twitch-helper';
import { ConfigApp } from './config-app';
import '../panel/panel.css';
import './config.css';

const root = document.getElementById('config');
if (root) {
  render(<ConfigApp helper={findTwitchHelper()} />, root);
}

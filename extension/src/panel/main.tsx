import { render } from 'preact';
import { PanelAnalytics } from './analytics';
import { PanelApp } from './panel-app';
import { findTwitchHelper } from './twitch-helper';
import './panel.css';

const root = document.getElementById('panel');
if (root) {
  render(<PanelApp helper={findTwitchHelper()} analytics={new PanelAnalytics()} />, root);
}

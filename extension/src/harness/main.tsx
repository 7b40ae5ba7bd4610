import { render } from 'preact';
import { HarnessApp } from './harness-app';
import './harness.css';

const root = document.getElementById('harness');
if (root) {
  render(<HarnessApp />, root);
}

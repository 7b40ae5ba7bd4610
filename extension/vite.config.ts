import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const service = process.env.AURASTREAM_SERVICE_URL ?? 'http://localhost:8080';
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/**
 * Two pages: `panel.html`, the view Twitch loads in a channel's panel, and `index.html`, the test
 * harness that embeds it. `base: './'` because Twitch serves the files from its CDN under a path of
 * its own (and the service serves them at `/extension/`). In development Vite proxies the API.
 */
export default defineConfig({
  base: './',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      input: { index: page('index.html'), panel: page('panel.html') },
    },
  },
  server: {
    port: 5174,
    proxy: {
      '/api': { target: service, changeOrigin: true },
    },
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const service = process.env.AURASTREAM_SERVICE_URL ?? 'http://localhost:8080';
const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));
/** `npm run extension:package`: Twitch's upload holds the panel and config pages only, not the harness. */
const forTwitch = process.env.EXTENSION_BUILD === 'package';

/**
 * Three pages: `panel.html`, the view Twitch loads in a channel's panel; `config.html`, the
 * broadcaster's configuration page; and `index.html`, the test harness that embeds them (left out
 * of Twitch's package). `base: './'` because Twitch serves the files from its CDN under a path of
 * its own (and the service serves them at `/extension/`). In development Vite proxies the API.
 */
export default defineConfig({
  base: './',
  plugins: [preact()],
  build: {
    outDir: forTwitch ? 'package' : 'dist',
    emptyOutDir: true,
    // Twitch's review reads the code as shipped; source maps stay out of its package
    sourcemap: !forTwitch,
    target: 'es2022',
    rolldownOptions: {
      input: {
        ...(forTwitch ? {} : { index: page('index.html') }),
        panel: page('panel.html'),
        config: page('config.html'),
      },
    },
  },
  server: {
    port: 5174,
    proxy: {
      '/api': { target: service, changeOrigin: true },
    },
  },
});

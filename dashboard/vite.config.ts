import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const service = process.env.AURASTREAM_SERVICE_URL ?? 'http://localhost:8080';

/**
 * The dashboard is served by the service at `/`; in development Vite proxies the API to it.
 * The build writes a `.br` and a `.gz` beside every text file, which the service's static serving
 * (service/src/http/static-client.ts) sends to browsers that accept them; images and fonts are
 * compressed already. No source map is published.
 */
export default defineConfig({
  base: '/',
  plugins: [
    preact(),
    compression({
      include: /\.(js|mjs|css|html|svg|json|txt)$/,
      threshold: 256,
      algorithms: [defineAlgorithm('brotliCompress'), defineAlgorithm('gzip', { level: 9 })],
      skipIfLargerOrEqual: true,
      logLevel: 'silent',
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: service, changeOrigin: true },
      '/files': { target: service, changeOrigin: true },
      '/socket.io': { target: service, changeOrigin: true, ws: true },
    },
  },
});

import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const service = process.env.AURASTREAM_SERVICE_URL ?? 'http://localhost:8080';

/** The dashboard is served by the service at `/`; in development Vite proxies the API to it. */
export default defineConfig({
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
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

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into dist/ and served by the gateway, so the app and the API share one origin.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/graphql': 'http://127.0.0.1:4000', '/auth': 'http://127.0.0.1:4000' } },
});

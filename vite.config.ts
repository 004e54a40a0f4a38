import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    // The staff app; the small public front door (callback and screening) and the patient portal, both without the
    // staff app's libraries.
    rollupOptions: { input: { main: 'src/web/index.html', public: 'src/web/public.html', portal: 'src/web/portal.html' } },
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:3000' } },
});

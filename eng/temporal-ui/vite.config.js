import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// VITE_API empty: the UI calls the origin that served it (the emulator's --ui-port).
export default defineConfig({
  plugins: [sveltekit()],
  define: { 'import.meta.env.VITE_API': JSON.stringify('') },
  build: { chunkSizeWarningLimit: 8000 },
});

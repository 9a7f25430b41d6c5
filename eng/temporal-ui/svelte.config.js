import adapter from '@sveltejs/adapter-static';
import { sveltePreprocess } from 'svelte-preprocess';

/** A single-page app: every path falls back to index.html, which the emulator serves for the UI's routes. */
export default {
  preprocess: [sveltePreprocess({ postcss: true })],
  kit: {
    adapter: adapter({ fallback: 'index.html', pages: 'build', assets: 'build' }),
    prerender: { entries: [] },
  },
};

import temporal, { textStyles } from './node_modules/@temporalio/ui/dist/theme/plugin.js';
import defaultTheme from 'tailwindcss/defaultTheme';

/** Temporal's theme (the plugin the package ships), over our routes and the package's components. */
export default {
  content: ['./src/**/*.{html,js,svelte,ts}', './node_modules/@temporalio/ui/dist/**/*.{html,js,svelte,ts}'],
  darkMode: ['selector', '[data-theme="dark"]'],
  theme: {
    fontFamily: {
      sans: ['Inter', ...defaultTheme.fontFamily.sans],
      mono: ['Noto Sans Mono', ...defaultTheme.fontFamily.mono],
    },
  },
  plugins: [temporal, textStyles],
};

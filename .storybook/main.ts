import type { StorybookConfig } from '@storybook/web-components-vite';

/**
 * Storybook for the elements, on the fakes in `stories/`: no server, no network. The stories
 * import the element classes from `src/` and register the tags themselves.
 */
const config: StorybookConfig = {
  stories: ['../stories/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
  },
  viteFinal(viteConfig) {
    // Storybook's own preview runtime is a ~1 MB chunk in every build; the stories are small.
    return { ...viteConfig, build: { ...viteConfig.build, chunkSizeWarningLimit: 1200 } };
  },
};

export default config;

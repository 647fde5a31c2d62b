import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json';
import { PALETTES } from '../src/elements/internal/base.styles.js';
import { serveClientConfig } from '../stories/fake-meeting-client.js';
import { controlsFromManifestTypes, forControls, type Manifest } from './manifest.js';

// `npm run manifest` writes custom-elements.json from the elements' JSDoc; the Controls
// panel lists each element's attributes, events and CSS custom properties from it.
setCustomElementsManifest(forControls(manifest as Manifest));

const preview: Preview = {
  argTypesEnhancers: [controlsFromManifestTypes({ ThemeName: Object.keys(PALETTES) })],
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    layout: 'padded',
  },
  beforeAll() {
    // Storybook has no meeting server: the pre-join screen of a story without `server` asks
    // the page's own origin, which answers that nothing needs confirming.
    serveClientConfig(location.origin, { policy: null, ageGate: false });
  },
};

export default preview;
